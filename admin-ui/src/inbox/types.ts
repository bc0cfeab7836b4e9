import type { RaRecord } from 'react-admin';
import type { Eligibility, EligibilityBefore } from '../common/EligibilityPanel';
import type { RoleId } from '../canAccess';

/** A user task as `GET /api/tasks` returns it. Dates are ISO instants; the applicant's name is masked. */
export type Task = RaRecord & {
  name: string;
  elementId: string;
  bpmnProcessId: string;
  instanceId: string;
  businessKey: string | null;
  formKey: string | null;
  candidateRole: RoleId | null;
  candidateOrgId: string | null;
  candidateOrgName: string | null;
  assignee: string | null;
  assigneeName: string | null;
  dueAt: string | null;
  /** when the task escalates to the upper union's supervisor if still open */
  followUpAt: string | null;
  createdAt: string;
  status: 'created' | 'completed' | 'canceled';
  overdue: boolean;
  file: { id: string; caseNo: string; fileNo: string | null; applicantName: string; orgName: string; status: string } | null;
  variables: { eligibility?: Eligibility | null; eligibilityBefore?: EligibilityBefore | null } & Record<string, unknown>;
};
