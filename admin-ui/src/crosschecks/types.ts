import type { ComparisonRow } from '../../../workers/crosscheck/compare';
import type { Department } from '../../../workers/crosscheck/contract';

/** One department's latest answer beside the declaration (`crossCheckSummary`, workers/crosscheck/results.ts). */
export type DepartmentCheck = {
  department: Department;
  label: string;
  status: 'pending' | 'checked';
  source: 'http' | 'manual' | null;
  checkedAt: string | null;
  letterDocumentId: string | null;
  rows: ComparisonRow[];
  contradictions: number;
};

/** `GET /api/files/:id/cross-checks`. */
export type CrossCheckSummary = { fileId: string; flagged: boolean; departments: DepartmentCheck[] };
