/**
 * Life events of a filed file (issue 10, seed 一(二) and 二(一)1): pure data shared by the job
 * handlers, the API's schemas and the admin UI.
 */

/**
 * 注销原因: seed 一(二) 死亡、调离、解除（终止）劳动合同、辞职、脱困, and 一(三)4 不如实申报……弄虚作假
 * 骗取建档资格的，一旦查实，立即注销档案，列入黑名单.
 */
export const CANCELLATION_REASONS = ['death', 'transfer_away', 'contract_ended', 'resignation', 'exited', 'untrue_declaration'] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

export const CANCELLATION_REASON_LABELS: Record<CancellationReason, string> = {
  death: '建档职工本人已死亡',
  transfer_away: '调离',
  contract_ended: '解除（终止）劳动合同',
  resignation: '辞职',
  exited: '已脱困',
  untrue_declaration: '不如实申报、弄虚作假骗取建档资格（列入黑名单）',
};

/**
 * 转移原因 (seed 二(一)1): 重新就业后……在新单位按程序建档、帮扶; 解除劳动关系后享受失业保险期间……由
 * 街道（社区）工会负责建档、帮扶.
 */
export const TRANSFER_REASONS = ['new_employer', 'unemployment'] as const;
export type TransferReason = (typeof TRANSFER_REASONS)[number];

export const TRANSFER_REASON_LABELS: Record<TransferReason, string> = {
  new_employer: '重新就业，转至新单位工会',
  unemployment: '享受失业保险期间，转至街道（社区）工会',
};

export const FILE_EVENT_KINDS = ['cancellation', 'transfer'] as const;
export type FileEventKind = (typeof FILE_EVENT_KINDS)[number];

/** The union kinds a file may be transferred to: unions that file households. */
export const TRANSFER_TARGET_KINDS = ['township', 'grassroots'] as const;

export const LIFE_EVENT_DECISIONS = ['approve', 'reject'] as const;

/** The file's close reason once cancelled. */
export function cancellationCloseReason(reason: CancellationReason, note: string): string {
  return `档案注销：${CANCELLATION_REASON_LABELS[reason]}${note ? `（${note}）` : ''}`;
}
