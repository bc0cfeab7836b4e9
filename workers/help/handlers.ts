/**
 * Job handlers of the yearly help cycle (SPEC §5.2, seed 二(二) and 四5): start it when a file is
 * filed, propose the December outcome from the income record, put exited households on the
 * union's roster, cancel them once the upper union confirms, and start the next year otherwise.
 */
import { z } from 'zod';
import type { Job, JobAck } from '../job';
import type { WorkerContext } from '../context';
import { judgeExit } from '../exit';
import { helpCycleDates } from './dates';

const FileVars = z.object({ fileId: z.string().min(1) });

function fail(job: Job, err: z.ZodError): Promise<JobAck> {
  return job.fail({ errorMessage: `流程变量无效: ${err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, retries: 0 });
}

/** Starts one help-cycle instance per file and year; a second run finds it and does nothing. */
async function startCycle(ctx: WorkerContext, fileId: string, year?: number): Promise<string | null> {
  if (!ctx.engine) throw new Error('工作流引擎未就绪');
  const file = await ctx.db.prisma.householdFile.findUniqueOrThrow({ where: { id: fileId } });
  const dates = helpCycleDates(ctx.clock.now(), year);
  const businessKey = `${file.fileNo}/${dates.year}`;
  const existing = await ctx.db.prisma.processInstance.findFirst({ where: { bpmnProcessId: 'help-cycle', businessKey } });
  if (existing) return existing.id;
  const ids = file.orgPath.split('/').filter(Boolean);
  const orgs = { national: ids[0], province: ids[1], city: ids[2], county: ids[3] ?? ids[2], grassroots: file.orgId };
  const started = await ctx.engine.startInstance('help-cycle', { businessKey, orgPath: file.orgPath, variables: { fileId, fileNo: file.fileNo, year: dates.year, orgs, dates } });
  return started.instanceId;
}

export async function helpCycleStart(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = FileVars.safeParse(job.variables);
  if (!vars.success) return fail(job, vars.error);
  const instanceId = await startCycle(ctx, vars.data.fileId);
  return job.complete({ helpCycleInstanceId: instanceId });
}

export async function helpNextYear(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = FileVars.extend({ year: z.int() }).safeParse(job.variables);
  if (!vars.success) return fail(job, vars.error);
  await startCycle(ctx, vars.data.fileId, vars.data.year + 1);
  return job.complete();
}

/** The dibao of the household's region over time, most specific region first (SPEC §3). */
async function dibaoHistory(ctx: WorkerContext, regionCode: string) {
  const candidates = [regionCode, `${regionCode.slice(0, 4)}00`, `${regionCode.slice(0, 2)}0000`];
  const rows = await ctx.db.prisma.dibaoStandard.findMany({ where: { regionCode: { in: candidates } }, orderBy: { validFrom: 'asc' } });
  for (const code of candidates) {
    const own = rows.filter((r) => r.regionCode === code);
    if (own.length) return own.map((r) => ({ validFrom: r.validFrom.toISOString().slice(0, 10), dibao: r.dibao }));
  }
  return [];
}

/** 脱困 proposal from the income record (seed 三 脱困标准): the staff confirm the causes in the form. */
export async function helpExitJudgement(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = FileVars.extend({ dates: z.object({ evaluationMonth: z.string() }) }).safeParse(job.variables);
  if (!vars.success) return fail(job, vars.error);
  const prisma = ctx.db.prisma;
  const file = await prisma.householdFile.findUniqueOrThrow({ where: { id: vars.data.fileId } });
  const form = file.form as { applicant?: { hukouRegion?: string; workRegion?: string; isMigrantWorker?: boolean } };
  const region = form.applicant?.isMigrantWorker && form.applicant.workRegion ? form.applicant.workRegion : (form.applicant?.hukouRegion ?? '510500');
  const history = await dibaoHistory(ctx, region);
  if (!history.length) return job.fail({ errorMessage: `未配置地区 ${region} 的低保标准`, retries: 0 });
  const record = await prisma.incomeRecord.findMany({ where: { fileId: file.id }, orderBy: { month: 'asc' } });
  const baseline = (file.eligibility as { perCapitaMonthlyIncome?: number } | null)?.perCapitaMonthlyIncome ?? file.perCapitaMonthly;
  const result = judgeExit({
    incomeRecord: record.map((r) => ({ month: r.month, perCapita: r.perCapita })),
    dibaoHistory: history,
    causesRemoved: true,
    baselinePerCapita: baseline,
    evaluationMonth: vars.data.dates.evaluationMonth,
  });
  return job.complete({ exitJudgement: { outcome: result.outcome, reasons: result.reasons, months: result.months } });
}

/** 列入解困脱困花名册 (attachment 5): the file waits for the upper union's confirmation. */
export async function helpExitPending(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = FileVars.extend({ year: z.int() }).safeParse(job.variables);
  if (!vars.success) return fail(job, vars.error);
  const now = ctx.clock.now();
  await ctx.db.prisma.$transaction(async (tx) => {
    const file = await tx.householdFile.update({ where: { id: vars.data.fileId }, data: { status: 'exit_pending' } });
    const key = { orgId_year_kind: { orgId: file.orgId, year: vars.data.year, kind: 'exit' } };
    const roster = await tx.roster.upsert({ where: key, update: {}, create: { orgId: file.orgId, year: vars.data.year, kind: 'exit', status: 'draft', fileIds: [], createdAt: now } });
    if (!roster.fileIds.includes(file.id)) await tx.roster.update({ where: { id: roster.id }, data: { fileIds: { push: file.id } } });
  });
  return job.complete();
}

/**
 * 注销档案 once the upper union confirmed the roster (seed 二(二)). Only a file still waiting
 * for it is cancelled: the job run again after a crash (issue 7) keeps the first run's dates.
 */
export async function helpCancelExited(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = FileVars.safeParse(job.variables);
  if (!vars.success) return fail(job, vars.error);
  const now = ctx.clock.now();
  await ctx.db.prisma.householdFile.updateMany({ where: { id: vars.data.fileId, status: 'exit_pending' }, data: { status: 'cancelled', closeReason: '解困脱困，经上级工会确认注销', closedAt: now, exitedAt: now } });
  return job.complete();
}
