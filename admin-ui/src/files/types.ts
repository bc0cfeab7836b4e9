import type { RaRecord } from 'react-admin';
import type { Eligibility } from '../common/EligibilityPanel';

/** A household file as `GET /api/files` lists it; names and ID numbers arrive masked. Money in fen. */
export type FileRecord = RaRecord & {
  caseNo: string;
  fileNo: string | null;
  applicantName: string;
  idNumberMasked: string;
  orgId: string;
  orgName: string;
  status: string;
  level: string | null;
  mainCause: string | null;
  householdSize: number;
  perCapitaMonthly: number | null;
  createdAt: string;
  /** the two helpers (联系卡, attachment 3); not sent by the file list yet, see visits/MobileVisitPage.tsx */
  firstHelperId?: string | null;
  secondHelperId?: string | null;
};

export type FileHistoryEntry = { at: string; elementId: string; elementName: string; type: string; actor: string | null };

/** `GET /api/files/:id`: the list fields plus the application as submitted, members, eligibility and history. */
export type FileDetail = FileRecord & {
  /** The application as submitted (ID numbers masked), `ApplicationSchema`'s shape. */
  form?: Record<string, unknown> & { members?: Record<string, unknown>[] };
  /** The household's members as filed (ID numbers masked). */
  members?: { id: string; name: string; relation: string; idNumberMasked: string; monthlyIncome: number }[];
  eligibility?: Eligibility | null;
  history?: FileHistoryEntry[];
  /** end of 公示 (not sent by the API yet: then inferred from the history, see publicity.ts) */
  publicityEndsAt?: string | null;
  /** in 公示 now, on the server's clock */
  inPublicity?: boolean;
  filedAt?: string | null;
  closeReason?: string | null;
};
