/**
 * Import of existing files from .xlsx, mounted at /api/import after the session middleware and
 * before the app's JSON-only guard (the upload's body is the workbook itself):
 *
 *   GET  /template.xlsx                 the template (sheets 档案 and 说明)
 *   POST /files/preview[?orgId=]        body: the .xlsx → { importId, total, valid, errors: [{ row, column, message }] }
 *   POST /files/:importId/confirm       JSON → 202 { status, done, total, ... }; the rows are written in the background
 *   GET  /files/:importId               progress { status, done, total, filed, inReview, skipped }
 *
 * CSRF: as the documents router, an upload must declare its own type (the .xlsx type or
 * application/octet-stream), which a cross-site form cannot send; confirmations must be JSON.
 */
import express, { Router, type ErrorRequestHandler, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireUser } from '../auth/session';
import { AppError } from '../errors';
import { contentDisposition } from '../documents/documents';
import { confirmImport, importGrant, importProgress, previewImport } from './import';
import { IMPORT_LIMITS, ImportRefused } from './parse';
import { ImportStore } from './staging';
import { importTemplate } from './template';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UPLOAD_TYPES = [XLSX_TYPE, 'application/octet-stream'];
const ImportId = z.uuid();
const OrgId = z.string().min(1).max(40).optional();

const tooLarge = () => new ImportRefused(413, `文件过大：导入文件不能超过 ${IMPORT_LIMITS.bytes / 1024 / 1024} MB，请分批导入`);

function importId(req: Request): string {
  const parsed = ImportId.safeParse(req.params.importId);
  if (!parsed.success) throw new AppError('NOT_FOUND', '导入记录不存在或已过期，请重新上传');
  return parsed.data;
}

export function importRoutes(ctx: AppContext): Router {
  const store = new ImportStore(ctx.clock);
  const r = Router();
  const rawBody = express.raw({ type: () => true, limit: IMPORT_LIMITS.bytes });

  r.get('/template.xlsx', async (req, res) => {
    requireUser(req);
    res.setHeader('Content-Type', XLSX_TYPE);
    res.setHeader('Content-Disposition', contentDisposition('困难职工档案导入模板.xlsx'));
    res.send(await importTemplate());
  });

  // Everything that can be refused without the body is refused before it is read.
  const precheck = (req: Request, res: Response, next: NextFunction) => {
    const user = requireUser(req);
    const orgId = OrgId.safeParse(req.query.orgId);
    if (!orgId.success) throw new AppError('BAD_REQUEST', '参数 orgId 无效', { orgId: '参数 orgId 无效' });
    importGrant(user, orgId.data);
    if (!req.is(UPLOAD_TYPES)) {
      throw new ImportRefused(415, `请直接上传 Excel 文件本身（Content-Type: ${XLSX_TYPE}），不接受表单、文本或 JSON 提交`);
    }
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > IMPORT_LIMITS.bytes) throw tooLarge();
    rawBody(req, res, next);
  };

  r.post('/files/preview', precheck, async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const orgId = typeof req.query.orgId === 'string' ? req.query.orgId : undefined;
    res.json(await previewImport(ctx, store, requireUser(req), body, orgId));
  });

  r.post('/files/:importId/confirm', (req, res) => {
    if (!req.is('application/json')) throw new AppError('BAD_REQUEST', '请求须为 JSON 格式（Content-Type: application/json）', { body: '请求须为 JSON 格式' });
    res.status(202).json(confirmImport(ctx, store, requireUser(req), importId(req)));
  });

  r.get('/files/:importId', (req, res) => {
    res.json(importProgress(store, requireUser(req), importId(req)));
  });

  const importErrors: ErrorRequestHandler = (err, _req, res, next) => {
    if (err?.type === 'entity.too.large') err = tooLarge();
    if (err instanceof ImportRefused) {
      res.status(err.status).json({ message: err.message, errors: { file: err.message } });
      return;
    }
    next(err);
  };
  r.use(importErrors);
  return r;
}
