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
import { apiFetch } from './http';
import type { Task } from './inbox/types';

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

async function getList<R extends RaRecord>(resource: string, params: GetListParams): Promise<GetListResult<R>> {
  const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
  const search: Record<string, unknown> = {
    range: [(page - 1) * perPage, page * perPage - 1],
    filter: params.filter ?? {},
  };
  if (params.sort?.field) search.sort = [params.sort.field, params.sort.order];
  const { json, headers } = await apiFetch<R[]>(`${url(resource)}?${query(search)}`);
  return { data: json, total: totalOf(headers) };
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

export type AppDataProvider = DataProvider & TaskActions;

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
  claimTask: (id) => taskAction(id, 'claim'),
  unclaimTask: (id) => taskAction(id, 'unclaim'),
  completeTask: async (id, variables) => ({
    data: (await apiFetch<{ id: Identifier }>(url('tasks', id, 'complete'), { method: 'POST', body: { variables } })).json,
  }),
};
