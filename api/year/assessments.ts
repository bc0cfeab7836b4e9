/**
 * 目标考核 (seed 四2, SPEC §7): per county-level union and year — the exit target reached or not,
 * the stock files still to exit, pairing (结对帮扶) and visit compliance. A union that missed its
 * exit target is flagged with the proposed deduction and a lower next-year allocation
 * (assessmentProposal); the city confirms or changes the proposal, audited.
 */
import type { AppContext } from '../context';
import type { AuthUser } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';
import { roleOver, visibleOrg } from '../campaigns/scope';
import { exitTargets, pairing } from '../campaigns/targets';
import { countsForYear, MIN_PAIRING_VISITS, yearWindow } from '../../workers/campaigns/targets';
import { assessmentProposal } from '../../workers/year/rules';
import { PLAN_ORG_KINDS } from '../../workers/year/vocabulary';
import { ComputeAssessmentsSchema, ConfirmAssessmentSchema, YearQuerySchema } from './year.schema';

type AssessmentRow = NonNullable<Awaited<ReturnType<AppContext['db']['prisma']['assessment']['findUnique']>>>;
const view = (a: AssessmentRow, orgName: string) => ({ ...a, orgName });

/** Households of a subtree that count for the year with at least two visits in it (seed 四5, SPEC §5.2). */
async function visitCompliance(ctx: AppContext, orgPath: string, year: number) {
  const prisma = ctx.db.prisma;
  const { start, end } = yearWindow(year);
  const files = await prisma.householdFile.findMany({ where: { orgPath: { startsWith: orgPath }, filedAt: { lt: end }, OR: [{ closedAt: null }, { closedAt: { gte: start } }] }, select: { id: true, filedAt: true, closedAt: true, exitedAt: true } });
  const counted = files.filter((f) => countsForYear(f, !!f.exitedAt && f.exitedAt >= start && f.exitedAt < end, year));
  const visits = await prisma.visit.groupBy({
    by: ['fileId'],
    where: { fileId: { in: counted.map((f) => f.id) }, kind: { not: 'survey' }, visitDate: { gte: new Date(`${year}-01-01T00:00:00Z`), lt: new Date(`${year + 1}-01-01T00:00:00Z`) } },
    _count: { _all: true },
  });
  return { households: counted.length, visitedEnough: visits.filter((v) => v._count._all >= MIN_PAIRING_VISITS).length };
}

/** 计算考核结果 (city reviewers, supervisors): every county-level union under the city; confirmed ones are kept. */
export async function computeAssessments(ctx: AppContext, user: AuthUser, body: unknown) {
  const input = ComputeAssessmentsSchema.parse(body);
  const city = input.orgId
    ? await visibleOrg(ctx.db.prisma, user, input.orgId)
    : await ctx.db.prisma.org.findUnique({ where: { id: user.roles.find((r) => r.role === 'city_reviewer' || r.role === 'supervisor')?.orgId ?? '-' } });
  if (!city || city.kind !== 'city') throw new AppError('UNPROCESSABLE', '目标考核由市总工会对下级工会进行', { orgId: '请选择市总工会' });
  if (!user.roles.some((r) => (r.role === 'city_reviewer' || r.role === 'supervisor') && city.path.startsWith(r.orgPath))) throw new AppError('FORBIDDEN', '只有市总工会保障部和督查组可以计算目标考核');
  const now = ctx.clock.now();
  const unions = await ctx.db.prisma.org.findMany({ where: { parentId: city.id, kind: { in: PLAN_ORG_KINDS } }, orderBy: { id: 'asc' } });
  const cadres = await pairing(ctx, user, { year: input.year });
  const out = [];
  for (const union of unions) {
    const target = (await exitTargets(ctx, user, { year: input.year, orgId: union.id })).find((r) => r.orgId === union.id)!;
    const mine = cadres.filter((c) => c.orgId === union.id);
    const visits = await visitCompliance(ctx, union.path, input.year);
    const figures = {
      households: target.households,
      exitRatePct: target.exitRatePct,
      exitTarget: target.target,
      exits: target.exits,
      stockRemaining: target.stockRemaining,
      stockExitYear: target.stockExitYear,
      cadres: mine.length,
      cadresCompliant: mine.filter((c) => !c.short).length,
      householdsVisitedTwice: visits.visitedEnough,
      householdsToVisit: visits.households,
    };
    const proposal = assessmentProposal(target.target, target.exits);
    const saved = await ctx.db.prisma.$transaction(async (tx) => {
      const key = { orgId_year: { orgId: union.id, year: input.year } };
      const before = await tx.assessment.findUnique({ where: key });
      if (before?.status === 'confirmed') return before;
      const data = { figures, ...proposal, status: 'proposed', computedAt: now };
      const row = await tx.assessment.upsert({ where: key, update: data, create: { orgId: union.id, year: input.year, ...data } });
      await audit(tx, user, { action: 'compute', entity: 'assessment', entityId: row.id, before, after: row, orgId: union.id }, now);
      return row;
    });
    out.push(view(saved, union.name));
  }
  return out;
}

export async function listAssessments(ctx: AppContext, user: AuthUser, query: unknown) {
  const q = YearQuerySchema.parse(query);
  const rows = await ctx.db.prisma.assessment.findMany({ where: { ...(q.year && { year: q.year }), ...(q.orgId && { orgId: q.orgId }) }, orderBy: [{ year: 'desc' }, { orgId: 'asc' }] });
  const orgs = new Map((await ctx.db.prisma.org.findMany({ where: { id: { in: rows.map((r) => r.orgId) } } })).map((o) => [o.id, o]));
  return rows.filter((r) => user.roles.some((g) => orgs.get(r.orgId)!.path.startsWith(g.orgPath))).map((r) => view(r, orgs.get(r.orgId)!.name));
}

/** 确认考核结果 (city reviewers): the proposal as it stands or changed, with the comment; audited. */
export async function confirmAssessment(ctx: AppContext, user: AuthUser, id: string, body: unknown) {
  const input = ConfirmAssessmentSchema.parse(body);
  const now = ctx.clock.now();
  return ctx.db.prisma.$transaction(async (tx) => {
    const row = await tx.assessment.findUnique({ where: { id } });
    const org = row ? await tx.org.findUnique({ where: { id: row.orgId } }) : null;
    if (!row || !org || !user.roles.some((g) => org.path.startsWith(g.orgPath))) throw new AppError('NOT_FOUND', '考核结果不存在');
    roleOver(user, 'city_reviewer', org.path, '只有市总工会保障部可以确认考核结果');
    if (row.status === 'confirmed') throw new AppError('CONFLICT', '考核结果已经确认');
    const saved = await tx.assessment.update({
      where: { id },
      data: { status: 'confirmed', deductionPoints: input.deductionPoints ?? row.deductionPoints, allocationCutPct: input.allocationCutPct ?? row.allocationCutPct, comment: input.comment || null, confirmedBy: user.id, confirmedAt: now },
    });
    await audit(tx, user, { action: 'confirm', entity: 'assessment', entityId: id, before: row, after: saved, orgId: org.id }, now);
    return view(saved, org.name);
  });
}
