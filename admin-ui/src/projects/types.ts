import type { RaRecord } from 'react-admin';

/** `GET /api/projects`: a project with what the caller may see of it. Money in fen. */
export type ProjectRecord = RaRecord & {
  orgId: string;
  orgName: string;
  year: number;
  name: string;
  category: string;
  fundLevel: string;
  budget: number;
  targetCount: number | null;
  targetKind: 'households' | 'trainees';
  startDate: string;
  endDate: string;
  eligibilityNotes: string;
  status: 'published' | 'closed';
  isDemo: boolean;
  enrolled: number;
  spent: number;
  canManage: boolean;
};

export type EnrolmentRecord = RaRecord & {
  projectId: string;
  projectName: string | null;
  projectCategory: string | null;
  projectYear: number | null;
  fileId: string;
  fileNo: string | null;
  caseNo: string | null;
  applicantName: string | null;
  orgName: string | null;
  status: 'enrolled' | 'completed' | 'withdrawn';
  outcome: string | null;
  outcomeNote: string | null;
  enrolledAt: string;
};

export type SpendingRecord = RaRecord & {
  amount: number;
  spentOn: string;
  note: string;
  fileId: string | null;
  fileNo: string | null;
  applicantName: string | null;
  disbursementId: string | null;
};
