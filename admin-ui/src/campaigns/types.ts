/**
 * The clean-up campaign, the dibao referral and the spot check as api/campaigns/*.ts send them.
 * Names come masked; money is fen per person per month; days are YYYY-MM-DD (Asia/Shanghai).
 */
import type { RaRecord } from 'react-admin';
import type { CancelReason, ReferralAnswer, SpotCheckQuestion } from '../../../workers/campaigns/vocabulary';

export type RosterStatus = 'draft' | 'submitted' | 'confirmed';

/** `GET /api/cleanup-campaigns[/:id]` */
export type CleanupCampaign = RaRecord & {
  orgId: string;
  orgName: string | null;
  name: string;
  year: number;
  stockCutoff: string;
  incrementCutoff: string;
  status: 'open' | 'closed';
  startedAt: string;
  /** per union, over the files the caller may see (the single campaign only) */
  unions?: CleanupUnion[];
};

export type CleanupUnion = {
  orgId: string;
  orgName: string;
  stock: number;
  kept: number;
  cancelled: number;
  undecided: number;
  increment: number;
  incrementCancelled: number;
  restored: number;
  rosterStatus: { stock: RosterStatus | null; increment: RosterStatus | null };
};

/** `GET /api/cleanup-campaigns/:id/decisions` */
export type CleanupDecisionRow = RaRecord & {
  fileId: string;
  caseNo: string;
  fileNo: string | null;
  applicantName: string;
  orgId: string;
  orgName: string;
  fileStatus: string;
  establishedOn: string;
  part: 'stock' | 'increment';
  decision: 'keep' | 'cancel' | 'restored' | null;
  reason: CancelReason | null;
  decidedAt: string | null;
  restoredAs: { fileId: string; caseNo: string } | null;
};

/** `PUT /api/cleanup-campaigns/:id/decisions/:fileId` (`CleanupDecisionInputSchema`) */
export type CleanupDecisionInput = { decision: 'keep' | 'cancel'; reason?: CancelReason };

/** `GET /api/dibao-referrals[/:id]` */
export type DibaoReferral = RaRecord & {
  orgId: string;
  orgName: string;
  year: number;
  deadline: string;
  status: 'collecting' | 'confirmed' | 'sent' | 'answered' | string;
  sentAt: string | null;
  answeredAt: string | null;
  /** the list (single referral only) */
  items?: DibaoReferralItem[];
  /** how many households (the list of referrals only) */
  households?: number;
};

export type DibaoReferralItem = {
  id: string;
  fileId: string;
  caseNo: string;
  fileNo: string | null;
  applicantName: string;
  orgName: string;
  perCapita: number;
  dibao: number | null;
  answer: ReferralAnswer | null;
  note: string | null;
  answeredAt: string | null;
};

export type SpotCheckAnswer = { ok: boolean; notes: string };

/** `GET /api/spot-checks[/:id]` */
export type SpotCheck = RaRecord & {
  orgId: string;
  orgName: string;
  year: number;
  seed: number;
  sharePct: number;
  status: 'checking' | 'following_up' | 'closed' | string;
  createdAt: string;
  population?: number;
  items?: SpotCheckItem[];
};

export type SpotCheckItem = {
  id: string;
  fileId: string;
  caseNo: string;
  fileNo: string | null;
  applicantName: string;
  orgName: string;
  fileStatus: string;
  answers: Record<SpotCheckQuestion, SpotCheckAnswer> | null;
  negative: boolean | null;
  followUp: string | null;
  checkedAt: string | null;
};
