/**
 * react-admin data provider for the API: the ra-data-simple-rest protocol (sort/range/filter as
 * JSON query parameters, total in `Content-Range`), plus the task actions as custom methods.
 */
import type {
  CreateParams,
  CreateResult,
  DataProvider,
  DeleteManyParams,
  DeleteParams,
  DeleteResult,
  GetListParams,
  GetListResult,
  GetManyParams,
  GetManyReferenceParams,
  GetManyResult,
  GetOneParams,
  GetOneResult,
  Identifier,
  RaRecord,
  UpdateManyParams,
  UpdateParams,
  UpdateResult,
} from 'react-admin';
import type { CleanupDecisionInput, CleanupDecisionRow } from './campaigns/types';
import type { Eligibility } from './common/EligibilityPanel';
import type { CrossCheckSummary } from './crosschecks/types';
import type { DocumentKind, DocumentRecord } from './documents/types';
import { apiFetch, apiUpload } from './http';
import type { Task } from './inbox/types';
import type { AccountRecord, BatchRecord, DisbursementRecord, FundUsage } from './funds/types';
import { XLSX_TYPE, type ImportPreview, type ImportProgress } from './import/types';
import type { IncomeEntry, IncomeRecord } from './income/types';
import type { RelapseRecord } from './relapse/types';
import type { RosterAction, RosterRecord } from './rosters/types';
import type { VisitInput, VisitRecord } from './visits/types';

import type { FileEventRecord, TransferTarget } from './life-events/types';
import type { EnrolmentRecord, ProjectRecord, SpendingRecord } from './projects/types';

const API = '/api';

const url = (resource: string, id?: Identifier, action?: string) =>
  [API, resource, id === undefined ? null : encodeURIComponent(String(id)), action ?? null].filter((p) => p !== null).join('/');

const query = (params: Record<string, unknown>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`)
    .join('&');

function totalOf(headers: Headers): number {
  const total = Number(headers.get('Content-Range')?.split('/').pop());
  // The API always sends it; without it the list cannot be paged (simple-rest refuses too).
  if (!Number.isFinite(total)) throw new Error('ra.notification.data_provider_error');
  return total;
}

/** Collections whose rows the server keys by a natural key instead of an `id`. */
const ID_FIELDS: Record<string, string> = { 'department-connectors': 'department' };

async function getList<R extends RaRecord>(resource: string, params: GetListParams): Promise<GetListResult<R>> {
  const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
  const search: Record<string, unknown> = {
    range: [(page - 1) * perPage, page * perPage - 1],
    filter: params.filter ?? {},
  };
  if (params.sort?.field) search.sort = [params.sort.field, params.sort.order];
  const { json, headers } = await apiFetch<R[]>(`${url(resource)}?${query(search)}`);
  const idField = ID_FIELDS[resource];
  const data = idField ? json.map((row) => ({ ...row, id: (row as Record<string, unknown>)[idField] as Identifier })) : json;
  return { data, total: totalOf(headers) };
}

async function getOne<R extends RaRecord>(resource: string, { id }: GetOneParams<R>): Promise<GetOneResult<R>> {
  return { data: (await apiFetch<R>(url(resource, id))).json };
}

async function getMany<R extends RaRecord>(resource: string, { ids }: GetManyParams<R>): Promise<GetManyResult<R>> {
  return { data: (await apiFetch<R[]>(`${url(resource)}?${query({ filter: { id: ids } })}`)).json };
}

function getManyReference<R extends RaRecord>(resource: string, { target, id, filter, ...rest }: GetManyReferenceParams) {
  return getList<R>(resource, { ...rest, filter: { ...filter, [target]: id } });
}

async function create<R extends Omit<RaRecord, 'id'>, Result extends RaRecord = R & { id: Identifier }>(
  resource: string,
  { data }: CreateParams<R>,
): Promise<CreateResult<Result>> {
  const { json } = await apiFetch<Result>(url(resource), { method: 'POST', body: data });
  return { data: { ...data, ...json } };
}

async function update<R extends RaRecord>(resource: string, { id, data }: UpdateParams<R>): Promise<UpdateResult<R>> {
  return { data: (await apiFetch<R>(url(resource, id), { method: 'PUT', body: data })).json };
}

async function updateMany(resource: string, { ids, data }: UpdateManyParams) {
  await Promise.all(ids.map((id) => apiFetch(url(resource, id), { method: 'PUT', body: data })));
  return { data: ids };
}

async function deleteOne<R extends RaRecord>(resource: string, { id }: DeleteParams<R>): Promise<DeleteResult<R>> {
  return { data: (await apiFetch<R>(url(resource, id), { method: 'DELETE' })).json };
}

async function deleteMany(resource: string, { ids }: DeleteManyParams) {
  await Promise.all(ids.map((id) => apiFetch(url(resource, id), { method: 'DELETE' })));
  return { data: ids };
}

export type TaskActions = {
  /** Takes the task for the current user; 409 `{ message }` when someone else holds it. */
  claimTask(id: Identifier): Promise<{ data: Task }>;
  /** Puts a task I hold back to its candidate group. */
  unclaimTask(id: Identifier): Promise<{ data: Task }>;
  /** Completes my task with its form's values; 422 `{ errors }` maps onto the form fields. */
  completeTask(id: Identifier, variables: Record<string, unknown>): Promise<{ data: { id: Identifier } }>;
};

export type FileActions = {
  /** The file's evidence documents, oldest first, each with the step it was uploaded at. */
  getDocuments(fileId: Identifier): Promise<{ data: DocumentRecord[] }>;
  /** Uploads one document as the raw body; the same content twice returns the existing one. */
  uploadDocument(fileId: Identifier, params: { kind: DocumentKind; file: File; stepId?: string }): Promise<{ data: DocumentRecord }>;
  /** The five departments' answers beside the declaration, and whether any contradicts it. */
  getCrossChecks(fileId: Identifier): Promise<{ data: CrossCheckSummary }>;
  /** 异议 raised during 公示; 409 once the publicity is over. */
  recordObjection(fileId: Identifier, content: string): Promise<{ data: { id: string } }>;
  /** Full ID numbers of the household (the server audits every call). */
  revealFile(fileId: Identifier): Promise<{ data: RevealedFile }>;
};

export type VisitActions = {
  /** The file's visits, latest first (survey, help and evaluation visits alike). */
  getVisits(fileId: Identifier): Promise<{ data: VisitRecord[] }>;
  /** Records a help visit (helpers and the union's staff); 422 `{ errors }` names the fields. */
  recordVisit(fileId: Identifier, visit: VisitInput): Promise<{ data: VisitRecord }>;
};

export type LifeEventActions = {
  /** 申请注销 (the file's grassroots staff); the chair decides in the inbox. */
  requestCancellation(fileId: Identifier, data: Record<string, unknown>): Promise<{ data: { id: string } }>;
  /** 申请转移 to another grassroots union; both chairs decide in the inbox. */
  requestTransfer(fileId: Identifier, data: Record<string, unknown>): Promise<{ data: { id: string } }>;
  getFileEvents(fileId: Identifier): Promise<{ data: FileEventRecord[] }>;
  getTransferTargets(): Promise<{ data: TransferTarget[] }>;
};

export type ProjectActions = {
  /** The projects one household is enrolled in. */
  getFileProjects(fileId: Identifier): Promise<{ data: EnrolmentRecord[] }>;
  /** The published projects of the unions above a household: what it may be enrolled in. */
  getProjectsForFile(fileId: Identifier): Promise<{ data: ProjectRecord[] }>;
  enrolFile(projectId: Identifier, fileId: Identifier): Promise<{ data: EnrolmentRecord }>;
  getProjectEnrolments(projectId: Identifier): Promise<{ data: EnrolmentRecord[] }>;
  recordProjectOutcome(projectId: Identifier, enrolmentId: Identifier, data: Record<string, unknown>): Promise<{ data: EnrolmentRecord }>;
  getProjectSpending(projectId: Identifier): Promise<{ data: SpendingRecord[] }>;
  /** 项目支出 (fen), within the budget; the publishing union only. */
  recordProjectSpending(projectId: Identifier, data: Record<string, unknown>): Promise<{ data: SpendingRecord }>;
  closeProject(projectId: Identifier): Promise<{ data: ProjectRecord }>;
};

export type HelpActions = {
  /** The file's monthly income record, oldest month first (fen). */
  getIncome(fileId: Identifier): Promise<{ data: IncomeRecord[] }>;
  /** 登记月收入 (grassroots staff): the month's entry, replaced if there is one. */
  putIncome(fileId: Identifier, entry: IncomeEntry): Promise<{ data: IncomeRecord }>;
  /** The rosters of the caller's subtree, of one year or all. */
  getRosters(year?: number): Promise<{ data: RosterRecord[] }>;
  /** 签署上报 (the union's chair) or 确认 (the upper union); 409 when the roster is not in that state. */
  rosterAction(id: Identifier, action: RosterAction): Promise<{ data: RosterRecord }>;
  /** 返困预警: exited households whose income fell back to the dibao within 12 months. */
  getRelapseWatch(): Promise<{ data: RelapseRecord[] }>;
};

export type FundActions = {
  /** 存入: retained funds or a top-up into an account (city/county reviewers); fen. */
  depositFunds(accountId: Identifier, data: { amount: number; note?: string }): Promise<{ data: AccountRecord }>;
  /** 下拨: money down the tree to a same-level account of a union below. */
  allocateFunds(data: { fromAccountId: string; toAccountId: string; amount: number; note?: string }): Promise<{ data: { id: string } }>;
  /** A request for a household; the same idempotency key twice is the same request (200, not 201). */
  requestDisbursement(data: Record<string, unknown>): Promise<{ data: DisbursementRecord }>;
  /** 审批, 驳回 (with a reason) and 支付 (to the card on file, at most once). */
  disbursementAction(id: Identifier, action: 'approve' | 'pay'): Promise<{ data: DisbursementRecord }>;
  rejectDisbursement(id: Identifier, reason: string): Promise<{ data: DisbursementRecord }>;
  /** Every paid, not yet batched disbursement of the account, collected for the bank. */
  createBatch(accountId: Identifier): Promise<{ data: BatchRecord }>;
  /** Paid amounts by level and union, of a year or all time (supervisors, city and county reviewers). */
  getFundUsage(year?: number): Promise<{ data: FundUsage }>;
};

export type ImportActions = {
  /** 导入预览: the workbook checked row by row; the valid rows are staged, nothing is written. */
  previewImport(file: File): Promise<{ data: ImportPreview }>;
  /** 确认导入: starts writing the staged rows; returns at once (202) with the progress. */
  confirmImport(importId: string): Promise<{ data: ImportProgress }>;
  getImportProgress(importId: string): Promise<{ data: ImportProgress }>;
};

export type NotificationActions = {
  /** Marks my notifications read: the given ones, or all. */
  markNotificationsRead(ids?: string[]): Promise<{ data: { marked: number } }>;
};

export type CampaignActions = {
  /** Every decision of a clean-up campaign the caller may see (all pages), ordered by file number. */
  getCleanupDecisions(campaignId: Identifier, filter: { part?: 'stock' | 'increment'; orgId?: string }): Promise<{ data: CleanupDecisionRow[] }>;
  /** 存量档案清理决定 for one file, saved at once; 422 names `decision`, `reason` or `fileId`. */
  decideCleanupFile(campaignId: Identifier, fileId: Identifier, input: CleanupDecisionInput): Promise<{ data: CleanupDecisionRow }>;
};

export type RevealedFile = {
  idNumber: string;
  phone: string | null;
  bankCardNumber: string | null;
  members: { id: string; name: string; idNumber: string }[];
};

export type RuleActions = {
  /** 资格预审: the assessment the filing process would make of this application today. */
  evaluateEligibility(application: Record<string, unknown>): Promise<{ data: Eligibility }>;
  /**
   * Writes one row of a collection the server keys itself (a department, a calendar date, a
   * process step): `PUT /api/<resource>` with the row, which the server inserts or replaces.
   */
  putByKey<R extends RaRecord = RaRecord>(resource: string, data: Record<string, unknown>): Promise<{ data: R }>;
  /** The dibao and low-income line in force in a region on a date (fen); 404 when none is configured. */
  lookupStandard(regionCode: string, date: string): Promise<{ data: StandardLookup }>;
};

export type StandardLookup = { regionCode: string; validFrom: string; dibao: number; lowIncomeLine?: number; isDemo: boolean };

export type AppDataProvider = DataProvider & TaskActions & FileActions & RuleActions & VisitActions & HelpActions & FundActions & ImportActions & NotificationActions & CampaignActions & LifeEventActions & ProjectActions;

const taskAction = async (id: Identifier, action: 'claim' | 'unclaim') => ({
  data: (await apiFetch<Task>(url('tasks', id, action), { method: 'POST' })).json,
});

export const dataProvider: AppDataProvider = {
  getList,
  getOne,
  getMany,
  getManyReference,
  create,
  update,
  updateMany,
  delete: deleteOne,
  deleteMany,
  requestCancellation: async (fileId, data) => ({ data: (await apiFetch<{ id: string }>(url('files', fileId, 'cancellation'), { method: 'POST', body: data })).json }),
  requestTransfer: async (fileId, data) => ({ data: (await apiFetch<{ id: string }>(url('files', fileId, 'transfer'), { method: 'POST', body: data })).json }),
  getFileEvents: async (fileId) => ({ data: (await apiFetch<FileEventRecord[]>(url('files', fileId, 'events'))).json }),
  getTransferTargets: async () => ({ data: (await apiFetch<TransferTarget[]>(url('transfer-targets'))).json }),
  getFileProjects: async (fileId) => ({ data: (await apiFetch<EnrolmentRecord[]>(url('files', fileId, 'projects'))).json }),
  getProjectsForFile: async (fileId) => ({ data: (await apiFetch<ProjectRecord[]>(`${url('projects')}?${query({ filter: { forFileId: fileId } })}`)).json }),
  enrolFile: async (projectId, fileId) => ({ data: (await apiFetch<EnrolmentRecord>(url('projects', projectId, 'enrolments'), { method: 'POST', body: { fileId } })).json }),
  getProjectEnrolments: async (projectId) => ({ data: (await apiFetch<EnrolmentRecord[]>(url('projects', projectId, 'enrolments'))).json }),
  recordProjectOutcome: async (projectId, enrolmentId, data) => ({
    data: (await apiFetch<EnrolmentRecord>(`${url('projects', projectId, 'enrolments')}/${encodeURIComponent(String(enrolmentId))}`, { method: 'PUT', body: data })).json,
  }),
  getProjectSpending: async (projectId) => ({ data: (await apiFetch<SpendingRecord[]>(url('projects', projectId, 'spending'))).json }),
  recordProjectSpending: async (projectId, data) => ({ data: (await apiFetch<SpendingRecord>(url('projects', projectId, 'spending'), { method: 'POST', body: data })).json }),
  closeProject: async (projectId) => ({ data: (await apiFetch<ProjectRecord>(url('projects', projectId, 'close'), { method: 'POST' })).json }),
  claimTask: (id) => taskAction(id, 'claim'),
  unclaimTask: (id) => taskAction(id, 'unclaim'),
  completeTask: async (id, variables) => ({
    data: (await apiFetch<{ id: Identifier }>(url('tasks', id, 'complete'), { method: 'POST', body: { variables } })).json,
  }),
  getDocuments: async (fileId) => ({ data: (await apiFetch<DocumentRecord[]>(url('files', fileId, 'documents'))).json }),
  uploadDocument: async (fileId, { kind, file, stepId }) => {
    const search = new URLSearchParams({ kind, name: file.name });
    if (stepId) search.set('stepId', stepId);
    return { data: (await apiUpload<DocumentRecord>(`${url('files', fileId, 'documents')}?${search}`, file)).json };
  },
  getCrossChecks: async (fileId) => ({ data: (await apiFetch<CrossCheckSummary>(url('files', fileId, 'cross-checks'))).json }),
  recordObjection: async (fileId, content) => ({
    data: (await apiFetch<{ id: string }>(url('files', fileId, 'objections'), { method: 'POST', body: { content } })).json,
  }),
  revealFile: async (fileId) => ({ data: (await apiFetch<RevealedFile>(url('files', fileId, 'reveal'), { method: 'POST' })).json }),
  getVisits: async (fileId) => ({ data: (await apiFetch<VisitRecord[]>(url('files', fileId, 'visits'))).json }),
  recordVisit: async (fileId, visit) => ({
    data: (await apiFetch<VisitRecord>(url('files', fileId, 'visits'), { method: 'POST', body: visit })).json,
  }),
  getIncome: async (fileId) => ({ data: (await apiFetch<IncomeRecord[]>(url('files', fileId, 'income'))).json }),
  putIncome: async (fileId, entry) => ({ data: (await apiFetch<IncomeRecord>(url('files', fileId, 'income'), { method: 'PUT', body: entry })).json }),
  getRosters: async (year) => ({ data: (await apiFetch<RosterRecord[]>(`${url('rosters')}${year ? `?year=${year}` : ''}`)).json }),
  rosterAction: async (id, action) => ({ data: (await apiFetch<RosterRecord>(url('rosters', id, action), { method: 'POST' })).json }),
  getRelapseWatch: async () => ({ data: (await apiFetch<RelapseRecord[]>(url('relapse-watch'))).json }),
  depositFunds: async (accountId, data) => ({
    data: (await apiFetch<AccountRecord>(`${url('funds/accounts', accountId, 'deposits')}`, { method: 'POST', body: data })).json,
  }),
  allocateFunds: async (data) => ({ data: (await apiFetch<{ id: string }>(url('funds/allocations'), { method: 'POST', body: data })).json }),
  requestDisbursement: async (data) => ({ data: (await apiFetch<DisbursementRecord>(url('funds/disbursements'), { method: 'POST', body: data })).json }),
  disbursementAction: async (id, action) => ({ data: (await apiFetch<DisbursementRecord>(url('funds/disbursements', id, action), { method: 'POST' })).json }),
  rejectDisbursement: async (id, reason) => ({
    data: (await apiFetch<DisbursementRecord>(url('funds/disbursements', id, 'reject'), { method: 'POST', body: { reason } })).json,
  }),
  createBatch: async (accountId) => ({ data: (await apiFetch<BatchRecord>(url('funds/batches'), { method: 'POST', body: { accountId } })).json }),
  getFundUsage: async (year) => ({ data: (await apiFetch<FundUsage>(`${url('funds/usage')}${year ? `?year=${year}` : ''}`)).json }),
  previewImport: async (file) => ({
    // declared as .xlsx whatever the browser guessed (some report an empty type for .xlsx)
    data: (await apiUpload<ImportPreview>(`${API}/import/files/preview`, new File([file], file.name, { type: XLSX_TYPE }))).json,
  }),
  confirmImport: async (importId) => ({
    data: (await apiFetch<ImportProgress>(`${API}/import/files/${encodeURIComponent(importId)}/confirm`, { method: 'POST', body: {} })).json,
  }),
  getImportProgress: async (importId) => ({ data: (await apiFetch<ImportProgress>(`${API}/import/files/${encodeURIComponent(importId)}`)).json }),
  markNotificationsRead: async (ids) => ({
    data: (await apiFetch<{ marked: number }>(`${API}/notifications/read`, { method: 'POST', body: ids ? { ids } : {} })).json,
  }),
  getCleanupDecisions: async (campaignId, filter) => {
    const resource = `cleanup-campaigns/${encodeURIComponent(String(campaignId))}/decisions`;
    const data: CleanupDecisionRow[] = [];
    // the API pages by at most 200 rows; a union's stock is read whole
    for (let page = 1; ; page++) {
      const { data: rows, total } = await getList<CleanupDecisionRow>(resource, { pagination: { page, perPage: 200 }, sort: { field: '', order: 'ASC' }, filter });
      data.push(...rows);
      if (rows.length === 0 || data.length >= (total ?? 0)) return { data };
    }
  },
  decideCleanupFile: async (campaignId, fileId, input) => ({
    data: (await apiFetch<CleanupDecisionRow>(`${url('cleanup-campaigns', campaignId, 'decisions')}/${encodeURIComponent(String(fileId))}`, { method: 'PUT', body: input })).json,
  }),
  evaluateEligibility: async (application) => ({
    data: (await apiFetch<Eligibility>(`${API}/eligibility/evaluate`, { method: 'POST', body: { application } })).json,
  }),
  lookupStandard: async (regionCode, date) => ({
    data: (await apiFetch<StandardLookup>(`${API}/standards/lookup?${new URLSearchParams({ regionCode, date })}`)).json,
  }),
  putByKey: async <R extends RaRecord>(resource: string, data: Record<string, unknown>) => {
    const json = (await apiFetch<R>(url(resource), { method: 'PUT', body: data })).json;
    const idField = ID_FIELDS[resource];
    return { data: idField ? { ...json, id: (json as Record<string, unknown>)[idField] as Identifier } : json };
  },
};
