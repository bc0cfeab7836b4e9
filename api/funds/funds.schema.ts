/**
 * Request schemas of the funds API (SPEC §4). Money is integer fen; the admin UI reuses these
 * for form validation.
 */
import { z } from 'zod';
import { LevelSchema } from '../../workers/funds';
import { DISBURSEMENT_KINDS, DISBURSEMENT_STATUSES } from '../../workers/funds/disbursements';

/** One payment or transfer at most ¥10,000,000: a typo of a few zeros is refused, not paid. */
export const MAX_AMOUNT_FEN = 1_000_000_000;

const id = (what: string) => z.string({ error: `请选择${what}` }).trim().min(1, `请选择${what}`).max(64, `${what}编号无效`);

const fen = (label: string) =>
  z
    .number({ error: `请填写${label}（单位：分）` })
    .int(`${label}须为整数（单位：分）`)
    .min(1, `${label}必须大于0`)
    .max(MAX_AMOUNT_FEN, `${label}不能超过1000万元`);

/** A body that is not a JSON object (an array, a string) is refused as a whole. */
const OBJECT = { error: '请求内容应为 JSON 对象' } as const;

const note = (label: string, max: number) => z.string({ error: `${label}应为文字` }).trim().max(max, `${label}不能超过${max}字`);

export const AccountInputSchema = z.object({
  orgId: id('工会'),
  level: LevelSchema,
  name: note('账户名称', 50).min(2, '账户名称至少2个字').optional(),
}, OBJECT);

export const DepositInputSchema = z.object({
  amount: fen('金额'),
  note: note('备注', 200).optional(),
}, OBJECT);

export const AllocationInputSchema = z.object({
  fromAccountId: id('拨出账户'),
  toAccountId: id('拨入账户'),
  amount: fen('拨付金额'),
  note: note('备注', 200).optional(),
}, OBJECT);

export const DisbursementInputSchema = z.object({
  fileId: id('档案'),
  accountId: id('资金账户'),
  kind: z.enum(DISBURSEMENT_KINDS, { error: '帮扶类别无效' }),
  amount: fen('帮扶金额'),
  reason: z.string({ error: '请填写帮扶事由' }).trim().min(2, '请填写帮扶事由').max(500, '帮扶事由不能超过500字'),
  /** chosen by the client once per request form, so that a retried submit is the same request */
  idempotencyKey: z
    .string({ error: '缺少幂等键 idempotencyKey' })
    .regex(/^[\w.:-]{8,100}$/, '幂等键应为8至100位字母、数字或 - _ . :'),
}, OBJECT);
export type DisbursementInput = z.infer<typeof DisbursementInputSchema>;

export const RejectInputSchema = z.object({
  reason: z.string({ error: '请填写驳回理由' }).trim().min(2, '请填写驳回理由').max(500, '驳回理由不能超过500字'),
}, OBJECT);

export const BatchInputSchema = z.object({ accountId: id('资金账户') }, OBJECT);

export const ACCOUNT_SORTABLE = ['id', 'orgPath', 'level', 'name', 'balance', 'createdAt'] as const;

export const AccountFilterSchema = z.object({
  orgId: z.string().max(64).optional(),
  level: LevelSchema.optional(),
  /** only the accounts that may pay this file: on its chain, in scope, and of a usable level */
  fileId: z.string().max(64).optional(),
});

export const TransactionFilterSchema = z.object({});
/** the ledger reads newest first; react-admin's default `id` sort is accepted and means the same */
export const TRANSACTION_SORTABLE = ['id', 'createdAt'] as const;

export const DisbursementFilterSchema = z.object({
  status: z.enum(DISBURSEMENT_STATUSES, { error: '支付状态无效' }).optional(),
  fileId: z.string().max(64).optional(),
  accountId: z.string().max(64).optional(),
  batchId: z.string().max(64).optional(),
});
export const DISBURSEMENT_SORTABLE = ['id', 'requestedAt', 'amount', 'status', 'paidAt'] as const;

export const BatchFilterSchema = z.object({ accountId: z.string().max(64).optional() });
/** batches read newest first; react-admin's default `id` sort is accepted and means the same */
export const BATCH_SORTABLE = ['id', 'createdAt'] as const;

export const UsageQuerySchema = z.object({
  year: z.coerce.number({ error: '年份无效' }).int('年份无效').min(2000, '年份无效').max(2100, '年份无效').optional(),
});
