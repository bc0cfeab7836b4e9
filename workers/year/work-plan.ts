/**
 * 分类帮扶措施方案报备 (seed 四5): one `work-plan` instance per county-level union and year. The
 * submission and the review are recorded by the task forms (api/tasks/task-forms-campaigns.ts);
 * these handlers move the plan's status after the city's decision.
 */
import { z } from 'zod';
import type { Job, JobAck } from '../job';
import type { WorkerContext } from '../context';
import { parseJobVars } from '../campaigns/job-vars';

const Vars = z.object({ workPlanId: z.string().min(1) });

async function setStatus(job: Job, ctx: WorkerContext, status: 'returned' | 'accepted'): Promise<JobAck> {
  const vars = parseJobVars(job, Vars);
  if (!vars) return 'JOB_ACTION_ACKNOWLEDGEMENT';
  // idempotent: running the job twice writes the same status
  const { count } = await ctx.db.prisma.workPlan.updateMany({ where: { id: vars.workPlanId }, data: { status } });
  if (!count) return job.fail({ errorMessage: `分类帮扶措施方案 ${vars.workPlanId} 不存在`, retries: 0 });
  return job.complete();
}

/** 退回修改: the county union revises and submits again. */
export const workPlanReturned = (job: Job, ctx: WorkerContext) => setStatus(job, ctx, 'returned');
/** 方案备案: the city accepted the plan. */
export const workPlanAccepted = (job: Job, ctx: WorkerContext) => setStatus(job, ctx, 'accepted');
