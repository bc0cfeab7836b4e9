/**
 * The monthly income record of a file (`GET /api/files/:id/income`, api/help/help.ts): per-capita
 * income per month in fen, the input of the December exit judgement (SPEC §5.2).
 */
export type IncomeRecord = {
  id: string;
  fileId: string;
  /** YYYY-MM */
  month: string;
  /** fen per person per month */
  perCapita: number;
  /** where the figure comes from: a visit, the evaluation, an import, the filing, or typed in */
  source: 'visit' | 'evaluation' | 'import' | 'filing' | 'entry' | string;
  createdBy: string | null;
  createdAt: string;
};

/** `PUT /api/files/:id/income` (`IncomeEntrySchema`): one month, replaced if present. */
export type IncomeEntry = { month: string; perCapita: number };
