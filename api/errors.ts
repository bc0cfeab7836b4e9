import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { EngineError } from './engine/port';

export type AppErrorCode = 'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'UNPROCESSABLE' | 'LOCKED';

const STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNPROCESSABLE: 422,
  LOCKED: 423,
};

/** The one error type domain functions throw; mapped to HTTP once, below. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly errors?: Record<string, string>,
    /** more of the answer's body beside `message` and `errors` (e.g. the lint problems of a refused model) */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** react-admin's `{ errors: { field: message } }` from a zod failure; the first message per field. */
export function fieldErrors(err: ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of err.issues) {
    const key = issue.path.length ? issue.path.join('.') : 'body';
    errors[key] ??= issue.message;
  }
  return errors;
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (err instanceof ZodError) {
    res.status(422).json({ message: '提交的内容有误，请检查标出的字段', errors: fieldErrors(err) });
    return;
  }
  if (err instanceof AppError) {
    res.status(STATUS[err.code]).json({ ...err.extra, message: err.message, ...(err.errors && { errors: err.errors }) });
    return;
  }
  if (err instanceof EngineError) {
    const status = { NOT_FOUND: 404, CONFLICT: 409, INVALID: 422, UNAVAILABLE: 503 }[err.code];
    res.status(status).json({ message: err.message });
    return;
  }
  // body-parser: malformed JSON or an oversized body
  if (err?.type === 'entity.parse.failed') {
    res.status(400).json({ message: '请求体不是有效的 JSON', errors: { body: '请求体不是有效的 JSON' } });
    return;
  }
  if (err?.type === 'entity.too.large') {
    res.status(413).json({ message: '请求体过大', errors: { body: '请求体过大' } });
    return;
  }
  console.error(`[api] ${req.method} ${req.originalUrl}`, err);
  res.status(500).json({ message: '服务器内部错误，请稍后重试' });
};
