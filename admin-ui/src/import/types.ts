/** `POST /api/import/files/preview` (api/import/import.ts `previewImport`): every row checked, nothing written. */
export type ImportPreview = {
  importId: string;
  /** data rows of the sheet */
  total: number;
  /** rows staged for import */
  valid: number;
  /** `row` is the sheet's row number (the header is row 1); `column` its header */
  errors: ImportRowError[];
};

export type ImportRowError = { row: number; column: string; message: string };

/** `GET /api/import/files/:id` and the answer to the confirmation (`progressView`). */
export type ImportProgress = {
  importId: string;
  status: 'ready' | 'running' | 'done' | 'failed';
  done: number;
  total: number;
  filed: number;
  inReview: number;
  /** rows that became conflicts between preview and confirmation */
  skipped: ImportRowError[];
  failure?: string;
};

/** The type an .xlsx upload declares (the server also takes application/octet-stream). */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
