/**
 * Payment batches for the bank (代发): an account's paid disbursements collected once into a
 * batch, and the batch as an .xlsx the bank imports. The sheet carries full names and card
 * numbers (the bank needs them), so every export is an audited read of personal data (issue 7).
 */
import ExcelJS from 'exceljs';
import { Prisma } from '../../prisma/generated/client';
import type { z } from 'zod';
import type { AuthUser } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';
import { shanghaiDate } from '../time';
import type { ListParams } from '../http/list-params';
import { maskResidentId } from '../../workers/identity/resident-id';
import { LEVEL_LABELS, type Level } from '../../workers/funds';
import { DISBURSEMENT_KIND_LABELS, fenToYuan, type DisbursementKind } from '../../workers/funds/disbursements';
import { TX_OPTIONS, bankOnFile, findVisibleAccount, requireFundOfficer, scopeSql, type FundsContext, type Reader } from './access';
import { BatchInputSchema, type BatchFilterSchema } from './funds.schema';

interface BatchRow {
  id: string;
  accountId: string;
  accountName: string;
  accountLevel: string;
  orgId: string;
  orgName: string;
  orgPath: string;
  createdBy: string;
  createdByName: string | null;
  createdAt: Date;
  count: number;
  total: bigint;
}

const SELECT = Prisma.sql`SELECT b.id, b."accountId", a.name AS "accountName", a.level AS "accountLevel", a."orgId", o.name AS "orgName", o.path AS "orgPath",
    b."createdBy", u."displayName" AS "createdByName", b."createdAt",
    (SELECT COUNT(*)::int FROM "Disbursement" d WHERE d."batchId" = b.id) AS count,
    (SELECT COALESCE(SUM(d.amount), 0)::bigint FROM "Disbursement" d WHERE d."batchId" = b.id) AS total
  FROM "PaymentBatch" b
  JOIN "FundAccount" a ON a.id = b."accountId"
  JOIN "Org" o ON o.id = a."orgId"
  LEFT JOIN "User" u ON u.id = b."createdBy"`;

function view(b: BatchRow) {
  return {
    id: b.id,
    accountId: b.accountId,
    accountName: b.accountName,
    accountLevel: b.accountLevel,
    accountLevelLabel: LEVEL_LABELS[b.accountLevel as Level] ?? b.accountLevel,
    orgId: b.orgId,
    orgName: b.orgName,
    createdBy: b.createdBy,
    createdByName: b.createdByName,
    createdAt: b.createdAt,
    count: Number(b.count),
    /** fen */
    total: Number(b.total),
  };
}

/** Batches of accounts in the caller's subtree. */
async function queryBatches(db: Reader, user: AuthUser, where: Prisma.Sql[], tail: Prisma.Sql = Prisma.empty): Promise<BatchRow[]> {
  const cond = Prisma.join([scopeSql(user, Prisma.sql`o.path`), ...where], ' AND ');
  return db.$queryRaw<BatchRow[]>`${SELECT} WHERE ${cond} ${tail}`;
}

async function findVisibleBatch(db: Reader, user: AuthUser, id: string): Promise<BatchRow> {
  const [row] = await queryBatches(db, user, [Prisma.sql`b.id = ${id}`]);
  if (!row) throw new AppError('NOT_FOUND', '支付批次不存在');
  return row;
}

export async function getBatch(ctx: FundsContext, user: AuthUser, id: string) {
  return view(await findVisibleBatch(ctx.db.prisma, user, id));
}

export async function listBatches(ctx: FundsContext, user: AuthUser, params: ListParams<z.infer<typeof BatchFilterSchema>>) {
  const prisma = ctx.db.prisma;
  const where = params.filter.accountId ? [Prisma.sql`b."accountId" = ${params.filter.accountId}`] : [];
  const cond = Prisma.join([scopeSql(user, Prisma.sql`o.path`), ...where], ' AND ');
  const [{ total }] = await prisma.$queryRaw<{ total: number }[]>`SELECT COUNT(*)::int AS total FROM "PaymentBatch" b JOIN "FundAccount" a ON a.id = b."accountId" JOIN "Org" o ON o.id = a."orgId" WHERE ${cond}`;
  const rows = await queryBatches(prisma, user, where, Prisma.sql`ORDER BY b."createdAt" DESC, b.id LIMIT ${params.limit} OFFSET ${params.offset}`);
  return { total, rows: rows.map(view) };
}

/**
 * `POST /api/funds/batches`: every paid disbursement of the account not yet in a batch. The
 * claim is one conditional UPDATE (`batchId IS NULL`), so two batches never share a payment.
 */
export async function createBatch(ctx: FundsContext, user: AuthUser, body: unknown) {
  const { accountId } = BatchInputSchema.parse(body);
  const prisma = ctx.db.prisma;
  const account = await findVisibleAccount(prisma, user, accountId, 'accountId');
  requireFundOfficer(user, account.orgPath);
  const now = ctx.clock.now();
  const id = await prisma.$transaction(async (tx) => {
    const batch = await tx.paymentBatch.create({ data: { accountId, createdBy: user.id, createdAt: now } });
    const { count } = await tx.disbursement.updateMany({ where: { accountId, status: 'paid', batchId: null }, data: { batchId: batch.id } });
    if (!count) throw new AppError('CONFLICT', '该账户没有待报送银行的已支付记录', { accountId: '没有待报送银行的已支付记录' });
    const sum = await tx.disbursement.aggregate({ where: { batchId: batch.id }, _sum: { amount: true } });
    await audit(tx, user, { action: 'create', entity: 'payment_batch', entityId: batch.id, after: { accountId, count, total: Number(sum._sum.amount ?? 0n) }, orgId: account.orgId }, now);
    return batch.id;
  }, TX_OPTIONS);
  return getBatch(ctx, user, id);
}

export const BATCH_HEADERS = ['序号', '档案号', '姓名', '身份证号', '开户银行', '支行', '银行卡号', '金额（元）', '用途'] as const;

/**
 * `GET /api/funds/batches/:id/export`: the bank's sheet. Full name and card number (the bank
 * pays by them); the ID number masked to its last 4 (the bank does not need it). The read is
 * audited before the file leaves.
 */
export async function exportBatch(ctx: FundsContext, user: AuthUser, id: string): Promise<{ filename: string; workbook: ExcelJS.Workbook }> {
  const prisma = ctx.db.prisma;
  const batch = await findVisibleBatch(prisma, user, id);
  requireFundOfficer(user, batch.orgPath);
  const items = await prisma.disbursement.findMany({ where: { batchId: id }, orderBy: [{ paidAt: 'asc' }, { id: 'asc' }] });
  const files = await prisma.householdFile.findMany({
    where: { id: { in: [...new Set(items.map((d) => d.fileId))] } },
    select: { id: true, caseNo: true, fileNo: true, applicantName: true, idNumber: true, form: true },
  });
  const byId = new Map(files.map((f) => [f.id, f]));
  const now = ctx.clock.now();
  await prisma.$transaction(
    (tx) =>
      audit(
        tx,
        user,
        { action: 'export', entity: 'payment_batch', entityId: id, after: { fields: ['applicantName', 'bank.cardNumber'], disbursementIds: items.map((d) => d.id), count: items.length }, orgId: batch.orgId },
        now,
      ),
    TX_OPTIONS,
  );

  const workbook = new ExcelJS.Workbook();
  workbook.creator = '困难职工帮扶管理系统';
  workbook.created = now;
  const sheet = workbook.addWorksheet('代发明细');
  sheet.columns = [
    { header: BATCH_HEADERS[0], key: 'seq', width: 6 },
    { header: BATCH_HEADERS[1], key: 'fileNo', width: 22 },
    { header: BATCH_HEADERS[2], key: 'name', width: 12 },
    { header: BATCH_HEADERS[3], key: 'idNumber', width: 22 },
    { header: BATCH_HEADERS[4], key: 'bankName', width: 18 },
    { header: BATCH_HEADERS[5], key: 'branch', width: 22 },
    // Text, not a number: a 19-digit card number would lose digits as a spreadsheet number.
    { header: BATCH_HEADERS[6], key: 'cardNumber', width: 24, style: { numFmt: '@' } },
    { header: BATCH_HEADERS[7], key: 'amount', width: 14, style: { numFmt: '0.00' } },
    { header: BATCH_HEADERS[8], key: 'purpose', width: 14 },
  ];
  sheet.getRow(1).font = { bold: true };
  items.forEach((d, i) => {
    const file = byId.get(d.fileId);
    const bank = bankOnFile(file?.form);
    sheet.addRow({
      seq: i + 1,
      fileNo: file?.fileNo ?? file?.caseNo ?? '',
      name: file?.applicantName ?? '',
      idNumber: file ? maskResidentId(file.idNumber) : '',
      bankName: bank.bankName ?? '',
      branch: bank.branch ?? '',
      cardNumber: bank.cardNumber ?? '',
      amount: fenToYuan(Number(d.amount)),
      purpose: DISBURSEMENT_KIND_LABELS[d.kind as DisbursementKind] ?? d.kind,
    });
  });

  const info = workbook.addWorksheet('批次信息');
  info.columns = [
    { header: '项目', key: 'k', width: 16 },
    { header: '内容', key: 'v', width: 40 },
  ];
  info.getRow(1).font = { bold: true };
  info.addRows([
    { k: '批次号', v: batch.id },
    { k: '付款工会', v: batch.orgName },
    { k: '资金账户', v: `${batch.accountName}（${LEVEL_LABELS[batch.accountLevel as Level] ?? batch.accountLevel}）` },
    { k: '笔数', v: items.length },
    { k: '合计金额（元）', v: fenToYuan(items.reduce((s, d) => s + Number(d.amount), 0)) },
    { k: '生成日期', v: shanghaiDate(batch.createdAt) },
    { k: '导出日期', v: shanghaiDate(now) },
  ]);
  return { filename: `代发明细-${batch.orgName}-${shanghaiDate(batch.createdAt)}-${id.slice(-6)}.xlsx`, workbook };
}
