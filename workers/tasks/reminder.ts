/**
 * Stalled tasks (SPEC §5.1, §7): each main-chain user task carries two non-interrupting timers,
 * one at its due date and one at its escalation date. They lead to these two handlers, which
 * look at the instance's open tasks themselves, so one reminder task serves every step.
 */
import type { Job, JobAck } from '../job';
import type { WorkerContext } from '../context';
import { loadCalendar } from '../../api/calendar/calendar';
import { workingDeadline } from '../calendar/working-days';

export async function taskReminder(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const prisma = ctx.db.prisma;
  const now = ctx.clock.now();
  const due = await prisma.userTask.findMany({ where: { instanceId: job.processInstanceKey, status: 'created', dueAt: { lte: now } } });
  for (const task of due) {
    // To the assignee, or to the task's candidate group when nobody holds it; once per task.
    await prisma.notification.upsert({
      where: { taskId_kind: { taskId: task.id, kind: 'reminder' } },
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
        createdAt: now,
      },
    });
  }
  return job.complete();
}

export async function taskEscalation(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const prisma = ctx.db.prisma;
  const now = ctx.clock.now();
  const stalled = await prisma.userTask.findMany({ where: { instanceId: job.processInstanceKey, status: 'created', followUpAt: { lte: now } } });
  for (const task of stalled) {
    // To the supervisors of the union above the one that should act.
    const org = task.candidateOrgId ? await prisma.org.findUnique({ where: { id: task.candidateOrgId }, include: { parent: true } }) : null;
    const upper = org?.parent ?? org;
    await prisma.notification.upsert({
      where: { taskId_kind: { taskId: task.id, kind: 'escalation' } },
      update: {},
      create: {
        jobKey: job.key,
        kind: 'escalation',
        taskId: task.id,
        instanceId: task.instanceId,
        role: 'supervisor',
        orgId: upper?.id ?? null,
        orgPath: upper?.path ?? null,
        message: `${org?.name ?? ''}的任务“${task.name}”已超过期限未办理，请督办`,
        createdAt: now,
      },
    });
  }
  return job.complete();
}

/** Defaults when a step has no configured deadline: 5 working days, escalation 3 later. */
export const DEFAULT_DEADLINE = { dueWorkingDays: 5, escalateWorkingDays: 3 };

/**
 * Computes the due and escalation dates of the step that follows, in working days from now, on
 * the working-day calendar and the per-step configuration. The user task reads them through
 * `zeebe:taskSchedule` and its two timers.
 */
export async function taskDeadline(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const step = job.customHeaders.step;
  if (!step) return job.fail({ errorMessage: '期限任务缺少任务头 step', retries: 0 });
  const prisma = ctx.db.prisma;
  const config =
    (await prisma.stepDeadline.findUnique({ where: { bpmnProcessId_elementId: { bpmnProcessId: job.bpmnProcessId, elementId: step } } })) ?? DEFAULT_DEADLINE;
  const calendar = await loadCalendar(prisma);
  const now = ctx.clock.now();
  const dueAt = workingDeadline(now, config.dueWorkingDays, calendar);
  const escalateAt = workingDeadline(new Date(dueAt.getTime() - 1), config.escalateWorkingDays, calendar);
  const deadlines = { ...((job.variables.deadlines as object | undefined) ?? {}), [step]: { dueAt: dueAt.toISOString(), escalateAt: escalateAt.toISOString() } };
  return job.complete({ deadlines });
}
