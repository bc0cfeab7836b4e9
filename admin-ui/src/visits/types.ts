/**
 * A visit as `GET /api/files/:id/visits` lists it (api/help/help.ts, the `Visit` row): the
 * household survey of the filing, the helpers' visits during the year and the December one.
 * `visitDate` is a calendar date sent as UTC midnight; `incomeObserved` is fen per person per month.
 */
export type VisitRecord = {
  id: string;
  fileId: string;
  kind: 'survey' | 'help' | 'evaluation' | string;
  visitDate: string;
  visitors: string;
  findings: string;
  photoIds: string[];
  incomeObserved: number | null;
  createdBy: string;
  createdAt: string;
};

/** `POST /api/files/:id/visits` (`VisitSchema` of api/help/help.ts): money in fen. */
export type VisitInput = {
  visitDate: string;
  visitors: string;
  notes: string;
  photoIds: string[];
  incomeObserved?: number;
};

/** The calendar day of a visit: the API sends the date column as UTC midnight. */
export const visitDay = (visit: Pick<VisitRecord, 'visitDate'>) => visit.visitDate.slice(0, 10);
