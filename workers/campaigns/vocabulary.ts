/**
 * The words of the clean-up campaign, the dibao referral and the spot checks: pure data shared by
 * the workers, the API's form schemas and the admin UI.
 */
export const CANCEL_REASONS = ['death', 'transfer', 'contract_ended', 'resignation', 'exited'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

export const CANCEL_REASON_LABELS: Record<CancelReason, string> = {
  death: '建档职工本人已死亡',
  transfer: '调离',
  contract_ended: '解除（终止）劳动合同',
  resignation: '辞职',
  exited: '已脱困',
};

export const REFERRAL_ANSWERS = ['covered', 'not_eligible', 'pending'] as const;
export type ReferralAnswer = (typeof REFERRAL_ANSWERS)[number];

export const REFERRAL_ANSWER_LABELS: Record<ReferralAnswer, string> = {
  covered: '已纳入低保',
  not_eligible: '经复核不符合低保条件',
  pending: '待民政审核认定',
};

export const SPOT_CHECK_QUESTIONS = ['rightTarget', 'realMechanism', 'fundsWellUsed', 'realExit'] as const;
export type SpotCheckQuestion = (typeof SPOT_CHECK_QUESTIONS)[number];

export const SPOT_CHECK_QUESTION_LABELS: Record<SpotCheckQuestion, string> = {
  rightTarget: '帮扶对象准不准',
  realMechanism: '帮扶机制实不实',
  fundsWellUsed: '资金使用好不好',
  realExit: '脱困成效真不真',
};
