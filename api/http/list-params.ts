import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../errors';
import { refuseNulInParam } from './text-guard';

/**
 * react-admin's simple-rest list parameters: `sort=["field","ASC"]`, `range=[0,24]`,
 * `filter={...}`. Bad JSON is a 400 naming the parameter.
 */
export interface ListParams<F> {
  sort: { field: string; order: 'ASC' | 'DESC' } | null;
  offset: number;
  limit: number;
  filter: F;
}

const MAX_PAGE = 200;

function json(req: Request, name: string): unknown {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new AppError('BAD_REQUEST', `参数 ${name} 无效`, { [name]: `参数 ${name} 无效` });
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new AppError('BAD_REQUEST', `参数 ${name} 不是有效的 JSON`, { [name]: `参数 ${name} 不是有效的 JSON` });
  }
  refuseNulInParam(name, value);
  return value;
}

export function listParams<F extends z.ZodType>(req: Request, filterSchema: F, sortable: readonly string[]): ListParams<z.infer<F>> {
  const sortRaw = json(req, 'sort');
  const rangeRaw = json(req, 'range');
  const filterRaw = json(req, 'filter') ?? {};
  let sort: ListParams<unknown>['sort'] = null;
  if (sortRaw !== undefined) {
    const parsed = z.tuple([z.enum(sortable as [string, ...string[]]), z.enum(['ASC', 'DESC'])]).safeParse(sortRaw);
    if (!parsed.success) throw new AppError('BAD_REQUEST', `排序字段只能是 ${sortable.join('、')}`, { sort: `排序字段只能是 ${sortable.join('、')}` });
    sort = { field: parsed.data[0], order: parsed.data[1] };
  }
  let offset = 0;
  let limit = 25;
  if (rangeRaw !== undefined) {
    const parsed = z.tuple([z.int().min(0), z.int().min(-1)]).safeParse(rangeRaw);
    if (!parsed.success || parsed.data[1] < parsed.data[0] - 1) throw new AppError('BAD_REQUEST', '分页参数 range 无效', { range: '分页参数 range 无效' });
    offset = parsed.data[0];
    limit = Math.min(MAX_PAGE, parsed.data[1] - parsed.data[0] + 1);
  }
  if (typeof filterRaw !== 'object' || filterRaw === null || Array.isArray(filterRaw)) {
    throw new AppError('BAD_REQUEST', '参数 filter 须为 JSON 对象', { filter: '参数 filter 须为 JSON 对象' });
  }
  const filter = filterSchema.safeParse(filterRaw);
  if (!filter.success) {
    const issue = filter.error.issues[0];
    const key = ['filter', ...issue.path].join('.');
    throw new AppError('BAD_REQUEST', issue.message, { [key]: issue.message });
  }
  return { sort, offset, limit, filter: filter.data };
}

export function sendList(res: Response, resource: string, offset: number, rows: unknown[], total: number): void {
  const end = rows.length ? offset + rows.length - 1 : offset;
  res.setHeader('Content-Range', `${resource} ${offset}-${end}/${total}`);
  res.json(rows);
}
