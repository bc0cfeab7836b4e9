import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors';

const NUL_MESSAGE = '不能包含空字符（U+0000）';

/**
 * The path (`a.b.0.c`, '' for the value itself) of the first string or key holding U+0000, or
 * null. PostgreSQL text cannot store that character, so it must never get past validation.
 */
export function nulPath(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], [...path, String(i)]);
      if (found !== null) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\u0000')) return [...path, key.replace(/\u0000/g, '')].join('.');
      const found = nulPath(child, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Throws a 400 naming the query parameter when a (parsed) query value holds U+0000. */
export function refuseNulInParam(name: string, value: unknown): void {
  const at = nulPath(value);
  if (at === null) return;
  const key = at ? `${name}.${at}` : name;
  throw new AppError('BAD_REQUEST', `参数 ${name} ${NUL_MESSAGE}`, { [key]: NUL_MESSAGE });
}

/**
 * Issue 7 (bad input): one check on every parsed JSON body and query string, before any route —
 * a U+0000 anywhere is a 422 naming the field (a 400 naming the parameter in a query), never a
 * 500 from the database.
 */
export function refuseNul(req: Request, _res: Response, next: NextFunction) {
  try {
    for (const [name, value] of Object.entries(req.query)) refuseNulInParam(name, value);
  } catch (err) {
    return next(err);
  }
  const at = nulPath(req.body);
  if (at !== null) {
    const field = at || 'body';
    return next(new AppError('UNPROCESSABLE', '提交的内容有误，请检查标出的字段', { [field]: NUL_MESSAGE }));
  }
  next();
}
