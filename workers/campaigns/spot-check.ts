/**
 * 专项督查 (SPEC §5.5, seed 四6): a reproducible random sample of files, each checked on the four
 * questions of the seed, and a follow-up of every negative finding. One `spot-check` instance
 * runs per spot check; these are its job handlers.
 */
import { z } from 'zod';
import type { Job, JobAck } from '../job';
import type { WorkerContext } from '../context';
import { parseJobVars } from './job-vars';

/** 帮扶对象准不准、帮扶机制实不实、资金使用好不好、脱困成效真不真. */
export { SPOT_CHECK_QUESTIONS, SPOT_CHECK_QUESTION_LABELS, type SpotCheckQuestion } from './vocabulary';
import { SPOT_CHECK_QUESTIONS, SPOT_CHECK_QUESTION_LABELS, type SpotCheckQuestion } from './vocabulary';

export type SpotCheckAnswers = Record<SpotCheckQuestion, { ok: boolean; notes: string }>;

/** A file needs follow-up when any of the four answers is no. */
export function isNegative(answers: SpotCheckAnswers): boolean {
  return SPOT_CHECK_QUESTIONS.some((q) => !answers[q].ok);
}

const Vars = z.object({ spotCheckId: z.string().min(1) });

/** 汇总督查发现: how many files have a negative answer (the gateway's input). */
export async function evaluateFindings(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = parseJobVars(job, Vars);
  if (!vars) return 'JOB_ACTION_ACKNOWLEDGEMENT';
  const prisma = ctx.db.prisma;
  const items = await prisma.spotCheckItem.findMany({ where: { spotCheckId: vars.spotCheckId }, select: { checkedAt: true, negative: true } });
  const unchecked = items.filter((i) => !i.checkedAt).length;
  if (unchecked) return job.fail({ errorMessage: `还有 ${unchecked} 份抽查档案未记录督查结果`, retries: 0 });
  const negative = items.filter((i) => i.negative).length;
  await prisma.spotCheck.update({ where: { id: vars.spotCheckId }, data: { status: negative ? 'following_up' : 'checked' } });
  return job.complete({ findings: { checked: items.length, negative } });
}

/** 督查结束: every negative finding has its follow-up recorded. */
export async function closeSpotCheck(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = parseJobVars(job, Vars);
  if (!vars) return 'JOB_ACTION_ACKNOWLEDGEMENT';
  const prisma = ctx.db.prisma;
  const open = await prisma.spotCheckItem.count({ where: { spotCheckId: vars.spotCheckId, negative: true, followUp: null } });
  if (open) return job.fail({ errorMessage: `还有 ${open} 份档案的问题未记录整改情况`, retries: 0 });
  await prisma.spotCheck.update({ where: { id: vars.spotCheckId }, data: { status: 'closed' } });
  return job.complete();
}
