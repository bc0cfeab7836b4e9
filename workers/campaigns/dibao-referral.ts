/**
 * 低保未覆盖名单 (SPEC §5.4, seed 二(一)4): filed households whose per-capita income is below
 * the dibao but who have no government dibao are collected per county-level union, confirmed by
 * the county and the city, and sent to civil affairs (民政); the answer is recorded per file.
 * One `dibao-referral` instance runs per county-level union; these are its job handlers.
 */
import { z } from 'zod';
import type { Job, JobAck } from '../job';
import type { WorkerContext } from '../context';
import { ApplicationSchema } from '../../api/applications/application.schema';
import { standardsRegion } from '../../api/applications/facts';
import { standardsFor } from '../../api/standards/standards';
import { shanghaiDate } from '../../api/time';
import { callDepartment } from '../crosscheck/connector';
import { coverageProblems, type Findings } from '../crosscheck/contract';
import { loadCrossCheckCase } from '../crosscheck/results';
import { MANUAL_CHECK, RETRY_BACKOFF_MS } from '../crosscheck/handlers';
import { parseJobVars } from './job-vars';

/** What civil affairs answered about a household: `DibaoReferralItem.answer`. */
export { REFERRAL_ANSWERS, REFERRAL_ANSWER_LABELS, type ReferralAnswer } from './vocabulary';
import { REFERRAL_ANSWERS, REFERRAL_ANSWER_LABELS, type ReferralAnswer } from './vocabulary';

/**
 * seed 二(一)4: 家庭人均收入低于低保标准而未得到低保覆盖. Monthly per-capita income and dibao
 * in fen; a household the declaration says is already a 低保户 is covered.
 */
export function isDibaoUncovered(file: { perCapitaMonthly: number; isDibaoHousehold: boolean }, dibao: number): boolean {
  return file.perCapitaMonthly < dibao && !file.isDibaoHousehold;
}

/**
 * Reads civil affairs' connector answer (docs/department-connectors.md): the household is
 * covered when anyone in it is a dibao recipient now; otherwise the case waits for civil
 * affairs' own determination. `not_eligible` only ever comes from a reply letter entered by hand.
 */
export function civilAffairsAnswer(findings: Findings<'civil_affairs'>): { answer: ReferralAnswer; note: string } {
  const recipient = findings.persons.find((p) => p.isDibao);
  if (recipient) return { answer: 'covered', note: `民政复核：已纳入最低生活保障${recipient.dibaoSince ? `（${recipient.dibaoSince}起）` : ''}` };
  return { answer: 'pending', note: '民政复核：尚未纳入最低生活保障，待民政部门审核认定' };
}

const Vars = z.object({ referralId: z.string().min(1) });

/** Collects the county's uncovered households on today's standards (fen, per person per month). */
export async function collectList(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = parseJobVars(job, Vars);
  if (!vars) return 'JOB_ACTION_ACKNOWLEDGEMENT';
  const prisma = ctx.db.prisma;
  const referral = await prisma.dibaoReferral.findUnique({ where: { id: vars.referralId } });
  if (!referral) return job.fail({ errorMessage: `低保未覆盖名单 ${vars.referralId} 不存在`, retries: 0 });
  const org = await prisma.org.findUniqueOrThrow({ where: { id: referral.orgId } });
  const files = await prisma.householdFile.findMany({
    where: { status: 'filed', orgPath: { startsWith: org.path } },
    select: { id: true, caseNo: true, perCapitaMonthly: true, form: true },
    orderBy: { caseNo: 'asc' },
  });
  const today = shanghaiDate(ctx.clock.now());
  const dibaoOf = new Map<string, number>();
  const items: Array<{ referralId: string; fileId: string; perCapita: number }> = [];
  const unreadable: string[] = [];
  for (const file of files) {
    const app = ApplicationSchema.safeParse(file.form);
    if (!app.success) {
      unreadable.push(file.caseNo);
      continue;
    }
    const region = standardsRegion(app.data);
    if (!dibaoOf.has(region)) {
      const standards = await standardsFor(prisma, region, today);
      // A missing standard is configuration: an incident for the process admin.
      if (!standards) return job.fail({ errorMessage: `未配置地区 ${region} 在 ${today} 的低保标准`, retries: 0 });
      dibaoOf.set(region, standards.dibao);
    }
    if (isDibaoUncovered({ perCapitaMonthly: file.perCapitaMonthly, isDibaoHousehold: app.data.income.isDibaoHousehold }, dibaoOf.get(region)!)) {
      items.push({ referralId: referral.id, fileId: file.id, perCapita: file.perCapitaMonthly });
    }
  }
  if (items.length) await prisma.dibaoReferralItem.createMany({ data: items, skipDuplicates: true });
  return job.complete({ referralList: { count: items.length, unreadable } });
}

/**
 * 交民政复核: over civil affairs' connector when one is configured (the same endpoint and
 * contract as the filing cross-checks), else BPMN error `MANUAL_CHECK` and the city enters the
 * reply letter's answers by hand. Answers already recorded are not asked again after a retry.
 */
export async function sendToCivilAffairs(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = parseJobVars(job, Vars);
  if (!vars) return 'JOB_ACTION_ACKNOWLEDGEMENT';
  const prisma = ctx.db.prisma;
  const now = ctx.clock.now();
  const referral = await prisma.dibaoReferral.findUnique({ where: { id: vars.referralId } });
  if (!referral) return job.fail({ errorMessage: `低保未覆盖名单 ${vars.referralId} 不存在`, retries: 0 });
  await prisma.dibaoReferral.updateMany({ where: { id: referral.id, sentAt: null }, data: { status: 'sent', sentAt: now } });
  const connector = await prisma.departmentConnector.findUnique({ where: { department: 'civil_affairs' } });
  if (!connector || connector.mode !== 'http' || !connector.url) {
    return job.error({ errorCode: MANUAL_CHECK, errorMessage: '民政部门未配置接口，转人工录入复核结果' });
  }
  const items = await prisma.dibaoReferralItem.findMany({ where: { referralId: referral.id, answer: null } });
  for (const item of items) {
    const loaded = await loadCrossCheckCase(prisma, item.fileId).catch((err: Error) => err);
    if (loaded instanceof Error || !loaded) return job.fail({ errorMessage: `档案 ${item.fileId} 无法读取: ${loaded?.message ?? '不存在'}`, retries: 0 });
    // Stable per household across retries, so civil affairs may answer a repeat from its cache.
    const request = { requestId: `${referral.id}:${item.fileId}`, caseNo: loaded.file.caseNo, persons: loaded.persons };
    const outcome = await callDepartment('civil_affairs', { url: connector.url, credential: connector.credential }, request);
    if (outcome.kind === 'retry') return job.fail({ errorMessage: outcome.message, retries: Math.max(0, job.retries - 1), retryBackOff: RETRY_BACKOFF_MS });
    if (outcome.kind === 'refused') return job.fail({ errorMessage: outcome.message, retries: 0 });
    const problems = coverageProblems(loaded.persons, outcome.findings);
    if (problems.length) return job.fail({ errorMessage: `民政部门接口应答不符合约定：${problems.join('；')}`, retries: 0 });
    const { answer, note } = civilAffairsAnswer(outcome.findings);
    await prisma.dibaoReferralItem.update({ where: { id: item.id }, data: { answer, note, answeredAt: now } });
  }
  return job.complete({ civilAffairs: { source: 'http', asked: items.length } });
}

/** Closes the referral once every household has civil affairs' answer. */
export async function closeReferral(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = parseJobVars(job, Vars);
  if (!vars) return 'JOB_ACTION_ACKNOWLEDGEMENT';
  const prisma = ctx.db.prisma;
  const items = await prisma.dibaoReferralItem.findMany({ where: { referralId: vars.referralId }, select: { answer: true } });
  const unanswered = items.filter((i) => !i.answer).length;
  if (unanswered) return job.fail({ errorMessage: `还有 ${unanswered} 户未记录民政复核结果`, retries: 0 });
  await prisma.dibaoReferral.updateMany({ where: { id: vars.referralId, answeredAt: null }, data: { status: 'answered', answeredAt: ctx.clock.now() } });
  const count = (a: ReferralAnswer) => items.filter((i) => i.answer === a).length;
  return job.complete({ referralResult: { covered: count('covered'), notEligible: count('not_eligible'), pending: count('pending') } });
}
