/**
 * 档案清理 (SPEC §5.3, seed 一(一)(二)(三)): the city starts a campaign with its cut-off dates;
 * every filed file of the city gets a decision row in its part; one `cleanup` instance runs per
 * union holding files. A grassroots union works through its stock files on one list (a decision
 * per file, saved as they go), then completes its review task once; that is what a small union's
 * one staff member can do in the few days the seed allows, and it keeps the chair's signature
 * to one per union and part, as on paper.
 */
import { z } from 'zod';
import type { AppContext } from '../context';
import type { Tx } from '../db/client';
import { fileScope } from '../files/files';
import { findConflict } from '../files/conflicts';
import type { AuthUser } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';
import { nextCounter } from '../counters';
import { shanghaiDate, shanghaiYear } from '../time';
import { orgChain } from '../applications/submit';
import { ApplicationSchema } from '../applications/application.schema';
import { annualTotalIncome } from '../applications/facts';
import { maskName, normalizeResidentId, parseResidentId } from '../../workers/identity/resident-id';
import {
  campaignCutoffs,
  campaignYear,
  cleanupPart,
  CLEANUP_PARTS,
  ROSTER_KINDS,
  type CleanupPart,
} from '../../workers/campaigns/cleanup';
import { yearWindow } from '../../workers/campaigns/targets';
import { CleanupDecisionInputSchema, RestoreFileSchema, StartCleanupSchema, type CleanupDecisionInput } from './campaigns.schema';
import { concerns, dateColumn, visibleOrg } from './scope';
import { PART_TITLES, rosterRows, rosterWorkbook } from './roster';

type Campaign = { id: string; orgId: string; name: string; stockCutoff: Date; incrementCutoff: Date; status: string; startedBy: string; startedAt: Date };

function campaignView(c: Campaign, orgName?: string) {
  return {
    id: c.id,
    orgId: c.orgId,
    orgName: orgName ?? null,
    name: c.name,
    year: campaignYear(c),
    ...campaignCutoffs(c),
    status: c.status,
    startedBy: c.startedBy,
    startedAt: c.startedAt,
  };
}

/** The businessKey of a union's clean-up instance. */
export const cleanupBusinessKey = (campaignId: string, orgId: string) => `cleanup-${campaignId}-${orgId}`;

/**
 * 发起档案清理 (city reviewers): records the campaign, gives every filed file of the city its
 * part, and starts one `cleanup` instance per union, all in one transaction. Only one campaign
 * per city is open at a time, and one per year (its rosters are filed under the year).
 */
export async function startCleanupCampaign(ctx: AppContext, user: AuthUser, body: unknown) {
  const grants = user.roles.filter((r) => r.role === 'city_reviewer');
  if (!grants.length) throw new AppError('FORBIDDEN', '只有市总工会保障部可以发起档案清理');
  const input = StartCleanupSchema.parse(body);
  const grant = input.orgId ? grants.find((g) => g.orgId === input.orgId) : grants[0];
  if (!grant) throw new AppError('UNPROCESSABLE', '不能为其他工会发起档案清理', { orgId: '不能为其他工会发起档案清理' });
  const now = ctx.clock.now();
  if (input.incrementCutoff > shanghaiDate(now)) throw new AppError('UNPROCESSABLE', '增量档案截止日期不能晚于今天', { incrementCutoff: '增量档案截止日期不能晚于今天' });
  const year = shanghaiYear(now);
  const { start, end } = yearWindow(year);

  return ctx.db.prisma.$transaction(
    async (tx) => {
      const clash = await tx.cleanupCampaign.findFirst({ where: { orgId: grant.orgId, OR: [{ status: 'open' }, { startedAt: { gte: start, lt: end } }] } });
      if (clash) throw new AppError('CONFLICT', clash.status === 'open' ? `档案清理“${clash.name}”尚未结束` : `${year}年已开展过档案清理`);
      const campaign = await tx.cleanupCampaign.create({
        data: { orgId: grant.orgId, name: input.name, stockCutoff: dateColumn(input.stockCutoff), incrementCutoff: dateColumn(input.incrementCutoff), status: 'open', startedBy: user.id, startedAt: now },
      });
      const files = await tx.householdFile.findMany({
        where: { status: 'filed', orgPath: { startsWith: grant.orgPath } },
        select: { id: true, orgId: true, orgPath: true, filedAt: true, createdAt: true },
      });
      // A file is established when it is filed; legacy rows without a filing date count from entry.
      const parts = files
        .map((f) => ({ f, part: cleanupPart(shanghaiDate(f.filedAt ?? f.createdAt), input) }))
        .filter((x): x is { f: (typeof files)[number]; part: CleanupPart } => x.part !== null);
      await tx.cleanupDecision.createMany({ data: parts.map(({ f, part }) => ({ campaignId: campaign.id, fileId: f.id, part })) });
      const unions = new Map(parts.map(({ f }) => [f.orgId, f.orgPath]));
      for (const [orgId, orgPath] of [...unions].sort()) {
        const chain = await orgChain(tx, orgId);
        await ctx.engine.startInstance(
          'cleanup',
          { businessKey: cleanupBusinessKey(campaign.id, orgId), orgPath, variables: { campaignId: campaign.id, orgId, orgs: { grassroots: chain.grassroots, county: chain.county, city: chain.city } } },
          tx,
        );
      }
      const started = unions.size ? campaign : await tx.cleanupCampaign.update({ where: { id: campaign.id }, data: { status: 'closed' } });
      const summary = { unions: unions.size, stock: parts.filter((p) => p.part === 'stock').length, increment: parts.filter((p) => p.part === 'increment').length };
      await audit(tx, user, { action: 'start', entity: 'cleanup_campaign', entityId: campaign.id, after: { ...input, ...summary }, orgId: grant.orgId }, now);
      return { ...campaignView(started, grant.orgName), ...summary };
    },
    { timeout: 120_000 },
  );
}

async function findCampaign(tx: Tx, user: AuthUser, id: string) {
  const campaign = await tx.cleanupCampaign.findUnique({ where: { id } });
  const org = campaign ? await tx.org.findUnique({ where: { id: campaign.orgId } }) : null;
  if (!campaign || !org || !concerns(user, org.path)) throw new AppError('NOT_FOUND', '档案清理活动不存在');
  return { campaign, org };
}

export async function listCleanupCampaigns(ctx: AppContext, user: AuthUser) {
  const prisma = ctx.db.prisma;
  const campaigns = await prisma.cleanupCampaign.findMany({ orderBy: { startedAt: 'desc' } });
  const orgs = new Map((await prisma.org.findMany({ where: { id: { in: campaigns.map((c) => c.orgId) } } })).map((o) => [o.id, o]));
  return campaigns.filter((c) => orgs.has(c.orgId) && concerns(user, orgs.get(c.orgId)!.path)).map((c) => campaignView(c, orgs.get(c.orgId)!.name));
}

/** The campaign's decisions about files the caller may see, with the files' masked summaries. */
async function visibleDecisions(tx: Tx, user: AuthUser, campaignId: string, filter: { part?: CleanupPart; orgId?: string } = {}) {
  const decisions = await tx.cleanupDecision.findMany({ where: { campaignId, ...(filter.part && { part: filter.part }) } });
  const files = await tx.householdFile.findMany({
    where: { AND: [{ id: { in: decisions.map((d) => d.fileId) } }, fileScope(user), filter.orgId ? { orgId: filter.orgId } : {}] },
    include: { org: { select: { name: true } } },
  });
  const byId = new Map(files.map((f) => [f.id, f]));
  return decisions.filter((d) => byId.has(d.fileId)).map((d) => ({ d, f: byId.get(d.fileId)! }));
}

/** Who restored which increment file: the new file's id and case number, from the audit trail. */
async function restorations(tx: Tx, fileIds: string[]) {
  const rows = await tx.auditLog.findMany({ where: { entity: 'household_file', action: 'restore', entityId: { in: fileIds } } });
  return new Map(rows.map((r) => [r.entityId!, r.after as { fileId: string; caseNo: string }]));
}

/** The campaign with its progress per union, over the files the caller may see. */
export async function getCleanupCampaign(ctx: AppContext, user: AuthUser, id: string) {
  return ctx.db.prisma.$transaction(async (tx) => {
    const { campaign, org } = await findCampaign(tx, user, id);
    const rows = await visibleDecisions(tx, user, campaign.id);
    const year = campaignYear(campaign);
    const unionIds = [...new Set(rows.map((r) => r.f.orgId))].sort();
    const rosters = await tx.roster.findMany({ where: { orgId: { in: unionIds }, year, kind: { in: Object.values(ROSTER_KINDS) } } });
    const unions = unionIds.map((orgId) => {
      const mine = rows.filter((r) => r.f.orgId === orgId);
      const stock = mine.filter((r) => r.d.part === 'stock');
      const increment = mine.filter((r) => r.d.part === 'increment');
      const roster = (part: CleanupPart) => rosters.find((r) => r.orgId === orgId && r.kind === ROSTER_KINDS[part])?.status ?? null;
      return {
        orgId,
        orgName: mine[0].f.org.name,
        stock: stock.length,
        kept: stock.filter((r) => r.d.decision === 'keep').length,
        cancelled: stock.filter((r) => r.d.decision === 'cancel').length,
        undecided: stock.filter((r) => !r.d.decision).length,
        increment: increment.length,
        incrementCancelled: increment.filter((r) => r.d.decision === 'cancel').length,
        restored: increment.filter((r) => r.d.decision === 'restored').length,
        rosterStatus: { stock: roster('stock'), increment: roster('increment') },
      };
    });
    return { ...campaignView(campaign, org.name), unions };
  });
}

export const DecisionFilterSchema = z.object({
  part: z.enum(CLEANUP_PARTS, { error: '清理部分只能是 stock 或 increment' }).optional(),
  orgId: z.string().max(40).optional(),
});

export async function listCleanupDecisions(ctx: AppContext, user: AuthUser, id: string, filter: z.infer<typeof DecisionFilterSchema>) {
  return ctx.db.prisma.$transaction(async (tx) => {
    const { campaign } = await findCampaign(tx, user, id);
    const rows = await visibleDecisions(tx, user, campaign.id, filter);
    const restored = await restorations(tx, rows.filter((r) => r.d.decision === 'restored').map((r) => r.d.fileId));
    return rows
      .sort((a, b) => (a.f.fileNo ?? a.f.caseNo).localeCompare(b.f.fileNo ?? b.f.caseNo))
      .map(({ d, f }) => ({
        id: d.id,
        fileId: f.id,
        caseNo: f.caseNo,
        fileNo: f.fileNo,
        applicantName: maskName(f.applicantName),
        orgId: f.orgId,
        orgName: f.org.name,
        fileStatus: f.status,
        establishedOn: shanghaiDate(f.filedAt ?? f.createdAt),
        part: d.part,
        decision: d.decision,
        reason: d.reason,
        decidedBy: d.decidedBy,
        decidedAt: d.decidedAt,
        restoredAs: restored.get(f.id) ?? null,
      }));
  });
}

/**
 * 存量档案清理决定: grassroots staff of the file's union decide keep (保留并完善) or cancel with
 * the reason, one file at a time, until their union's review is submitted. `field` prefixes the
 * error keys when the decision comes inside a task form (`decisions.3.`).
 */
export async function recordCleanupDecision(tx: Tx, user: AuthUser, campaignId: string, fileId: string, input: CleanupDecisionInput, now: Date, field = '') {
  const campaign = await tx.cleanupCampaign.findUnique({ where: { id: campaignId } });
  if (!campaign) throw new AppError('NOT_FOUND', '档案清理活动不存在');
  const file = await tx.householdFile.findFirst({ where: { AND: [{ id: fileId }, fileScope(user)] } });
  if (!file) throw new AppError(field ? 'UNPROCESSABLE' : 'NOT_FOUND', '档案不存在', { [`${field}fileId`]: '档案不存在' });
  if (!user.roles.some((r) => r.role === 'grassroots_staff' && file.orgPath.startsWith(r.orgPath))) {
    throw new AppError('FORBIDDEN', '只有建档工会的保障工作人员可以作清理决定');
  }
  if (campaign.status !== 'open') throw new AppError('CONFLICT', '档案清理已结束');
  const decision = await tx.cleanupDecision.findUnique({ where: { campaignId_fileId: { campaignId, fileId } } });
  if (!decision || decision.part !== 'stock') {
    throw new AppError('UNPROCESSABLE', '该档案不是本次清理的存量档案', { [`${field}fileId`]: '该档案不是本次清理的存量档案（增量档案全部注销）' });
  }
  const submitted = await tx.roster.findUnique({ where: { orgId_year_kind: { orgId: file.orgId, year: campaignYear(campaign), kind: ROSTER_KINDS.stock } } });
  if (submitted) throw new AppError('CONFLICT', '本单位的存量档案清理已提交，不能再修改');
  const after = { decision: input.decision, reason: input.decision === 'cancel' ? input.reason! : null };
  await tx.cleanupDecision.update({ where: { id: decision.id }, data: { ...after, decidedBy: user.id, decidedAt: now } });
  await audit(tx, user, { action: 'decide', entity: 'cleanup_decision', entityId: decision.id, before: { decision: decision.decision, reason: decision.reason }, after: { fileId, ...after }, orgId: file.orgId }, now);
  return { id: decision.id, fileId, part: decision.part, ...after, decidedBy: user.id, decidedAt: now };
}

export async function decideCleanupFile(ctx: AppContext, user: AuthUser, campaignId: string, fileId: string, body: unknown) {
  const input = CleanupDecisionInputSchema.parse(body);
  return ctx.db.prisma.$transaction(async (tx) => {
    await findCampaign(tx, user, campaignId);
    return recordCleanupDecision(tx, user, campaignId, fileId, input, ctx.clock.now());
  });
}

/** Stock files of the union still without a decision: the review task cannot be completed while any remain. */
export async function undecidedStock(tx: Tx, campaignId: string, orgId: string): Promise<number> {
  const files = await tx.householdFile.findMany({ where: { orgId }, select: { id: true } });
  return tx.cleanupDecision.count({ where: { campaignId, part: 'stock', decision: null, fileId: { in: files.map((f) => f.id) } } });
}

/**
 * 档案恢复 (seed 一(三)): an increment file cancelled by the clean-up is restored through
 * re-review: a new case with the (possibly completed) declaration runs the whole `filing` chain
 * with `restoreOf` naming the old file; the old file stays cancelled and its decision becomes
 * `restored`. Grassroots staff of the file's union only.
 */
export async function restoreFile(ctx: AppContext, user: AuthUser, id: string, body: unknown) {
  const now = ctx.clock.now();
  return ctx.db.prisma.$transaction(
    async (tx) => {
      const file = await tx.householdFile.findFirst({ where: { AND: [{ id }, fileScope(user)] } });
      if (!file) throw new AppError('NOT_FOUND', '档案不存在');
      if (!user.roles.some((r) => r.role === 'grassroots_staff' && r.orgId === file.orgId)) throw new AppError('FORBIDDEN', '只有建档工会的保障工作人员可以申请恢复档案');
      const input = RestoreFileSchema.parse(body);
      const decision = await tx.cleanupDecision.findFirst({ where: { fileId: file.id, part: 'increment' }, orderBy: { decidedAt: 'desc' } });
      if (decision?.decision === 'restored') throw new AppError('CONFLICT', '该档案已申请恢复');
      if (!decision || decision.decision !== 'cancel' || file.status !== 'cancelled') throw new AppError('CONFLICT', '只有档案清理中注销的增量档案可以申请恢复');

      const app = input.application ?? ApplicationSchema.parse(file.form);
      const applicantId = normalizeResidentId(app.applicant.idNumber);
      if (applicantId !== file.idNumber) {
        throw new AppError('UNPROCESSABLE', '恢复的档案须为原建档职工本人', { 'application.applicant.idNumber': '恢复的档案须为原建档职工本人' });
      }
      const members = app.members.map((m) => ({ ...m, idNumber: normalizeResidentId(m.idNumber) }));
      const idInfo = parseResidentId(applicantId);
      if (!idInfo.ok) throw new AppError('UNPROCESSABLE', idInfo.error, { 'application.applicant.idNumber': idInfo.error });
      const conflict = await findConflict(tx, [applicantId, ...members.map((m) => m.idNumber)]);
      if (conflict) throw new AppError('CONFLICT', conflict.message);

      const day = shanghaiDate(now).replaceAll('-', '');
      const caseNo = `SQ${day}-${String(await nextCounter(tx, `case:${day}`)).padStart(4, '0')}`;
      const form = { ...app, applicant: { ...app.applicant, idNumber: applicantId }, members };
      const created = await tx.householdFile.create({
        data: {
          caseNo,
          previousFileId: file.id,
          status: 'in_review',
          orgId: file.orgId,
          orgPath: file.orgPath,
          applicantName: app.applicant.name,
          idNumber: applicantId,
          sex: idInfo.sex,
          birthDate: dateColumn(idInfo.birthDate),
          phone: app.applicant.phone ?? null,
          mainCause: app.hardship.mainCause,
          householdSize: 1 + members.length,
          annualIncome: BigInt(annualTotalIncome(app)),
          perCapitaMonthly: 0,
          form: form as any,
          createdBy: user.id,
          createdAt: now,
          members: { create: members.map((m) => ({ name: m.name, relation: m.relation, idNumber: m.idNumber, monthlyIncome: m.monthlyIncome, details: m as any })) },
        },
      });
      const orgs = await orgChain(tx, file.orgId);
      const started = await ctx.engine.startInstance(
        'filing',
        { businessKey: caseNo, orgPath: file.orgPath, variables: { fileId: created.id, caseNo, orgs, regionCode: app.applicant.hukouRegion, restoreOf: file.id } },
        tx,
      );
      await tx.householdFile.update({ where: { id: created.id }, data: { processInstanceId: started.instanceId } });
      await tx.cleanupDecision.update({ where: { id: decision.id }, data: { decision: 'restored', decidedBy: user.id, decidedAt: now } });
      await audit(tx, user, { action: 'restore', entity: 'household_file', entityId: file.id, before: { status: file.status }, after: { fileId: created.id, caseNo, comment: input.comment }, orgId: file.orgId }, now);
      await audit(tx, user, { action: 'create', entity: 'household_file', entityId: created.id, after: { caseNo, orgId: file.orgId, status: 'in_review', restoreOf: file.id }, orgId: file.orgId }, now);
      return { id: created.id, caseNo, instanceId: started.instanceId, restoreOf: file.id };
    },
    { timeout: 30_000 },
  );
}

export const RosterQuerySchema = z.object({
  orgId: z.string({ error: '请选择工会组织' }).min(1, '请选择工会组织').max(40),
  part: z.enum(CLEANUP_PARTS, { error: '花名册部分只能是 stock（存量）或 increment（增量）' }),
  format: z.enum(['json', 'xlsx'], { error: '格式只能是 json 或 xlsx' }).default('json'),
});

/**
 * One part of the clean-up roster of a union (or of every union under an org the caller
 * oversees), with its signature when the union's chair has signed. Names are in full, so
 * every export is audited.
 */
export async function cleanupRoster(ctx: AppContext, user: AuthUser, id: string, query: Omit<z.infer<typeof RosterQuerySchema>, 'format'>) {
  const now = ctx.clock.now();
  return ctx.db.prisma.$transaction(async (tx) => {
    const { campaign } = await findCampaign(tx, user, id);
    const org = await visibleOrg(tx, user, query.orgId);
    const decisions = await tx.cleanupDecision.findMany({ where: { campaignId: campaign.id, part: query.part } });
    const inOrg = await tx.householdFile.findMany({ where: { id: { in: decisions.map((d) => d.fileId) }, orgPath: { startsWith: org.path } }, select: { id: true } });
    const ids = new Set(inOrg.map((f) => f.id));
    const rows = await rosterRows(tx, decisions.filter((d) => ids.has(d.fileId)));
    const year = campaignYear(campaign);
    const roster = await tx.roster.findUnique({ where: { orgId_year_kind: { orgId: org.id, year, kind: ROSTER_KINDS[query.part] } } });
    const names = new Map(
      (await tx.user.findMany({ where: { id: { in: [roster?.submittedBy, roster?.confirmedBy].filter((x): x is string => !!x) } }, select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]),
    );
    await audit(tx, user, { action: 'export_roster', entity: 'cleanup_campaign', entityId: campaign.id, after: { orgId: org.id, part: query.part, rows: rows.length }, orgId: org.id }, now);
    return {
      campaignId: campaign.id,
      campaignName: campaign.name,
      year,
      part: query.part,
      title: `${year}年困难职工花名册（${PART_TITLES[query.part]}）`,
      orgId: org.id,
      orgName: org.name,
      status: roster?.status ?? null,
      signedBy: roster?.submittedBy ? (names.get(roster.submittedBy) ?? null) : null,
      signedAt: roster?.submittedAt ?? null,
      confirmedBy: roster?.confirmedBy ? (names.get(roster.confirmedBy) ?? null) : null,
      confirmedAt: roster?.confirmedAt ?? null,
      rows,
    };
  });
}

export async function cleanupRosterXlsx(ctx: AppContext, user: AuthUser, id: string, query: Omit<z.infer<typeof RosterQuerySchema>, 'format'>) {
  const roster = await cleanupRoster(ctx, user, id, query);
  const body = await rosterWorkbook({ title: roster.title, orgName: roster.orgName, signedBy: roster.signedBy, signedAt: roster.signedAt ? shanghaiDate(roster.signedAt) : null, rows: roster.rows });
  return { body, filename: `${roster.title}-${roster.orgName}.xlsx` };
}

/** 主席签字 / 上级确认: the union's two rosters move on together. */
export async function moveRosters(tx: Tx, user: AuthUser, campaignId: string, orgId: string, to: 'submitted' | 'confirmed', now: Date) {
  const campaign = await tx.cleanupCampaign.findUniqueOrThrow({ where: { id: campaignId } });
  const year = campaignYear(campaign);
  const from = to === 'submitted' ? 'draft' : 'submitted';
  const rosters = await tx.roster.findMany({ where: { orgId, year, kind: { in: Object.values(ROSTER_KINDS) } } });
  if (rosters.length !== CLEANUP_PARTS.length || rosters.some((r) => r.status !== from)) {
    throw new AppError('CONFLICT', to === 'submitted' ? '花名册尚未生成或已签字' : '花名册尚未签字或已确认');
  }
  const data = to === 'submitted' ? { status: to, submittedBy: user.id, submittedAt: now } : { status: to, confirmedBy: user.id, confirmedAt: now };
  await tx.roster.updateMany({ where: { id: { in: rosters.map((r) => r.id) } }, data });
  await audit(tx, user, { action: to === 'submitted' ? 'sign' : 'confirm', entity: 'roster', entityId: rosters.map((r) => r.id).join(','), before: { status: from }, after: { status: to, campaignId }, orgId }, now);
}

