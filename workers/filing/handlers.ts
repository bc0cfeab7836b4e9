/**
 * Job handlers of the filing process (SPEC §5.1). Each parses its variables, calls a domain
 * function or a pure rule, and ends with exactly one of complete / error / fail. Side effects
 * are plain overwrites or keyed by the file, so a job that runs twice does no harm.
 */
import { z } from 'zod';
import type { Job, JobAck } from '../job';
import type { WorkerContext } from '../context';
import { ApplicationSchema } from '../../api/applications/application.schema';
import { assessApplication } from '../../api/eligibility/assess';
import { AppError } from '../../api/errors';
import { findConflict } from '../../api/files/conflicts';
import { nextCounter } from '../../api/counters';
import { shanghaiDate, shanghaiYear } from '../../api/time';
import { loadCalendar } from '../../api/calendar/calendar';
import { workingDeadline } from '../calendar/working-days';

const FileVars = z.object({ fileId: z.string().min(1) });

/** Bad variables are a modelling error: fail without retries so a supervisor sees an incident. */
function parseVars<T extends z.ZodType>(job: Job, schema: T): z.infer<T> | null {
  const parsed = schema.safeParse(job.variables);
  if (parsed.success) return parsed.data;
  void job.fail({ errorMessage: `流程变量无效: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, retries: 0 });
  return null;
}

export async function duplicateCheck(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = parseVars(job, FileVars);
  if (!vars) return 'JOB_ACTION_ACKNOWLEDGEMENT';
  const file = await ctx.db.prisma.householdFile.findUnique({ where: { id: vars.fileId }, include: { members: { select: { idNumber: true } } } });
  if (!file) return job.fail({ errorMessage: `档案 ${vars.fileId} 不存在`, retries: 0 });
  const conflict = await findConflict(ctx.db.prisma, [file.idNumber, ...file.members.map((m) => m.idNumber)], file.id);
  return job.complete({ duplicateCheck: { refused: conflict !== null, reason: conflict?.reason ?? null, message: conflict?.message ?? null } });
}

export async function eligibilityCheck(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = parseVars(job, FileVars);
  if (!vars) return 'JOB_ACTION_ACKNOWLEDGEMENT';
  const prisma = ctx.db.prisma;
  const file = await prisma.householdFile.findUnique({ where: { id: vars.fileId } });
  if (!file) return job.fail({ errorMessage: `档案 ${vars.fileId} 不存在`, retries: 0 });
  const app = ApplicationSchema.parse(file.form);
  const blacklisted = (await prisma.blacklist.count({ where: { idNumber: file.idNumber } })) > 0;
  let eligibility;
  try {
    eligibility = await assessApplication(prisma, app, shanghaiDate(ctx.clock.now()), { blacklisted });
  } catch (err) {
    // A missing standard is configuration, not a business outcome: an incident for the admin.
    if (err instanceof AppError) return job.fail({ errorMessage: err.message, retries: 0 });
    throw err;
  }
  await prisma.householdFile.update({ where: { id: file.id }, data: { eligibility: eligibility as any, perCapitaMonthly: eligibility.perCapitaMonthlyIncome } });
  // After the survey the decision before the visit stays beside the new one.
  const previous = job.variables.eligibility as { eligible: boolean; criteria: string[]; exclusions: string[]; perCapitaMonthlyIncome: number; summary: string } | undefined;
  const before = previous && { eligible: previous.eligible, criteria: previous.criteria, exclusions: previous.exclusions, perCapitaMonthlyIncome: previous.perCapitaMonthlyIncome, summary: previous.summary };
  return job.complete({ eligibility, ...(before && { eligibilityBefore: before }) });
}

const STATUSES = ['in_review', 'returned', 'filed', 'refused'] as const;

export async function setStatus(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = parseVars(job, FileVars);
  if (!vars) return 'JOB_ACTION_ACKNOWLEDGEMENT';
  const status = z.enum(STATUSES).safeParse(job.customHeaders.status);
  if (!status.success) return job.fail({ errorMessage: `任务头 status 无效: ${job.customHeaders.status}`, retries: 0 });
  await ctx.db.prisma.householdFile.update({ where: { id: vars.fileId }, data: { status: status.data } });
  return job.complete();
}

const RegisterVars = FileVars.extend({
  orgs: z.object({ county: z.string() }),
  report: z.object({ filingLevel: z.enum(['national', 'provincial', 'city', 'county', 'grassroots']) }).optional(),
});

/** 建档登记: the file number is issued once (a second run reuses it). */
export async function registerFile(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = parseVars(job, RegisterVars);
  if (!vars) return 'JOB_ACTION_ACKNOWLEDGEMENT';
  const now = ctx.clock.now();
  const level = vars.report?.filingLevel ?? 'national';
  const fileNo = await ctx.db.prisma.$transaction(async (tx) => {
    const file = await tx.householdFile.findUnique({ where: { id: vars.fileId } });
    if (!file) throw new Error(`档案 ${vars.fileId} 不存在`);
    if (file.fileNo) return file.fileNo;
    const year = shanghaiYear(now);
    const seq = await nextCounter(tx, `file:${vars.orgs.county}:${year}`);
    const no = `${vars.orgs.county}-${year}-${String(seq).padStart(6, '0')}`;
    await tx.householdFile.update({ where: { id: file.id }, data: { fileNo: no, status: 'filed', level, filedAt: now } });
    return no;
  });
  return job.complete({ fileNo, level });
}

const CloseVars = FileVars.extend({
  duplicateCheck: z.object({ refused: z.boolean(), message: z.string().nullable() }).optional(),
  lastDecision: z.object({ step: z.string(), stepName: z.string().optional(), decision: z.string(), comment: z.string().optional() }).optional(),
  untrueReport: z.object({ blacklisted: z.boolean() }).optional(),
});

/** 不予建档: the reason is the refusing step's own words. */
export async function closeRefused(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = parseVars(job, CloseVars);
  if (!vars) return 'JOB_ACTION_ACKNOWLEDGEMENT';
  const last = vars.lastDecision;
  const reason =
    (vars.duplicateCheck?.refused && vars.duplicateCheck.message) ||
    (vars.untrueReport?.blacklisted && `两次上报不实信息，申请人已列入建档黑名单：${last?.comment ?? ''}`) ||
    (last && ['refuse', 'untrue'].includes(last.decision) && `${last.stepName ?? last.step}不予建档：${last.comment ?? ''}`) ||
    '不予建档';
  await ctx.db.prisma.householdFile.update({ where: { id: vars.fileId }, data: { status: 'refused', closeReason: reason, closedAt: ctx.clock.now() } });
  return job.complete({ refusalReason: reason });
}

/** 公示 lasts this many working days unless the `publicity` step is configured otherwise. */
export const DEFAULT_PUBLICITY_WORKING_DAYS = 5;

/** 公示 (SPEC §5.1): the publicity ends after N working days on the working-day calendar. */
export async function startPublicity(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = parseVars(job, FileVars);
  if (!vars) return 'JOB_ACTION_ACKNOWLEDGEMENT';
  const prisma = ctx.db.prisma;
  const config = await prisma.stepDeadline.findUnique({ where: { bpmnProcessId_elementId: { bpmnProcessId: job.bpmnProcessId, elementId: 'publicity' } } });
  const days = config?.dueWorkingDays ?? DEFAULT_PUBLICITY_WORKING_DAYS;
  // Keyed by the job (issue 7): run again after a crash, the published end date stays; the next
  // publicity of the same file (after a return) is another job and sets its own date.
  const file = await prisma.householdFile.findUniqueOrThrow({ where: { id: vars.fileId }, select: { publicityEndsAt: true, publicityJobKey: true } });
  if (file.publicityJobKey === job.key && file.publicityEndsAt) return job.complete({ publicity: { days, endsAt: file.publicityEndsAt.toISOString() } });
  const endsAt = workingDeadline(ctx.clock.now(), days, await loadCalendar(prisma));
  await prisma.householdFile.update({ where: { id: vars.fileId }, data: { publicityEndsAt: endsAt, publicityJobKey: job.key } });
  return job.complete({ publicity: { days, endsAt: endsAt.toISOString() } });
}

const UntrueVars = FileVars.extend({ lastDecision: z.object({ step: z.string(), decision: z.literal('untrue'), comment: z.string() }) });

/**
 * 不实信息 (seed 一(三)5): every untrue report is recorded against the applicant's ID number;
 * the second one blacklists the applicant. Keyed by the job, so a retried job counts once.
 */
export async function recordUntrueReport(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = parseVars(job, UntrueVars);
  if (!vars) return 'JOB_ACTION_ACKNOWLEDGEMENT';
  const now = ctx.clock.now();
  const result = await ctx.db.prisma.$transaction(async (tx) => {
    const file = await tx.householdFile.findUniqueOrThrow({ where: { id: vars.fileId } });
    await tx.untrueReport.upsert({
      where: { jobKey: job.key },
      update: {},
      create: { idNumber: file.idNumber, fileId: file.id, reason: vars.lastDecision.comment, jobKey: job.key, createdAt: now },
    });
    const count = await tx.untrueReport.count({ where: { idNumber: file.idNumber } });
    await tx.householdFile.update({ where: { id: file.id }, data: { untrueReports: count } });
    const blacklisted = count >= 2;
    if (blacklisted) {
      await tx.blacklist.upsert({
        where: { idNumber: file.idNumber },
        update: {},
        create: { idNumber: file.idNumber, reason: `两次上报不实信息（${vars.lastDecision.comment}）`, fileId: file.id, createdAt: now },
      });
    }
    return { count, blacklisted };
  });
  return job.complete({ untrueReport: result });
}
