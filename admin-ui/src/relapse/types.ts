/**
 * A household on the 返困 watch (`GET /api/relapse-watch`, api/help/help.ts `relapseWatch`): it
 * exited within the last 12 months and its recorded income fell back to or below the dibao in
 * the months listed (fen per person per month). The list sends no name, union name or id.
 */
export type RelapseRecord = {
  fileId: string;
  fileNo: string | null;
  orgId: string;
  exitedAt: string;
  months: { month: string; perCapita: number; dibao: number }[];
};
