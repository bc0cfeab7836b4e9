import { z } from 'zod';
import type { AppContext } from '../context';
import { hasRole, scopePaths, type AuthUser } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';
import { findVisibleFile } from '../files/files';
import { isIsoDate } from '../../workers/identity/resident-id';
import { standardsFor } from '../standards/standards';

export const VisitSchema = z.object({
  visitDate: z.string({ error: '请填写走访日期' }).refine(isIsoDate, '走访日期应为“年-月-日”格式，如 2026-03-02'),
  visitors: z.string({ error: '请填写走访人员' }).trim().min(1, '请填写走访人员').max(200, '走访人员不能超过200字'),
  notes: z.string({ error: '请填写走访情况' }).trim().min(1, '请填写走访情况').max(2000, '走访情况不能超过2000字'),
  photoIds: z.array(z.string().max(64)).max(20, '照片最多20张').default([]),
  /** per-capita monthly income observed at the visit, fen */
  incomeObserved: z.int({ error: '人均月收入须为整数（单位：分）' }).min(0, '人均月收入不能为负数').max(100_000_000, '人均月收入过大').optional(),
});

export const IncomeEntrySchema = z.object({
  month: z.string({ error: '请填写月份' }).regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, '月份应为“年-月”格式，如 2026-03'),
  perCapita: z.int({ error: '人均月收入须为整数（单位：分）' }).min(0, '人均月收入不能为负数').max(100_000_000, '人均月收入过大'),
});

/** Helpers record visits (the plan's WeChat 资料上传): the file's helpers or its union's staff. */
export async function recordVisit(ctx: AppContext, user: AuthUser, fileId: string, body: unknown) {
  const input = VisitSchema.parse(body);
  const file = await findVisibleFile(ctx, user, fileId).catch(() => null);
  const own = await ctx.db.prisma.householdFile.findUnique({ where: { id: fileId } });
  const isHelper = !!own && (own.firstHelperId === user.id || own.secondHelperId === user.id);
  if (!own || (!file && !isHelper)) throw new AppError('NOT_FOUND', '档案不存在');
  if (!isHelper && !hasRole(user, 'grassroots_staff', own.orgPath)) throw new AppError('FORBIDDEN', '只有帮扶责任人和基层工会保障工作人员可以登记走访');
  if (input.photoIds.length) {
    const photos = await ctx.db.prisma.document.count({ where: { id: { in: input.photoIds }, fileId, kind: 'photo' } });
    if (photos !== input.photoIds.length) throw new AppError('UNPROCESSABLE', '照片须先上传到本档案', { photoIds: '照片须先上传到本档案' });
  }
  const now = ctx.clock.now();
  return ctx.db.prisma.$transaction(async (tx) => {
    const visit = await tx.visit.create({
      data: { fileId, kind: 'help', visitDate: new Date(`${input.visitDate}T00:00:00Z`), visitors: input.visitors, findings: input.notes, photoIds: input.photoIds, incomeObserved: input.incomeObserved ?? null, createdBy: user.id, createdAt: now },
    });
    if (input.incomeObserved !== undefined) {
      const month = input.visitDate.slice(0, 7);
      await tx.incomeRecord.upsert({
        where: { fileId_month: { fileId, month } },
        update: { perCapita: input.incomeObserved, source: 'visit', createdBy: user.id },
        create: { fileId, month, perCapita: input.incomeObserved, source: 'visit', createdBy: user.id, createdAt: now },
      });
    }
    await audit(tx, user, { action: 'create', entity: 'visit', entityId: visit.id, after: { fileId, visitDate: input.visitDate }, orgId: own.orgId }, now);
    return visit;
  });
}

export async function listVisits(ctx: AppContext, user: AuthUser, fileId: string) {
  await findVisibleFile(ctx, user, fileId);
  return ctx.db.prisma.visit.findMany({ where: { fileId }, orderBy: { visitDate: 'desc' } });
}

/** The monthly income record: the input of the December exit judgement. */
export async function recordIncome(ctx: AppContext, user: AuthUser, fileId: string, body: unknown) {
  const input = IncomeEntrySchema.parse(body);
  const file = await findVisibleFile(ctx, user, fileId);
  if (!hasRole(user, 'grassroots_staff', file.orgPath)) throw new AppError('FORBIDDEN', '只有基层工会保障工作人员可以登记收入');
  const now = ctx.clock.now();
  return ctx.db.prisma.$transaction(async (tx) => {
    const before = await tx.incomeRecord.findUnique({ where: { fileId_month: { fileId, month: input.month } } });
    const row = await tx.incomeRecord.upsert({
      where: { fileId_month: { fileId, month: input.month } },
      update: { perCapita: input.perCapita, source: 'entry', createdBy: user.id },
      create: { fileId, month: input.month, perCapita: input.perCapita, source: 'entry', createdBy: user.id, createdAt: now },
    });
    await audit(tx, user, { action: before ? 'update' : 'create', entity: 'income_record', entityId: row.id, before: before && { perCapita: before.perCapita }, after: input, orgId: file.orgId }, now);
    return row;
  });
}

export async function listIncome(ctx: AppContext, user: AuthUser, fileId: string) {
  await findVisibleFile(ctx, user, fileId);
  return ctx.db.prisma.incomeRecord.findMany({ where: { fileId }, orderBy: { month: 'asc' } });
}

/** Visits per household and per helper in a year (SPEC §7: ≥ 2 visits a year). */
export async function visitStats(ctx: AppContext, user: AuthUser, year: number) {
  const from = new Date(`${year}-01-01T00:00:00Z`);
  const to = new Date(`${year + 1}-01-01T00:00:00Z`);
  const paths = scopePaths(user);
  const files = await ctx.db.prisma.householdFile.findMany({ where: { OR: paths.map((p) => ({ orgPath: { startsWith: p } })) }, select: { id: true } });
  const visits = await ctx.db.prisma.visit.groupBy({ by: ['fileId', 'createdBy'], where: { fileId: { in: files.map((f) => f.id) }, visitDate: { gte: from, lt: to } }, _count: { _all: true } });
  const perFile = new Map<string, number>();
  const perHelper = new Map<string, number>();
  for (const v of visits) {
    perFile.set(v.fileId, (perFile.get(v.fileId) ?? 0) + v._count._all);
    perHelper.set(v.createdBy, (perHelper.get(v.createdBy) ?? 0) + v._count._all);
  }
  return { year, perFile: Object.fromEntries(perFile), perHelper: Object.fromEntries(perHelper) };
}

const ROSTER_ACTIONS = { submit: 'grassroots_chair', confirm: 'county_reviewer' } as const;

/**
 * 解困脱困花名册: the chair submits the union's roster upward; the upper union's reviewer confirms
 * it, which tells every waiting help cycle on it to cancel its file (seed 二(二)).
 */
export async function rosterAction(ctx: AppContext, user: AuthUser, rosterId: string, action: keyof typeof ROSTER_ACTIONS) {
  const roster = await ctx.db.prisma.roster.findUnique({ where: { id: rosterId } });
  const org = roster ? await ctx.db.prisma.org.findUnique({ where: { id: roster.orgId } }) : null;
  if (!roster || !org || !scopePaths(user).some((p) => org.path.startsWith(p))) throw new AppError('NOT_FOUND', '花名册不存在');
  const role = ROSTER_ACTIONS[action];
  // the chair acts at the roster's own union; the confirmation comes from above it
  const allowed = user.roles.some((r) => r.role === role && (action === 'submit' ? r.orgId === org.id : org.path.startsWith(r.orgPath) && r.orgId !== org.id));
  if (!allowed) throw new AppError('FORBIDDEN', action === 'submit' ? '只有本基层工会主席可以签署上报花名册' : '只有上级工会可以确认花名册');
  const expected = action === 'submit' ? 'draft' : 'submitted';
  const now = ctx.clock.now();
  const changed = await ctx.db.prisma.$transaction(
    async (tx) => {
      const n = await tx.roster.updateMany({
        where: { id: rosterId, status: expected },
        data: action === 'submit' ? { status: 'submitted', submittedBy: user.id, submittedAt: now } : { status: 'confirmed', confirmedBy: user.id, confirmedAt: now },
      });
      if (!n.count) return false;
      // The confirmation and its message to the waiting help cycles commit together (issue 7,
      // crash safety): a roster confirmed whose message was lost in a crash would leave its files
      // waiting for ever, and a second confirmation is refused. The audit row comes last.
      if (action === 'confirm') for (const fileId of roster.fileIds) await ctx.engine.correlateMessage('exit-confirmed', fileId, { exitConfirmedBy: user.id }, tx);
      await audit(tx, user, { action: `roster_${action}`, entity: 'roster', entityId: rosterId, before: { status: expected }, after: { status: action === 'submit' ? 'submitted' : 'confirmed' }, orgId: org.id }, now);
      return true;
    },
    { timeout: 60_000 },
  );
  if (!changed) throw new AppError('CONFLICT', action === 'submit' ? '花名册已上报' : '花名册尚未上报或已确认');
  return ctx.db.prisma.roster.findUniqueOrThrow({ where: { id: rosterId } });
}

export async function listRosters(ctx: AppContext, user: AuthUser, year?: number) {
  const paths = scopePaths(user);
  const orgs = await ctx.db.prisma.org.findMany({ where: { OR: paths.map((p) => ({ path: { startsWith: p } })) }, select: { id: true, name: true } });
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const rows = await ctx.db.prisma.roster.findMany({ where: { orgId: { in: [...names.keys()] }, ...(year && { year }) }, orderBy: [{ year: 'desc' }, { orgId: 'asc' }] });
  return rows.map((r) => ({ ...r, orgName: names.get(r.orgId) }));
}

/**
 * 返困 watch: households that exited within the last 12 months whose recorded income fell back
 * to or below the dibao, with the months that show it.
 */
export async function relapseWatch(ctx: AppContext, user: AuthUser) {
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - 365 * 86_400_000);
  const paths = scopePaths(user);
  const files = await ctx.db.prisma.householdFile.findMany({ where: { exitedAt: { gte: since }, OR: paths.map((p) => ({ orgPath: { startsWith: p } })) } });
  const out = [];
  for (const f of files) {
    const after = f.exitedAt!.toISOString().slice(0, 7);
    const records = await ctx.db.prisma.incomeRecord.findMany({ where: { fileId: f.id, month: { gt: after } }, orderBy: { month: 'asc' } });
    const region = (f.form as { applicant?: { hukouRegion?: string } }).applicant?.hukouRegion ?? '510500';
    const below = [];
    for (const r of records) {
      const std = await standardsFor(ctx.db.prisma, region, `${r.month}-01`);
      if (std && r.perCapita <= std.dibao) below.push({ month: r.month, perCapita: r.perCapita, dibao: std.dibao });
    }
    if (below.length) out.push({ fileId: f.id, fileNo: f.fileNo, orgId: f.orgId, exitedAt: f.exitedAt, months: below });
  }
  return out;
}
