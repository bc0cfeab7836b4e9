/**
 * 目标考核 (SPEC §7, seed 三 and 四2/四5): per union and year the exit target and progress, the
 * stock files' final exit year; and whether every city/county cadre is paired with enough
 * households and visits them often enough.
 */
import type { AppContext } from '../context';
import { scopePaths, type AuthUser } from '../auth/session';
import { audit } from '../audit';
import { shanghaiYear } from '../time';
import {
  CADRE_ORG_KINDS,
  countsForYear,
  DEFAULT_EXIT_RATE_PCT,
  pairingShortfalls,
  targetProgress,
  yearWindow,
} from '../../workers/campaigns/targets';
import { PairingQuerySchema, TargetInputSchema, TargetQuerySchema } from './campaigns.schema';
import { dateColumn, roleOver, visibleOrg } from './scope';

const underAny = (paths: string[], column: 'path' | 'orgPath') => ({ OR: paths.map((p) => ({ [column]: { startsWith: p } })) });

/** The ids on an org's path, nearest first: itself, its parent, …, the root. */
const selfAndAncestors = (path: string) => path.split('/').filter(Boolean).reverse();

/**
 * One row per union in the caller's subtrees that has households on file in the year (or a
 * target set for it), each over its whole subtree: 各级工会上报多少档案，由本级工会…负责脱困解困
 * (seed 二). The exit rate and the stock exit year are the union's own, else the nearest
 * ancestor's, else the default 20 % and none.
 */
export async function exitTargets(ctx: AppContext, user: AuthUser, query: unknown) {
  const q = TargetQuerySchema.parse(query);
  const year = q.year ?? shanghaiYear(ctx.clock.now());
  const prisma = ctx.db.prisma;
  const only = q.orgId ? await visibleOrg(prisma, user, q.orgId) : null;
  const paths = only ? [only.path] : scopePaths(user);
  const { start, end } = yearWindow(year);

  const orgs = only ? [only] : await prisma.org.findMany({ where: underAny(paths, 'path'), orderBy: { path: 'asc' } });
  const files = await prisma.householdFile.findMany({
    where: { AND: [underAny(paths, 'orgPath'), { filedAt: { lt: end } }, { OR: [{ closedAt: null }, { closedAt: { gte: start } }] }] },
    select: { id: true, orgPath: true, status: true, filedAt: true, closedAt: true, exitedAt: true },
  });
  const fileIds = files.map((f) => f.id);
  const evaluatedExits = await prisma.evaluation.findMany({ where: { year, outcome: 'exited', fileId: { in: fileIds } }, select: { fileId: true } });
  const exited = new Set([...evaluatedExits.map((e) => e.fileId), ...files.filter((f) => f.exitedAt && f.exitedAt >= start && f.exitedAt < end).map((f) => f.id)]);
  const kept = new Set((await prisma.cleanupDecision.findMany({ where: { part: 'stock', decision: 'keep', fileId: { in: fileIds } }, select: { fileId: true } })).map((d) => d.fileId));
  const counted = files.filter((f) => countsForYear(f, exited.has(f.id), year));
  const ancestorIds = [...new Set(orgs.flatMap((o) => selfAndAncestors(o.path)))];
  const targets = new Map((await prisma.unionTarget.findMany({ where: { year, orgId: { in: ancestorIds } } })).map((t) => [t.orgId, t]));

  return orgs
    .map((org) => {
      const mine = counted.filter((f) => f.orgPath.startsWith(org.path));
      const chain = selfAndAncestors(org.path);
      const rateFrom = chain.find((id) => targets.has(id));
      const stockFrom = chain.find((id) => targets.get(id)?.stockExitYear != null);
      const progress = targetProgress(mine.length, mine.filter((f) => exited.has(f.id)).length, rateFrom ? targets.get(rateFrom)!.exitRatePct : DEFAULT_EXIT_RATE_PCT);
      return {
        id: org.id,
        orgId: org.id,
        orgName: org.name,
        kind: org.kind,
        parentId: org.parentId,
        year,
        ...progress,
        rateSource: rateFrom === org.id ? 'own' : rateFrom ? 'inherited' : 'default',
        stockExitYear: stockFrom ? targets.get(stockFrom)!.stockExitYear : null,
        stockRemaining: files.filter((f) => f.orgPath.startsWith(org.path) && f.status === 'filed' && kept.has(f.id)).length,
      };
    })
    .filter((row) => row.households > 0 || targets.has(row.orgId) || only);
}

/** 调整脱困目标 (city reviewers): a union's exit rate and stock exit year for a year. */
export async function setExitTarget(ctx: AppContext, user: AuthUser, body: unknown) {
  const input = TargetInputSchema.parse(body);
  const now = ctx.clock.now();
  return ctx.db.prisma.$transaction(async (tx) => {
    const org = await visibleOrg(tx, user, input.orgId);
    roleOver(user, 'city_reviewer', org.path, '只有市总工会保障部可以调整脱困目标');
    const key = { orgId_year: { orgId: org.id, year: input.year } };
    const before = await tx.unionTarget.findUnique({ where: key });
    const data = { exitRatePct: input.exitRatePct, ...(input.stockExitYear !== undefined && { stockExitYear: input.stockExitYear }) };
    const saved = await tx.unionTarget.upsert({ where: key, update: data, create: { orgId: org.id, year: input.year, ...data } });
    await audit(tx, user, { action: 'set_target', entity: 'union_target', entityId: `${org.id}:${input.year}`, before, after: saved, orgId: org.id }, now);
    return { id: org.id, orgId: org.id, orgName: org.name, year: saved.year, exitRatePct: saved.exitRatePct, stockExitYear: saved.stockExitYear };
  });
}

/**
 * 结对帮扶 (seed 四5): every cadre of the city or a county-level union — a `helper` there, or
 * anyone who is some household's second helper — with the households they are paired with in
 * the year and the visits they made to them. A visit counts for a cadre when the cadre recorded
 * it (`Visit.createdBy`, the seed's 资料上传 by the visitor) to one of their own households in the
 * year; the free-text visitor names are not trusted to identify anyone.
 */
export async function pairing(ctx: AppContext, user: AuthUser, query: unknown) {
  const q = PairingQuerySchema.parse(query);
  const year = q.year ?? shanghaiYear(ctx.clock.now());
  const prisma = ctx.db.prisma;
  const paths = scopePaths(user);
  const { start, end } = yearWindow(year);

  const cadreRoles = await prisma.userRole.findMany({ where: { role: 'helper', org: { kind: { in: CADRE_ORG_KINDS }, ...underAny(paths, 'path') } }, select: { userId: true } });
  const secondHelpers = await prisma.householdFile.findMany({
    where: { AND: [underAny(paths, 'orgPath'), { secondHelperId: { not: null } }] },
    select: { secondHelperId: true },
    distinct: ['secondHelperId'],
  });
  const cadreIds = [...new Set([...cadreRoles.map((r) => r.userId), ...secondHelpers.map((f) => f.secondHelperId!)])];
  const users = await prisma.user.findMany({ where: { id: { in: cadreIds } }, include: { roles: { include: { org: true } } } });
  const paired = await prisma.householdFile.findMany({
    where: { secondHelperId: { in: cadreIds }, filedAt: { lt: end }, OR: [{ closedAt: null }, { closedAt: { gte: start } }] },
    select: { id: true, secondHelperId: true },
  });
  const helperOf = new Map(paired.map((f) => [f.id, f.secondHelperId!]));
  const visits = await prisma.visit.findMany({
    where: { createdBy: { in: cadreIds }, fileId: { in: paired.map((f) => f.id) }, visitDate: { gte: dateColumn(`${year}-01-01`), lte: dateColumn(`${year}-12-31`) } },
    select: { fileId: true, createdBy: true },
  });
  const own = visits.filter((v) => helperOf.get(v.fileId) === v.createdBy);

  const rows = users.map((u) => {
    const households = paired.filter((f) => f.secondHelperId === u.id).length;
    const mine = own.filter((v) => v.createdBy === u.id);
    const cadreOrg = u.roles.find((r) => CADRE_ORG_KINDS.includes(r.org.kind))?.org ?? u.roles[0]?.org;
    const shortfalls = pairingShortfalls(households, mine.length);
    return {
      id: u.id,
      userId: u.id,
      displayName: u.displayName,
      title: u.title,
      orgId: cadreOrg?.id ?? null,
      orgName: cadreOrg?.name ?? null,
      year,
      households,
      visits: mine.length,
      householdsVisited: new Set(mine.map((v) => v.fileId)).size,
      shortfalls,
      short: shortfalls.length > 0,
    };
  });
  return rows
    .filter((r) => q.short === undefined || r.short === (q.short === 'true'))
    .sort((a, b) => Number(b.short) - Number(a.short) || a.displayName.localeCompare(b.displayName, 'zh-CN'));
}

