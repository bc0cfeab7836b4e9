/**
 * 工作进度 (seed 一 to 四): a campaign's dated milestones and each union's progress against them,
 * computed from the data; the missed ones listed for supervisors. What completes a milestone:
 *
 * - fund_cleanup — the union's own accounts hold no unused upper-union funds (unusedUpperFunds);
 *   not applicable to a union that received none.
 * - data_entry — the union's clean-up rosters (存量、增量花名册) of the year are signed (submitted).
 * - stock_cleanup — every stock file of a clean-up campaign of the year in its subtree is decided.
 * - restoration — every application made in the window in its subtree is decided (filed or refused).
 * - work_plan — a county-level union's 分类帮扶措施方案 of the year is submitted.
 * - classified_help — every household on file in the window has its year's plan and a help visit in the window.
 * - evaluation — every household on file when the window opens has its signed 认定书 of the year.
 *
 * A milestone is judged at its deadline (the end day, 23:59:59 Asia/Shanghai).
 */
import type { AppContext } from '../context';
import { inScope, hasRole, type AuthUser } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';
import { deadlineInstant } from '../campaigns/dibao-referral';
import { concerns } from '../campaigns/scope';
import { yearWindow } from '../../workers/campaigns/targets';
import { milestoneStatus, unusedUpperFunds, type Progress } from '../../workers/year/rules';
import { SEED_TIMELINE, type MilestoneKey } from '../../workers/year/vocabulary';
import { CreateCampaignSchema, type Milestone } from './year.schema';

const startInstant = (day: string) => new Date(`${day}T00:00:00+08:00`);
const progress = (done: number, total: number): Progress => (total ? { done, total } : null);
/** fileId → the earliest of its instants, in ms. */
function earliest(pairs: Array<[string, Date]>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, at] of pairs) out.set(id, Math.min(out.get(id) ?? Infinity, at.getTime()));
  return out;
}

export const seedMilestones = (year: number): Milestone[] => SEED_TIMELINE.map((m) => ({ key: m.key, name: m.name, start: m.start && `${year}-${m.start}`, end: `${year}-${m.end}` }));

/** 布置工作进度 (city reviewers): the seed's timeline moved to the year unless milestones are given. */
export async function createCampaign(ctx: AppContext, user: AuthUser, body: unknown) {
  const input = CreateCampaignSchema.parse(body);
  const now = ctx.clock.now();
  const grant = user.roles.find((r) => r.role === 'city_reviewer' && (!input.orgId || r.orgId === input.orgId));
  if (!grant) throw new AppError('FORBIDDEN', '只有市总工会保障部可以布置工作进度');
  const milestones = input.milestones ?? seedMilestones(input.year);
  return ctx.db.prisma.$transaction(async (tx) => {
    if (await tx.campaign.count({ where: { orgId: grant.orgId, year: input.year, name: input.name } })) throw new AppError('CONFLICT', '同名工作已经布置', { name: '同名工作已经布置' });
    const saved = await tx.campaign.create({ data: { orgId: grant.orgId, year: input.year, name: input.name, milestones: milestones as any, createdBy: user.id, createdAt: now } });
    await audit(tx, user, { action: 'create', entity: 'campaign', entityId: saved.id, after: saved, orgId: grant.orgId }, now);
    return saved;
  });
}

async function findCampaign(ctx: AppContext, user: AuthUser, id: string) {
  const campaign = await ctx.db.prisma.campaign.findUnique({ where: { id } });
  const org = campaign ? await ctx.db.prisma.org.findUnique({ where: { id: campaign.orgId } }) : null;
  if (!campaign || !org || !concerns(user, org.path)) throw new AppError('NOT_FOUND', '工作进度不存在');
  return { campaign, org, milestones: campaign.milestones as Milestone[] };
}

export async function listCampaigns(ctx: AppContext, user: AuthUser) {
  const rows = await ctx.db.prisma.campaign.findMany({ orderBy: [{ year: 'desc' }, { createdAt: 'desc' }] });
  const orgs = new Map((await ctx.db.prisma.org.findMany({ where: { id: { in: rows.map((r) => r.orgId) } } })).map((o) => [o.id, o]));
  return rows.filter((r) => concerns(user, orgs.get(r.orgId)!.path)).map((r) => ({ ...r, orgName: orgs.get(r.orgId)!.name }));
}

/**
 * Every union of the campaign's subtree the caller sees, with each milestone's status and how
 * far it is now (`done` of `total`).
 */
export async function campaignProgress(ctx: AppContext, user: AuthUser, id: string) {
  const { campaign, org, milestones } = await findCampaign(ctx, user, id);
  const prisma = ctx.db.prisma;
  const now = ctx.clock.now();
  const { start: yearStart, end: yearEnd } = yearWindow(campaign.year);
  const under = { startsWith: org.path };

  const orgs = (await prisma.org.findMany({ where: { path: under }, orderBy: { path: 'asc' } })).filter((o) => inScope(user, o.path));
  const files = await prisma.householdFile.findMany({ where: { orgPath: under }, select: { id: true, orgPath: true, createdAt: true, filedAt: true, closedAt: true, status: true } });
  const fileIds = files.map((f) => f.id);
  const accounts = await prisma.fundAccount.findMany({ where: { orgId: { in: orgs.map((o) => o.id) } }, select: { id: true, orgId: true } });
  const txns = await prisma.fundTransaction.findMany({ where: { accountId: { in: accounts.map((a) => a.id) } }, select: { accountId: true, kind: true, amount: true, createdAt: true } });
  const rosters = await prisma.roster.findMany({ where: { year: campaign.year, kind: { in: ['cleanup_stock', 'cleanup_increment'] } } });
  const cleanups = await prisma.cleanupCampaign.findMany({ where: { startedAt: { gte: yearStart, lt: yearEnd } }, select: { id: true } });
  const stock = await prisma.cleanupDecision.findMany({ where: { part: 'stock', campaignId: { in: cleanups.map((c) => c.id) }, fileId: { in: fileIds } }, select: { fileId: true, decidedAt: true } });
  const plans = await prisma.workPlan.findMany({ where: { year: campaign.year } });
  const helpPlans = await prisma.helpPlan.findMany({ where: { year: campaign.year, fileId: { in: fileIds } }, select: { fileId: true, createdAt: true } });
  const visits = await prisma.visit.findMany({ where: { kind: 'help', fileId: { in: fileIds } }, select: { fileId: true, visitDate: true, createdAt: true } });
  const evaluations = await prisma.evaluation.findMany({ where: { year: campaign.year, fileId: { in: fileIds } }, select: { fileId: true, signedAt: true } });
  const pathOf = new Map(files.map((f) => [f.id, f.orgPath]));
  const planned = earliest(helpPlans.map((p) => [p.fileId, p.createdAt]));
  const signed = earliest(evaluations.filter((e) => e.signedAt).map((e) => [e.fileId, e.signedAt!]));
  const onFileDuring = (path: string, from: Date, to: Date) =>
    files.filter((f) => f.orgPath.startsWith(path) && f.filedAt && f.filedAt < to && (!f.closedAt || f.closedAt >= from));

  const measure = (key: MilestoneKey, u: (typeof orgs)[number], m: Milestone) => {
    const from = m.start ? startInstant(m.start) : yearStart;
    const to = deadlineInstant(m.end);
    switch (key) {
      case 'fund_cleanup': {
        const mine = new Set(accounts.filter((a) => a.orgId === u.id).map((a) => a.id));
        const ts = txns.filter((t) => mine.has(t.accountId));
        return (t: Date) => {
          const perAccount = [...mine].map((a) => unusedUpperFunds(ts.filter((x) => x.accountId === a), t));
          const received = perAccount.reduce((s, r) => s + r.received, 0n);
          const unused = perAccount.reduce((s, r) => s + r.unused, 0n);
          return received > 0n ? { done: Number(received - unused), total: Number(received) } : null;
        };
      }
      case 'data_entry': {
        const mine = rosters.filter((r) => r.orgId === u.id);
        return (t: Date) => progress(mine.filter((r) => r.submittedAt && r.submittedAt <= t).length, mine.length);
      }
      case 'stock_cleanup': {
        const mine = stock.filter((d) => pathOf.get(d.fileId)!.startsWith(u.path));
        return (t: Date) => progress(mine.filter((d) => d.decidedAt && d.decidedAt <= t).length, mine.length);
      }
      case 'restoration': {
        const mine = files.filter((f) => f.orgPath.startsWith(u.path) && f.createdAt >= from && f.createdAt <= to);
        return (t: Date) => progress(mine.filter((f) => (f.filedAt && f.filedAt <= t) || (f.closedAt && f.closedAt <= t)).length, mine.length);
      }
      case 'work_plan': {
        const plan = plans.find((p) => p.orgId === u.id);
        return (t: Date) => (plan ? { done: plan.firstSubmittedAt && plan.firstSubmittedAt <= t ? 1 : 0, total: 1 } : null);
      }
      case 'classified_help': {
        // the earliest instant each household had its plan, and a help visit dated in the window
        const windowFrom = new Date(`${m.start ?? m.end}T00:00:00Z`);
        const windowTo = new Date(`${m.end}T00:00:00Z`);
        const visited = earliest(visits.filter((v) => v.visitDate >= windowFrom && v.visitDate <= windowTo).map((v) => [v.fileId, v.createdAt]));
        const mine = onFileDuring(u.path, from, to);
        return (t: Date) => progress(mine.filter((f) => (planned.get(f.id) ?? Infinity) <= t.getTime() && (visited.get(f.id) ?? Infinity) <= t.getTime()).length, mine.length);
      }
      case 'evaluation': {
        const mine = onFileDuring(u.path, from, from);
        return (t: Date) => progress(mine.filter((f) => (signed.get(f.id) ?? Infinity) <= t.getTime()).length, mine.length);
      }
    }
  };

  const unions = orgs.map((u) => ({
    orgId: u.id,
    orgName: u.name,
    kind: u.kind,
    milestones: milestones.map((m) => {
      const at = measure(m.key, u, m);
      const nowProgress = at(now);
      return { key: m.key, name: m.name, start: m.start, end: m.end, status: milestoneStatus(at, now, deadlineInstant(m.end)), done: nowProgress?.done ?? 0, total: nowProgress?.total ?? 0 };
    }),
  }));
  return { id: campaign.id, orgId: org.id, orgName: org.name, year: campaign.year, name: campaign.name, milestones, unions };
}

/**
 * 未按期完成的节点 (supervisors, city reviewers): one row per union and milestone missed at its
 * deadline, whether still missing (missed) or completed since (late).
 */
export async function missedMilestones(ctx: AppContext, user: AuthUser, id: string) {
  if (!['supervisor', 'city_reviewer', 'county_reviewer'].some((role) => hasRole(user, role))) throw new AppError('FORBIDDEN', '只有督查组和上级工会可以查看逾期节点');
  const p = await campaignProgress(ctx, user, id);
  return p.unions.flatMap((u) =>
    u.milestones
      .filter((m) => m.status === 'missed' || m.status === 'late')
      .map((m) => ({ id: `${u.orgId}:${m.key}`, orgId: u.orgId, orgName: u.orgName, key: m.key, name: m.name, end: m.end, status: m.status, done: m.done, total: m.total })),
  );
}
