import type { RaRecord } from 'react-admin';

/** `GET /api/files/:id/events`: a cancellation or transfer of the file. */
export type FileEventRecord = RaRecord & {
  kind: 'cancellation' | 'transfer';
  reason: string;
  note: string;
  status: 'pending' | 'approved' | 'rejected';
  fromOrgName: string;
  toOrgName: string | null;
  newHelperName: string | null;
  requestedBy: string;
  requestedAt: string;
  decidedAt: string | null;
};

export type TransferTarget = { id: string; name: string; parentName: string | null };

/** Re-entry links of `GET /api/files/:id` (issue 10). */
export type FileLink = { id: string; caseNo: string; fileNo: string | null; status: string; orgName: string; closeReason: string | null; closedAt: string | null; visible: boolean };
