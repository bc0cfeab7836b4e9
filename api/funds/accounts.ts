/**
 * Fund accounts per union and level, and the ledger that moves money between them (SPEC §4).
 * Amounts are fen (BigInt in the database, number in JSON). Every balance change is one
 * `FundTransaction` row whose amount is the signed change, plus one audit row, in the same
 * transaction — so an account's balance always equals the sum of its ledger.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { Prisma } from '../../prisma/generated/client';
import { inScope, type AuthUser } from '../auth/session';
import { AppError } from '../errors';
import { audit, auditsLast } from '../audit';
import type { Tx } from '../db/client';
import type { ListParams } from '../http/list-params';
import { LEVEL_LABELS, LevelSchema, usableFundLevels, type Level } from '../../workers/funds';
import { isStrictDescendant, type FundTransactionKind } from '../../workers/funds/disbursements';
import {
  LEVEL_ORDER_SQL,
  TX_OPTIONS,
  accountView,
  findVisibleAccount,
  requireAccountManager,
  requireAllocator,
  scopeSql,
  storedLevel,
  type AccountRow,
  type FundsContext,
} from './access';
import { AccountInputSchema, AllocationInputSchema, DepositInputSchema, type AccountFilterSchema } from './funds.schema';

const TRANSACTION_KIND_LABELS: Record<FundTransactionKind, string> = {
  allocation_in: '上级下拨',
  allocation_out: '下拨下级',
  retained: '本级留成/追加',
  payment: '帮扶支付',
  reversal: '冲正',
};

/** `POST /api/funds/accounts`: an empty account of a union in the caller's subtree. */
export async function createAccount(ctx: FundsContext, user: AuthUser, body: unknown) {
  const input = AccountInputSchema.parse(body);
  const prisma = ctx.db.prisma;
  const org = await prisma.org.findUnique({ where: { id: input.orgId }, select: { id: true, name: true, path: true } });
  if (!org || !inScope(user, org.path)) throw new AppError('NOT_FOUND', '工会不存在', { orgId: '工会不存在' });
  requireAccountManager(user, org.path, input.level);
  const name = input.name ?? `${org.name}${LEVEL_LABELS[input.level]}帮扶资金`;
  const now = ctx.clock.now();
  const created = await prisma.$transaction(async (tx) => {
    const exists = await tx.fundAccount.findUnique({ where: { orgId_level_name: { orgId: org.id, level: input.level, name } } });
    if (exists) throw new AppError('CONFLICT', '该工会已有同名同级别的资金账户', { name: '该工会已有同名同级别的资金账户' });
    const account = await tx.fundAccount.create({ data: { orgId: org.id, level: input.level, name, balance: 0n, createdAt: now } });
    const row: AccountRow = { ...account, orgName: org.name, orgPath: org.path };
    await audit(tx, user, { action: 'create', entity: 'fund_account', entityId: account.id, after: accountView(row), orgId: org.id }, now);
    return row;
  }, TX_OPTIONS);
  return accountView(created);
}

const ACCOUNT_SELECT = Prisma.sql`SELECT a.id, a."orgId", o.name AS "orgName", o.path AS "orgPath", a.level, a.name, a.balance, a."createdAt"
  FROM "FundAccount" a JOIN "Org" o ON o.id = a."orgId"`;

/** `GET /api/funds/accounts`: the caller's subtree; with `fileId`, only the accounts that may pay that file. */
export async function listAccounts(ctx: FundsContext, user: AuthUser, params: ListParams<z.infer<typeof AccountFilterSchema>>) {
  const prisma = ctx.db.prisma;
  const where: Prisma.Sql[] = [scopeSql(user, Prisma.sql`o.path`)];
  if (params.filter.orgId) where.push(Prisma.sql`a."orgId" = ${params.filter.orgId}`);
  if (params.filter.level) where.push(Prisma.sql`a.level = ${params.filter.level}`);
  if (params.filter.fileId) {
    const file = await prisma.householdFile.findUnique({ where: { id: params.filter.fileId }, select: { orgPath: true, level: true, status: true } });
    const level = LevelSchema.safeParse(file?.level);
    if (!file || !level.success || file.status !== 'filed' || !inScope(user, file.orgPath)) return { total: 0, rows: [] };
    // On the file's chain: the org's path is a prefix of the file's org path.
    where.push(Prisma.sql`starts_with(${file.orgPath}, o.path)`);
    where.push(Prisma.sql`a.level IN (${Prisma.join(usableFundLevels(level.data))})`);
  }
  const cond = Prisma.join(where, ' AND ');
  const [{ total }] = await prisma.$queryRaw<{ total: number }[]>`SELECT COUNT(*)::int AS total FROM "FundAccount" a JOIN "Org" o ON o.id = a."orgId" WHERE ${cond}`;
  const dir = Prisma.raw(params.sort?.order === 'DESC' ? 'DESC' : 'ASC');
  const byTree = Prisma.sql`o.path ${dir}, ${LEVEL_ORDER_SQL(Prisma.sql`a.level`)} ${dir}, a.name ${dir}`;
  const order = {
    orgPath: byTree,
    level: Prisma.sql`${LEVEL_ORDER_SQL(Prisma.sql`a.level`)} ${dir}, o.path`,
    name: Prisma.sql`a.name ${dir}`,
    balance: Prisma.sql`a.balance ${dir}`,
    createdAt: Prisma.sql`a."createdAt" ${dir}`,
  }[params.sort?.field as string] ?? byTree;
  const rows = await prisma.$queryRaw<AccountRow[]>`${ACCOUNT_SELECT} WHERE ${cond} ORDER BY ${order}, a.id LIMIT ${params.limit} OFFSET ${params.offset}`;
  return { total, rows: rows.map(accountView) };
}

export async function getAccount(ctx: FundsContext, user: AuthUser, id: string) {
  return accountView(await findVisibleAccount(ctx.db.prisma, user, id));
}

/** `GET /api/funds/accounts/:id/transactions`: the account's ledger, newest first. */
export async function listTransactions(ctx: FundsContext, user: AuthUser, id: string, params: { offset: number; limit: number }) {
  const prisma = ctx.db.prisma;
  await findVisibleAccount(prisma, user, id);
  const [total, rows] = await Promise.all([
    prisma.fundTransaction.count({ where: { accountId: id } }),
    prisma.fundTransaction.findMany({ where: { accountId: id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: params.offset, take: params.limit }),
  ]);
  const users = await prisma.user.findMany({ where: { id: { in: rows.map((r) => r.createdBy).filter((u): u is string => !!u) } }, select: { id: true, displayName: true } });
  const names = new Map(users.map((u) => [u.id, u.displayName]));
  return {
    total,
    rows: rows.map((t) => ({
      id: t.id,
      accountId: t.accountId,
      kind: t.kind,
      kindLabel: TRANSACTION_KIND_LABELS[t.kind as FundTransactionKind] ?? t.kind,
      /** signed change of the balance, fen */
      amount: Number(t.amount),
      refId: t.refId,
      note: t.note,
      createdBy: t.createdBy,
      createdByName: t.createdBy ? (names.get(t.createdBy) ?? null) : null,
      createdAt: t.createdAt,
    })),
  };
}

/**
 * Adds `delta` fen to an account inside the caller's transaction and writes its ledger and
 * audit rows. A debit is one conditional UPDATE (`balance >= amount`): under concurrent
 * debits on a PostgreSQL server the row lock serialises them and the losers see the new
 * balance, so a fund never goes below zero. Returns the new balance, or null when it would.
 */
export async function moveMoney(
  tx: Tx,
  user: AuthUser | null,
  entry: { account: Pick<AccountRow, 'id' | 'orgId'>; delta: bigint; kind: FundTransactionKind; refId?: string | null; note?: string | null; action: string; at: Date },
): Promise<bigint | null> {
  const { account, delta } = entry;
  const rows =
    delta < 0n
      ? await tx.$queryRaw<{ balance: bigint }[]>`UPDATE "FundAccount" SET balance = balance + ${delta} WHERE id = ${account.id} AND balance >= ${-delta} RETURNING balance`
      : await tx.$queryRaw<{ balance: bigint }[]>`UPDATE "FundAccount" SET balance = balance + ${delta} WHERE id = ${account.id} RETURNING balance`;
  if (!rows.length) return null;
  const balance = BigInt(rows[0].balance);
  const txn = await tx.fundTransaction.create({
    data: { accountId: account.id, kind: entry.kind, amount: delta, refId: entry.refId ?? null, note: entry.note ?? null, createdBy: user?.id ?? null, createdAt: entry.at },
  });
  await audit(
    tx,
    user,
    {
      action: entry.action,
      entity: 'fund_account',
      entityId: account.id,
      before: { balance: Number(balance - delta) },
      after: { balance: Number(balance), amount: Number(delta), kind: entry.kind, transactionId: txn.id, refId: entry.refId ?? null },
      orgId: account.orgId,
    },
    entry.at,
  );
  return balance;
}

/** `POST /api/funds/accounts/:id/deposits`: retained funds or a top-up from outside the tree. */
export async function deposit(ctx: FundsContext, user: AuthUser, id: string, body: unknown) {
  const prisma = ctx.db.prisma;
  const account = await findVisibleAccount(prisma, user, id);
  const input = DepositInputSchema.parse(body);
  requireAccountManager(user, account.orgPath, storedLevel(account.level, '资金账户'));
  const now = ctx.clock.now();
  await prisma.$transaction(
    (tx) => moveMoney(tx, user, { account, delta: BigInt(input.amount), kind: 'retained', note: input.note ?? null, action: 'deposit', at: now }),
    TX_OPTIONS,
  );
  return getAccount(ctx, user, id);
}

/**
 * `POST /api/funds/allocations`: money down the tree, to an account of the same level held by a
 * union below the source's union. Both legs and both audit rows commit together or not at all.
 */
export async function allocate(ctx: FundsContext, user: AuthUser, body: unknown) {
  const input = AllocationInputSchema.parse(body);
  const prisma = ctx.db.prisma;
  const from = await findVisibleAccount(prisma, user, input.fromAccountId, 'fromAccountId');
  requireAllocator(user, from.orgPath);
  const to = await findVisibleAccount(prisma, user, input.toAccountId, 'toAccountId');
  if (!isStrictDescendant(from.orgPath, to.orgPath)) {
    throw new AppError('UNPROCESSABLE', '帮扶资金只能下拨给本工会的下级工会', { toAccountId: '只能下拨给下级工会的资金账户' });
  }
  if (to.level !== from.level) {
    const label = LEVEL_LABELS[from.level as Level] ?? from.level;
    throw new AppError('UNPROCESSABLE', `${label}帮扶资金只能下拨到下级工会的${label}资金账户`, { toAccountId: `只能下拨到同级别（${label}）的资金账户` });
  }
  const amount = BigInt(input.amount);
  const transferId = randomUUID();
  const now = ctx.clock.now();
  // Both legs lock their account before either audit row takes the chain's lock.
  await prisma.$transaction((tx) => auditsLast(tx, async () => {
    const debited = await moveMoney(tx, user, { account: from, delta: -amount, kind: 'allocation_out', refId: transferId, note: input.note ?? `下拨至${to.orgName}`, action: 'allocate_out', at: now });
    if (debited === null) throw new AppError('CONFLICT', '拨出账户余额不足', { amount: '拨付金额超过拨出账户余额' });
    await moveMoney(tx, user, { account: to, delta: amount, kind: 'allocation_in', refId: transferId, note: input.note ?? `${from.orgName}下拨`, action: 'allocate_in', at: now });
  }), TX_OPTIONS);
  return {
    id: transferId,
    amount: input.amount,
    note: input.note ?? null,
    from: await getAccount(ctx, user, from.id),
    to: await getAccount(ctx, user, to.id),
    createdAt: now,
  };
}
