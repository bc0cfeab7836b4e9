/**
 * 帮扶资金清理 (seed 一(一)): 全面清理上级工会下拨帮扶资金使用情况…对尚未使用的要按规定范围和标准进行帮扶.
 * Per union in the caller's subtrees and per account: what it received from upper unions up to
 * the cut-off day, what of it was used, and what was still unused (fen).
 */
import type { AppContext } from '../context';
import { scopePaths, type AuthUser } from '../auth/session';
import { deadlineInstant } from '../campaigns/dibao-referral';
import { visibleOrg } from '../campaigns/scope';
import { unusedUpperFunds } from '../../workers/year/rules';
import { FundCleanupQuerySchema } from './year.schema';

export async function fundCleanupReport(ctx: AppContext, user: AuthUser, query: unknown) {
  const q = FundCleanupQuerySchema.parse(query);
  const prisma = ctx.db.prisma;
  const paths = q.orgId ? [(await visibleOrg(prisma, user, q.orgId)).path] : scopePaths(user);
  const cutoff = deadlineInstant(q.cutoff);
  const orgs = await prisma.org.findMany({ where: { OR: paths.map((p) => ({ path: { startsWith: p } })) }, orderBy: { path: 'asc' } });
  const accounts = await prisma.fundAccount.findMany({ where: { orgId: { in: orgs.map((o) => o.id) } }, orderBy: { name: 'asc' } });
  const txns = await prisma.fundTransaction.findMany({ where: { accountId: { in: accounts.map((a) => a.id) }, createdAt: { lte: cutoff } }, select: { accountId: true, kind: true, amount: true, createdAt: true } });

  return orgs
    .map((o) => {
      const rows = accounts
        .filter((a) => a.orgId === o.id)
        .map((a) => {
          const r = unusedUpperFunds(txns.filter((t) => t.accountId === a.id), cutoff);
          return { accountId: a.id, name: a.name, level: a.level, received: Number(r.received), used: Number(r.used), unused: Number(r.unused), balance: Number(r.balance) };
        });
      const sum = (k: 'received' | 'used' | 'unused') => rows.reduce((s, r) => s + r[k], 0);
      return { id: o.id, orgId: o.id, orgName: o.name, kind: o.kind, cutoff: q.cutoff, received: sum('received'), used: sum('used'), unused: sum('unused'), accounts: rows };
    })
    .filter((r) => r.accounts.length);
}
