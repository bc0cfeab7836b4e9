import type { Job, JobAck } from '../job';
import type { WorkerContext } from '../context';

/**
 * 到期提醒: a non-interrupting timer on a user task reached the task's due date. The
 * notification goes to the assignee, or to the task's candidate group when nobody holds it.
 * Keyed by the job, so a retried job notifies once.
 */
export async function taskReminder(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const step = job.customHeaders.step;
  if (!step) return job.fail({ errorMessage: '提醒任务缺少任务头 step', retries: 0 });
  const prisma = ctx.db.prisma;
  const task = await prisma.userTask.findFirst({ where: { instanceId: job.processInstanceKey, elementId: step, status: 'created' } });
  if (!task) return job.complete();
  await prisma.notification.upsert({
    where: { jobKey: job.key },
    update: {},
    create: {
      jobKey: job.key,
      kind: 'reminder',
      taskId: task.id,
      instanceId: task.instanceId,
      userId: task.assignee,
      role: task.assignee ? null : task.candidateRole,
      orgId: task.assignee ? null : task.candidateOrgId,
      orgPath: task.assignee ? null : task.candidateOrgPath,
      message: `任务“${task.name}”已到办理期限，请尽快办理`,
      createdAt: ctx.clock.now(),
    },
  });
  return job.complete();
}
