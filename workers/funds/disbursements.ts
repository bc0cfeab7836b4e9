/**
 * Disbursement vocabulary and the fund rules that need no database: which fund may pay which
 * file (SPEC §4, seed 一(三)6), which union's account may pay it, where money may be allocated.
 * Pure: no I/O.
 */
import { LEVEL_LABELS, canUseFund, type Level } from './index';

/** 帮扶类别: the programmes of seed 三 that pay money to a household. */
export const DISBURSEMENT_KINDS = ['living_aid', 'medical_aid', 'education_aid', 'startup_aid', 'training', 'other'] as const;
export type DisbursementKind = (typeof DISBURSEMENT_KINDS)[number];

export const DISBURSEMENT_KIND_LABELS: Record<DisbursementKind, string> = {
  living_aid: '生活救助',
  medical_aid: '医疗救助',
  education_aid: '金秋助学',
  startup_aid: '创业援助',
  training: '技能培训',
  other: '其他',
};

/** requested → approved → paid; requested or approved → rejected. */
export const DISBURSEMENT_STATUSES = ['requested', 'approved', 'paid', 'rejected'] as const;
export type DisbursementStatus = (typeof DISBURSEMENT_STATUSES)[number];

export const DISBURSEMENT_STATUS_LABELS: Record<DisbursementStatus, string> = {
  requested: '待审批',
  approved: '已审批待支付',
  paid: '已支付',
  rejected: '已驳回',
};

/** A ledger row's kind; its amount is the signed change of the balance (fen). */
export const FUND_TRANSACTION_KINDS = ['allocation_in', 'allocation_out', 'retained', 'payment', 'reversal'] as const;
export type FundTransactionKind = (typeof FUND_TRANSACTION_KINDS)[number];

/**
 * Why a fund of `fundLevel` may not pay a file of `fileLevel`, in the seed's words
 * (一(三)6: 基层级档案只能用基层帮扶资金…), or null when it may.
 */
export function fundLevelRefusal(fileLevel: Level, fundLevel: Level): string | null {
  if (canUseFund(fileLevel, fundLevel)) return null;
  const file = LEVEL_LABELS[fileLevel];
  const fund = LEVEL_LABELS[fundLevel];
  if (fileLevel === 'grassroots') return `基层级档案只能使用基层帮扶资金，不能使用${fund}帮扶资金`;
  return `${file}档案只能使用${file}及以下级别的帮扶资金，不能使用${fund}帮扶资金`;
}

/**
 * Org paths are `/100000/510000/…/<id>/`, so an org is on a file's chain (the file's own union
 * or one above it) exactly when its path is a prefix of the file's org path.
 */
export function isOnChain(fileOrgPath: string, orgPath: string): boolean {
  return fileOrgPath.startsWith(orgPath);
}

/** Strictly below: allocations go down the tree, never to the same union or sideways. */
export function isStrictDescendant(ancestorPath: string, orgPath: string): boolean {
  return orgPath !== ancestorPath && orgPath.startsWith(ancestorPath);
}

/** Fen as yuan for display and the bank's sheet (amounts are kept in fen everywhere else). */
export function fenToYuan(fen: number): number {
  return Math.round(fen) / 100;
}
