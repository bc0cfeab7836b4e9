/**
 * 档案清理 (SPEC §5.3, seed 一(一)(二)): files established before the stock cut-off (存量) are
 * cancelled for death, transfer, contract ended, resignation or exit, or kept and completed;
 * files established from the cut-off up to the campaign (增量) are all cancelled and may be
 * restored through re-review. One `cleanup` instance runs per union that holds files; these
 * are its job handlers. Every write is an overwrite guarded by the current state, so a job
 * that runs twice does no harm.
 */
import { z } from 'zod';
import type { Job, JobAck } from '../job';
import type { WorkerContext } from '../context';
import type { Tx } from '../../api/db/client';
import type { PrismaClient } from '../../prisma/generated/client';
import { shanghaiYear } from '../../api/time';
import { parseJobVars } from './job-vars';

export const CLEANUP_PARTS = ['stock', 'increment'] as const;
export type CleanupPart = (typeof CLEANUP_PARTS)[number];

/** seed 一(二): 死亡、调离、解除（终止）劳动合同、辞职、脱困. */
export { CANCEL_REASONS, CANCEL_REASON_LABELS, type CancelReason } from './vocabulary';
import { CANCEL_REASONS, CANCEL_REASON_LABELS, type CancelReason } from './vocabulary';

/** The roster (`Roster.kind`) each part prints on: seed 一(一) 花名册分两个部分打印. */
export const ROSTER_KINDS: Record<CleanupPart, string> = { stock: 'cleanup_stock', increment: 'cleanup_increment' };

export interface Cutoffs {
  /** YYYY-MM-DD: files established before this day are stock (存量) */
  stockCutoff: string;
  /** YYYY-MM-DD: files established from the stock cut-off up to and including this day are increment (增量) */
  incrementCutoff: string;
}

/**
 * The part of the clean-up a file belongs to, by the day it was established (Asia/Shanghai).
 * In 2018 the stock cut-off was 2016-11-01 and the increment ran to 2018-04-05 inclusive
 * (seed 一(一): 2016年11月1日至2018年4月5日期间建立的增量档案); files established later are
 * not part of the campaign.
 */
export function cleanupPart(establishedOn: string, cutoffs: Cutoffs): CleanupPart | null {
  if (establishedOn < cutoffs.stockCutoff) return 'stock';
  if (establishedOn <= cutoffs.incrementCutoff) return 'increment';
  return null;
}

/** The close reason an increment file carries: it is cancelled by the rule, not for a fault of its own. */
export function incrementCloseReason(cutoffs: Cutoffs): string {
  return `档案清理：${cutoffs.stockCutoff}至${cutoffs.incrementCutoff}建立的增量档案全部注销，可经重新审核申请恢复`;
}

export function stockCloseReason(reason: CancelReason): string {
  return `档案清理注销：${CANCEL_REASON_LABELS[reason]}`;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function campaignCutoffs(c: { stockCutoff: Date; incrementCutoff: Date }): Cutoffs {
  return { stockCutoff: isoDay(c.stockCutoff), incrementCutoff: isoDay(c.incrementCutoff) };
}

/** The year the campaign's rosters are filed under. */
export const campaignYear = (c: { startedAt: Date }) => shanghaiYear(c.startedAt);

/** The campaign's decisions about one union's files, with the files' numbers for ordering rosters. */
export async function unionDecisions(db: Tx | PrismaClient, campaignId: string, orgId: string) {
  const files = await db.householdFile.findMany({ where: { orgId }, select: { id: true, fileNo: true, caseNo: true, status: true } });
  const byId = new Map(files.map((f) => [f.id, f]));
  const decisions = await db.cleanupDecision.findMany({ where: { campaignId, fileId: { in: files.map((f) => f.id) } } });
  return decisions
    .map((d) => ({ ...d, file: byId.get(d.fileId)! }))
    .sort((a, b) => (a.file.fileNo ?? a.file.caseNo).localeCompare(b.file.fileNo ?? b.file.caseNo));
}

const UnionVars = z.object({ campaignId: z.string().min(1), orgId: z.string().min(1) });

/** 增量档案全部注销: every increment file of the union is cancelled, restorable through re-review. */
export async function cancelIncrement(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = parseJobVars(job, UnionVars);
  if (!vars) return 'JOB_ACTION_ACKNOWLEDGEMENT';
  const now = ctx.clock.now();
  const counts = await ctx.db.prisma.$transaction(async (tx) => {
    const campaign = await tx.cleanupCampaign.findUnique({ where: { id: vars.campaignId } });
    if (!campaign) return null;
    const decisions = await unionDecisions(tx, campaign.id, vars.orgId);
    const increment = decisions.filter((d) => d.part === 'increment');
    const pending = increment.filter((d) => d.decision === null).map((d) => d.fileId);
    if (pending.length) {
      await tx.householdFile.updateMany({
        where: { id: { in: pending }, status: 'filed' },
        data: { status: 'cancelled', closeReason: incrementCloseReason(campaignCutoffs(campaign)), closedAt: now },
      });
      await tx.cleanupDecision.updateMany({ where: { campaignId: campaign.id, fileId: { in: pending }, decision: null }, data: { decision: 'cancel', reason: 'increment', decidedAt: now } });
    }
    return { stock: decisions.length - increment.length, increment: increment.length };
  });
  if (!counts) return job.fail({ errorMessage: `档案清理活动 ${vars.campaignId} 不存在`, retries: 0 });
  return job.complete({ cleanup: counts });
}

/**
 * 执行清理决定: stock files decided `cancel` are cancelled with their reason (脱困 also records
 * the exit), `keep` files stay filed; then the union's two rosters are drawn up for the chair
 * to sign. A stock file without a decision is an incident: the review task checks for it.
 */
export async function applyDecisions(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = parseJobVars(job, UnionVars);
  if (!vars) return 'JOB_ACTION_ACKNOWLEDGEMENT';
  const now = ctx.clock.now();
  const outcome = await ctx.db.prisma.$transaction(async (tx) => {
    const campaign = await tx.cleanupCampaign.findUnique({ where: { id: vars.campaignId } });
    if (!campaign) return { error: `档案清理活动 ${vars.campaignId} 不存在` };
    const decisions = await unionDecisions(tx, campaign.id, vars.orgId);
    const undecided = decisions.filter((d) => d.part === 'stock' && !d.decision).length;
    if (undecided) return { error: `还有 ${undecided} 份存量档案未作清理决定` };
    for (const reason of CANCEL_REASONS) {
      const ids = decisions.filter((d) => d.part === 'stock' && d.decision === 'cancel' && d.reason === reason).map((d) => d.fileId);
      if (!ids.length) continue;
      await tx.householdFile.updateMany({
        where: { id: { in: ids }, status: 'filed' },
        data: { status: 'cancelled', closeReason: stockCloseReason(reason), closedAt: now, ...(reason === 'exited' && { exitedAt: now }) },
      });
    }
    const year = campaignYear(campaign);
    const counts: Record<CleanupPart, number> = { stock: 0, increment: 0 };
    for (const part of CLEANUP_PARTS) {
      const fileIds = decisions.filter((d) => d.part === part).map((d) => d.fileId);
      counts[part] = fileIds.length;
      const key = { orgId_year_kind: { orgId: vars.orgId, year, kind: ROSTER_KINDS[part] } };
      const roster = await tx.roster.findUnique({ where: key });
      if (!roster) await tx.roster.create({ data: { orgId: vars.orgId, year, kind: ROSTER_KINDS[part], status: 'draft', fileIds, createdAt: now } });
      else if (roster.status === 'draft') await tx.roster.update({ where: key, data: { fileIds } });
    }
    return { counts };
  });
  if ('error' in outcome) return job.fail({ errorMessage: outcome.error!, retries: 0 });
  return job.complete({ rosters: outcome.counts });
}

/** Closes the campaign once every union's two rosters are confirmed upward. */
export async function closeCampaign(job: Job, ctx: WorkerContext): Promise<JobAck> {
  const vars = parseJobVars(job, UnionVars);
  if (!vars) return 'JOB_ACTION_ACKNOWLEDGEMENT';
  const closed = await ctx.db.prisma.$transaction(async (tx) => {
    const campaign = await tx.cleanupCampaign.findUnique({ where: { id: vars.campaignId } });
    if (!campaign) return null;
    const unions = await tx.$queryRaw<{ orgId: string }[]>`
      SELECT DISTINCT f."orgId" FROM "CleanupDecision" d JOIN "HouseholdFile" f ON f.id = d."fileId"
      WHERE d."campaignId" = ${campaign.id}`;
    const confirmed = await tx.roster.count({
      where: { orgId: { in: unions.map((u) => u.orgId) }, year: campaignYear(campaign), kind: { in: Object.values(ROSTER_KINDS) }, status: 'confirmed' },
    });
    const done = confirmed === unions.length * CLEANUP_PARTS.length;
    if (done && campaign.status !== 'closed') await tx.cleanupCampaign.update({ where: { id: campaign.id }, data: { status: 'closed' } });
    return done;
  });
  if (closed === null) return job.fail({ errorMessage: `档案清理活动 ${vars.campaignId} 不存在`, retries: 0 });
  return job.complete({ campaignClosed: closed });
}
