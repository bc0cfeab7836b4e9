/**
 * Disbursements (帮扶资金发放): request → approval → payment to the bank card on file (SPEC §4,
 * seed 四3 实行非现金支付), under the level rule of seed 一(三)6. Amounts are fen.
 *
 * What keeps money safe under concurrency (issue 7): a request is created at most once per
 * idempotency key (unique column); a disbursement is paid at most once (conditional
 * approved → paid UPDATE); an account is debited by one conditional UPDATE that refuses to go
 * below zero. All three hold on PGlite and on a PostgreSQL server.
 */
import { Prisma } from '../../prisma/generated/client';
import type { z } from 'zod';
import type { AuthUser } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';
import type { ListParams } from '../http/list-params';
import { maskName } from '../../workers/identity/resident-id';
import { LEVEL_LABELS, type Level } from '../../workers/funds';
import {
  DISBURSEMENT_KIND_LABELS,
  DISBURSEMENT_STATUS_LABELS,
  fundLevelRefusal,
  isOnChain,
  type DisbursementKind,
  type DisbursementStatus,
} from '../../workers/funds/disbursements';
import {
  TX_OPTIONS,
  findVisibleAccount,
  findVisibleFileForFunds,
  requireApprover,
  requireFundOfficer,
  requireRequester,
  scopeSql,
  storedLevel,
  type FundsContext,
  type Reader,
} from './access';
import { moveMoney } from './accounts';
import { DisbursementInputSchema, RejectInputSchema, type DisbursementFilterSchema, type DisbursementInput, DISBURSEMENT_SORTABLE } from './funds.schema';

interface DisbursementRow {
  id: string;
  fileId: string;
  accountId: string;
  kind: string;
  amount: bigint;
  status: string;
  idempotencyKey: string;
  reason: string;
  requestedBy: string;
  requestedAt: Date;
  approvedBy: string | null;
  approvedAt: Date | null;
  paidAt: Date | null;
  batchId: string | null;
  caseNo: string;
  fileNo: string | null;
  applicantName: string;
  fileStatus: string;
  fileLevel: string | null;
  fileOrgId: string;
  fileOrgName: string;
  fileOrgPath: string;
  accountName: string;
  accountLevel: string;
  accountOrgId: string;
  accountOrgName: string;
  accountOrgPath: string;
  cardLast4: string | null;
  requestedByName: string | null;
  approvedByName: string | null;
}

const SELECT = Prisma.sql`SELECT d.id, d."fileId", d."accountId", d.kind, d.amount, d.status, d."idempotencyKey", d.reason,
    d."requestedBy", d."requestedAt", d."approvedBy", d."approvedAt", d."paidAt", d."batchId",
    f."caseNo", f."fileNo", f."applicantName", f.status AS "fileStatus", f.level AS "fileLevel",
    f."orgId" AS "fileOrgId", fo.name AS "fileOrgName", f."orgPath" AS "fileOrgPath",
    a.name AS "accountName", a.level AS "accountLevel", a."orgId" AS "accountOrgId", ao.name AS "accountOrgName", ao.path AS "accountOrgPath",
    f.form->'bank'->>'cardNumber' AS "cardNumber",
    ru."displayName" AS "requestedByName", au."displayName" AS "approvedByName"
  FROM "Disbursement" d
  JOIN "HouseholdFile" f ON f.id = d."fileId"
  JOIN "Org" fo ON fo.id = f."orgId"
  JOIN "FundAccount" a ON a.id = d."accountId"
  JOIN "Org" ao ON ao.id = a."orgId"
  LEFT JOIN "User" ru ON ru.id = d."requestedBy"
  LEFT JOIN "User" au ON au.id = d."approvedBy"`;

const SORT_COLUMNS: Record<(typeof DISBURSEMENT_SORTABLE)[number], string> = {
  id: 'd.id',
  requestedAt: 'd."requestedAt"',
  amount: 'd.amount',
  status: 'd.status',
  paidAt: 'd."paidAt"',
};

function view(d: DisbursementRow, rejectReason: string | null = null) {
  return {
    id: d.id,
    fileId: d.fileId,
    caseNo: d.caseNo,
    fileNo: d.fileNo,
    /** masked (PIPL); the bank's export carries the full name */
    applicantName: maskName(d.applicantName),
    fileLevel: d.fileLevel,
    fileOrgId: d.fileOrgId,
    fileOrgName: d.fileOrgName,
    accountId: d.accountId,
    accountName: d.accountName,
    accountLevel: d.accountLevel,
    accountLevelLabel: LEVEL_LABELS[d.accountLevel as Level] ?? d.accountLevel,
    accountOrgId: d.accountOrgId,
    accountOrgName: d.accountOrgName,
    kind: d.kind,
    kindLabel: DISBURSEMENT_KIND_LABELS[d.kind as DisbursementKind] ?? d.kind,
    /** fen */
    amount: Number(d.amount),
    status: d.status,
    statusLabel: DISBURSEMENT_STATUS_LABELS[d.status as DisbursementStatus] ?? d.status,
    reason: d.reason,
    idempotencyKey: d.idempotencyKey,
    requestedBy: d.requestedBy,
    requestedByName: d.requestedByName,
    requestedAt: d.requestedAt,
    approvedBy: d.approvedBy,
    approvedByName: d.approvedByName,
    approvedAt: d.approvedAt,
    paidAt: d.paidAt,
    batchId: d.batchId,
    bankCardLast4: d.cardLast4,
    rejectReason,
  };
}
export type DisbursementView = ReturnType<typeof view>;

/** Rows the caller may see: those of households in their subtree (an account on the chain is then in it too). */
async function queryRows(db: Reader, user: AuthUser, where: Prisma.Sql[], tail: Prisma.Sql = Prisma.empty): Promise<DisbursementRow[]> {
  const cond = Prisma.join([scopeSql(user, Prisma.sql`f."orgPath"`), ...where], ' AND ');
  // The card number is stored encrypted (api/pii): the client's extension decrypts it in the
  // result, and only its last four digits leave this function.
  const rows = await db.$queryRaw<Array<Omit<DisbursementRow, 'cardLast4'> & { cardNumber: string | null }>>`${SELECT} WHERE ${cond} ${tail}`;
  return rows.map(({ cardNumber, ...row }) => ({ ...row, cardLast4: cardNumber ? cardNumber.slice(-4) : null }));
}

async function rejectReasons(db: Reader, rows: DisbursementRow[]): Promise<Map<string, string>> {
  const ids = rows.filter((r) => r.status === 'rejected').map((r) => r.id);
  if (!ids.length) return new Map();
  const entries = await db.auditLog.findMany({ where: { entity: 'disbursement', action: 'reject', entityId: { in: ids } }, orderBy: { id: 'asc' } });
  return new Map(entries.map((e) => [e.entityId!, String((e.after as { reason?: string } | null)?.reason ?? '')]));
}

async function findVisible(db: Reader, user: AuthUser, id: string): Promise<DisbursementRow> {
  const [row] = await queryRows(db, user, [Prisma.sql`d.id = ${id}`]);
  if (!row) throw new AppError('NOT_FOUND', '帮扶资金记录不存在');
  return row;
}

export async function getDisbursement(ctx: FundsContext, user: AuthUser, id: string): Promise<DisbursementView> {
  const row = await findVisible(ctx.db.prisma, user, id);
  return view(row, (await rejectReasons(ctx.db.prisma, [row])).get(row.id) ?? null);
}

/** `GET /api/funds/disbursements`: filters status, fileId, accountId, batchId; scoped to the caller's subtree. */
export async function listDisbursements(ctx: FundsContext, user: AuthUser, params: ListParams<z.infer<typeof DisbursementFilterSchema>>) {
  const prisma = ctx.db.prisma;
  const { status, fileId, accountId, batchId } = params.filter;
  const where: Prisma.Sql[] = [];
  if (status) where.push(Prisma.sql`d.status = ${status}`);
  if (fileId) where.push(Prisma.sql`d."fileId" = ${fileId}`);
  if (accountId) where.push(Prisma.sql`d."accountId" = ${accountId}`);
  if (batchId) where.push(Prisma.sql`d."batchId" = ${batchId}`);
  const sort = params.sort ?? { field: 'requestedAt', order: 'DESC' };
  const column = SORT_COLUMNS[sort.field as keyof typeof SORT_COLUMNS];
  const order = Prisma.raw(`${column} ${sort.order === 'ASC' ? 'ASC' : 'DESC'} NULLS LAST, d.id ASC`);
  const cond = Prisma.join([scopeSql(user, Prisma.sql`f."orgPath"`), ...where], ' AND ');
  const [{ total }] = await prisma.$queryRaw<{ total: number }[]>`SELECT COUNT(*)::int AS total FROM "Disbursement" d JOIN "HouseholdFile" f ON f.id = d."fileId" WHERE ${cond}`;
  const rows = await queryRows(prisma, user, where, Prisma.sql`ORDER BY ${order} LIMIT ${params.limit} OFFSET ${params.offset}`);
  const reasons = await rejectReasons(prisma, rows);
  return { total, rows: rows.map((r) => view(r, reasons.get(r.id) ?? null)) };
}

/**
 * The request this key already made, if any. A key names one request: a retry with the same
 * content gets the existing record; the same key with different content is a client bug (409).
 */
async function replayed(ctx: FundsContext, user: AuthUser, input: DisbursementInput): Promise<DisbursementView | null> {
  const existing = await ctx.db.prisma.disbursement.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
  if (!existing) return null;
  const same = existing.fileId === input.fileId && existing.accountId === input.accountId && existing.kind === input.kind && Number(existing.amount) === input.amount;
  const row = same ? (await queryRows(ctx.db.prisma, user, [Prisma.sql`d.id = ${existing.id}`]))[0] : undefined;
  if (!row) throw new AppError('CONFLICT', '该幂等键已用于另一笔申请，请刷新页面后重新填写', { idempotencyKey: '该幂等键已用于另一笔申请' });
  return view(row);
}

/**
 * `POST /api/funds/disbursements`: a request for a filed household, from an account on the
 * household's chain (its union or one above) in the caller's scope, whose level the file may use.
 * Returns `created: false` with the existing record when the idempotency key was seen before.
 */
export async function requestDisbursement(ctx: FundsContext, user: AuthUser, body: unknown): Promise<{ created: boolean; disbursement: DisbursementView }> {
  const input = DisbursementInputSchema.parse(body);
  const prior = await replayed(ctx, user, input);
  if (prior) return { created: false, disbursement: prior };

  const prisma = ctx.db.prisma;
  const file = await findVisibleFileForFunds(prisma, user, input.fileId, 'fileId');
  requireRequester(user, file.orgPath);
  if (file.status !== 'filed') throw new AppError('CONFLICT', '只有已建档、正在帮扶中的档案可以申请帮扶资金', { fileId: '档案不在帮扶中' });
  const fileLevel = storedLevel(file.level, '档案');
  const account = await findVisibleAccount(prisma, user, input.accountId, 'accountId');
  if (!isOnChain(file.orgPath, account.orgPath)) {
    throw new AppError('UNPROCESSABLE', '只能使用档案所在工会或其上级工会的资金账户', { accountId: '只能使用档案所在工会或其上级工会的资金账户' });
  }
  const refusal = fundLevelRefusal(fileLevel, storedLevel(account.level, '资金账户'));
  if (refusal) throw new AppError('UNPROCESSABLE', refusal, { accountId: refusal });

  const now = ctx.clock.now();
  let id: string;
  try {
    id = await prisma.$transaction(async (tx) => {
      const created = await tx.disbursement.create({
        data: {
          fileId: file.id,
          accountId: account.id,
          kind: input.kind,
          amount: BigInt(input.amount),
          status: 'requested',
          idempotencyKey: input.idempotencyKey,
          reason: input.reason,
          requestedBy: user.id,
          requestedAt: now,
        },
      });
      await audit(tx, user, { action: 'request', entity: 'disbursement', entityId: created.id, after: { ...input, status: 'requested' }, orgId: file.orgId }, now);
      return created.id;
    }, TX_OPTIONS);
  } catch (err) {
    // The same key committed by a concurrent retry: that one is the request.
    const raced = await replayed(ctx, user, input);
    if (raced) return { created: false, disbursement: raced };
    throw err;
  }
  return { created: true, disbursement: await getDisbursement(ctx, user, id) };
}

function notInStatus(status: string, action: string): AppError {
  const label = DISBURSEMENT_STATUS_LABELS[status as DisbursementStatus] ?? status;
  if (status === 'paid' && action === '支付') return new AppError('CONFLICT', '该笔帮扶资金已支付，不能重复支付');
  return new AppError('CONFLICT', `该笔帮扶资金${label}，不能${action}`);
}

function levelRefusal(row: DisbursementRow): string | null {
  return fundLevelRefusal(storedLevel(row.fileLevel, '档案'), storedLevel(row.accountLevel, '资金账户'));
}

/** `POST /api/funds/disbursements/:id/approve`: requested → approved. */
export async function approveDisbursement(ctx: FundsContext, user: AuthUser, id: string): Promise<DisbursementView> {
  const now = ctx.clock.now();
  await ctx.db.prisma.$transaction(async (tx) => {
    const row = await findVisible(tx, user, id);
    requireApprover(user, row.fileOrgPath, row.accountOrgPath);
    if (row.status !== 'requested') throw notInStatus(row.status, '审批');
    const refusal = levelRefusal(row);
    if (refusal) throw new AppError('UNPROCESSABLE', refusal, { accountId: refusal });
    const { count } = await tx.disbursement.updateMany({ where: { id, status: 'requested' }, data: { status: 'approved', approvedBy: user.id, approvedAt: now } });
    if (count !== 1) throw notInStatus((await tx.disbursement.findUniqueOrThrow({ where: { id } })).status, '审批');
    await audit(tx, user, { action: 'approve', entity: 'disbursement', entityId: id, before: { status: 'requested' }, after: { status: 'approved' }, orgId: row.fileOrgId }, now);
  }, TX_OPTIONS);
  return getDisbursement(ctx, user, id);
}

/** `POST /api/funds/disbursements/:id/reject`: requested or approved → rejected, with a reason. */
export async function rejectDisbursement(ctx: FundsContext, user: AuthUser, id: string, body: unknown): Promise<DisbursementView> {
  const now = ctx.clock.now();
  const prisma = ctx.db.prisma;
  // Another union's record is a 404 whatever the body says.
  await findVisible(prisma, user, id);
  const { reason } = RejectInputSchema.parse(body);
  await prisma.$transaction(async (tx) => {
    const row = await findVisible(tx, user, id);
    requireApprover(user, row.fileOrgPath, row.accountOrgPath);
    const { count } = await tx.disbursement.updateMany({ where: { id, status: { in: ['requested', 'approved'] } }, data: { status: 'rejected' } });
    if (count !== 1) throw notInStatus((await tx.disbursement.findUniqueOrThrow({ where: { id } })).status, '驳回');
    await audit(tx, user, { action: 'reject', entity: 'disbursement', entityId: id, before: { status: row.status }, after: { status: 'rejected', reason }, orgId: row.fileOrgId }, now);
  }, TX_OPTIONS);
  return getDisbursement(ctx, user, id);
}

/**
 * `POST /api/funds/disbursements/:id/pay`: approved → paid, debiting the account in the same
 * transaction. Paid only to the bank card on file (non-cash). The status change is conditional
 * (a second payment finds no approved row) and the debit is conditional (a fund that cannot
 * afford it refuses and the whole transaction rolls back).
 */
export async function payDisbursement(ctx: FundsContext, user: AuthUser, id: string): Promise<DisbursementView> {
  const now = ctx.clock.now();
  await ctx.db.prisma.$transaction(async (tx) => {
    const row = await findVisible(tx, user, id);
    requireFundOfficer(user, row.accountOrgPath);
    if (row.status !== 'approved') throw notInStatus(row.status, '支付');
    if (row.fileStatus !== 'filed') throw new AppError('CONFLICT', '档案已不在帮扶中，不能支付');
    if (!row.cardLast4) {
      throw new AppError('UNPROCESSABLE', '档案未登记银行卡号：帮扶资金只能非现金支付到本人银行卡', { 'bank.cardNumber': '档案未登记银行卡号' });
    }
    const refusal = levelRefusal(row);
    if (refusal) throw new AppError('UNPROCESSABLE', refusal, { accountId: refusal });
    const { count } = await tx.disbursement.updateMany({ where: { id, status: 'approved' }, data: { status: 'paid', paidAt: now } });
    if (count !== 1) throw notInStatus((await tx.disbursement.findUniqueOrThrow({ where: { id } })).status, '支付');
    const account = { id: row.accountId, orgId: row.accountOrgId };
    const balance = await moveMoney(tx, user, { account, delta: -BigInt(row.amount), kind: 'payment', refId: id, note: `${DISBURSEMENT_KIND_LABELS[row.kind as DisbursementKind] ?? row.kind} ${row.caseNo}`, action: 'pay', at: now });
    if (balance === null) throw new AppError('CONFLICT', `资金账户“${row.accountName}”余额不足，不能支付`);
    await audit(tx, user, { action: 'pay', entity: 'disbursement', entityId: id, before: { status: 'approved' }, after: { status: 'paid', amount: Number(row.amount), accountId: row.accountId }, orgId: row.fileOrgId }, now);
  }, TX_OPTIONS);
  return getDisbursement(ctx, user, id);
}
