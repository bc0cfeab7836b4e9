import type { RaRecord } from 'react-admin';

/**
 * A roster as `GET /api/rosters` lists it (api/help/help.ts `listRosters`): the union's 解困脱困
 * 花名册 of a year (`exit`), or a part of its clean-up roster. The signer's and confirmer's ids
 * come without names.
 */
export type RosterRecord = RaRecord & {
  orgId: string;
  orgName?: string;
  year: number;
  kind: 'exit' | 'cleanup_stock' | 'cleanup_increment' | string;
  status: 'draft' | 'submitted' | 'confirmed';
  fileIds: string[];
  submittedBy: string | null;
  submittedAt: string | null;
  confirmedBy: string | null;
  confirmedAt: string | null;
  createdAt: string;
};

export type RosterAction = 'submit' | 'confirm';
