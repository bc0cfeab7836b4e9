/**
 * Fund accounts, their ledger, disbursements and payment batches as api/funds/*.ts send them
 * (SPEC §4). Every amount is integer fen; names of households come masked.
 */
import type { RaRecord } from 'react-admin';
import type { Level } from '../../../workers/funds';
import type { DisbursementKind, DisbursementStatus, FundTransactionKind } from '../../../workers/funds/disbursements';

export type AccountRecord = RaRecord & {
  orgId: string;
  orgName: string;
  /** `/100000/…/510502/`: a union's accounts sit below its parent's on the tree */
  orgPath: string;
  level: Level;
  name: string;
  balance: number;
  createdAt: string;
};

export type TransactionRecord = RaRecord & {
  accountId: string;
  kind: FundTransactionKind;
  kindLabel: string;
  /** signed change of the balance */
  amount: number;
  refId: string | null;
  note: string | null;
  createdByName: string | null;
  createdAt: string;
};

export type DisbursementRecord = RaRecord & {
  fileId: string;
  caseNo: string;
  fileNo: string | null;
  applicantName: string;
  fileLevel: Level | null;
  fileOrgName: string;
  accountId: string;
  accountName: string;
  accountLevel: Level;
  accountOrgName: string;
  kind: DisbursementKind;
  amount: number;
  status: DisbursementStatus;
  reason: string;
  idempotencyKey: string;
  requestedByName: string | null;
  requestedAt: string;
  approvedByName: string | null;
  approvedAt: string | null;
  paidAt: string | null;
  batchId: string | null;
  bankCardLast4: string | null;
  rejectReason: string | null;
};

export type BatchRecord = RaRecord & {
  accountId: string;
  accountName: string;
  accountLevel: Level;
  orgName: string;
  createdByName: string | null;
  createdAt: string;
  count: number;
  total: number;
};

/** `GET /api/funds/usage`: paid amounts by fund level and by the union whose account paid. */
export type FundUsage = {
  year: number | null;
  total: { amount: number; count: number };
  byLevel: { level: Level; amount: number; count: number }[];
  byUnion: { orgId: string; orgName: string; orgPath: string; amount: number; count: number; byLevel: Record<Level, number> }[];
};
