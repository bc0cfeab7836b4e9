/**
 * Fund usage for supervisors (SPEC §7 "funds used by level"; seed 四6 资金使用好不好): the sum
 * of paid disbursements per fund level and per union that paid them, in fen.
 */
import { Prisma } from '../../prisma/generated/client';
import type { AuthUser } from '../auth/session';
import { LEVELS, LEVEL_LABELS, type Level } from '../../workers/funds';
import { requireUsageReader, scopeSql, type FundsContext } from './access';
import { UsageQuerySchema } from './funds.schema';

/** Midnight of 1 January in Asia/Shanghai (UTC+8) as an instant. */
const yearStart = (year: number) => new Date(Date.UTC(year, 0, 1) - 8 * 3600_000);

type ByLevel = Record<Level, number>;
const zeroByLevel = (): ByLevel => Object.fromEntries(LEVELS.map((l) => [l, 0])) as ByLevel;

/**
 * `GET /api/funds/usage?year=2026`: paid amounts of accounts in the caller's subtree, optionally
 * of one calendar year (by payment date, Asia/Shanghai). A union's figure is what its own
 * accounts paid, whichever level the money was.
 */
export async function fundUsage(ctx: FundsContext, user: AuthUser, query: unknown) {
  requireUsageReader(user);
  const { year } = UsageQuerySchema.parse(query);
  const where: Prisma.Sql[] = [Prisma.sql`d.status = 'paid'`, scopeSql(user, Prisma.sql`o.path`)];
  if (year) where.push(Prisma.sql`d."paidAt" >= ${yearStart(year)} AND d."paidAt" < ${yearStart(year + 1)}`);
  const rows = await ctx.db.prisma.$queryRaw<{ orgId: string; orgName: string; orgPath: string; level: string; amount: bigint; count: number }[]>`
    SELECT a."orgId", o.name AS "orgName", o.path AS "orgPath", a.level, SUM(d.amount)::bigint AS amount, COUNT(*)::int AS count
    FROM "Disbursement" d
    JOIN "FundAccount" a ON a.id = d."accountId"
    JOIN "Org" o ON o.id = a."orgId"
    WHERE ${Prisma.join(where, ' AND ')}
    GROUP BY a."orgId", o.name, o.path, a.level
    ORDER BY o.path`;

  const levels = new Map(LEVELS.map((l) => [l as string, { level: l, levelLabel: LEVEL_LABELS[l], amount: 0, count: 0 }]));
  const unions = new Map<string, { orgId: string; orgName: string; orgPath: string; amount: number; count: number; byLevel: ByLevel }>();
  for (const r of rows) {
    const amount = Number(r.amount);
    const count = Number(r.count);
    const level = levels.get(r.level);
    if (level) {
      level.amount += amount;
      level.count += count;
    }
    const union = unions.get(r.orgId) ?? { orgId: r.orgId, orgName: r.orgName, orgPath: r.orgPath, amount: 0, count: 0, byLevel: zeroByLevel() };
    union.amount += amount;
    union.count += count;
    if (level) union.byLevel[r.level as Level] += amount;
    unions.set(r.orgId, union);
  }
  const byLevel = [...levels.values()];
  return {
    year: year ?? null,
    total: { amount: byLevel.reduce((s, l) => s + l.amount, 0), count: byLevel.reduce((s, l) => s + l.count, 0) },
    byLevel,
    byUnion: [...unions.values()],
  };
}
