/**
 * `/api/files/:fileId/documents`: upload (raw body), list, download. Mount with
 * `Router({ mergeParams: true })` semantics, i.e. `app.use('/api/files/:fileId/documents', ...)`,
 * after the session middleware and before any middleware that insists on JSON writes.
 *
 * CSRF: a cross-site page can only send the CORS-safelisted content types (form encodings and
 * text/plain) without a preflight, which this API never grants; an upload must declare another
 * type (its file type), so those are refused here exactly as `jsonOnlyWrites` does for JSON routes.
 */
import express, { Router, type ErrorRequestHandler, type NextFunction, type Request, type Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireUser } from '../auth/session';
import { AppError } from '../errors';
import { sendList } from '../http/list-params';
import {
  authorizeUpload,
  contentDisposition,
  emptyUpload,
  listDocuments,
  ListQuerySchema,
  openDocument,
  storeDocument,
  tooLarge,
  UPLOAD_LIMITS,
  UploadQuerySchema,
  UploadRefused,
  type DocumentKind,
  type DocumentStore,
  type UploadLimits,
} from './documents';

export interface DocumentRouteOptions {
  /** the documents directory: `${DATA_DIR}/documents` in production, a tmp dir in tests */
  dir: string;
  limits?: UploadLimits;
}

const IdParam = z.string().min(1).max(64).regex(/^[\w-]+$/);
const param = (req: Request, name: string, notFound: string) => {
  const parsed = IdParam.safeParse(req.params[name]);
  if (!parsed.success) throw new AppError('NOT_FOUND', notFound);
  return parsed.data;
};

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', 'application/json'];

function declaresNoBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return length === '0' || (length === undefined && req.headers['transfer-encoding'] === undefined);
}

interface PendingUpload {
  file: { id: string; orgId: string };
  kind: DocumentKind;
  name?: string;
  stepId?: string;
}

export function documentRoutes(ctx: AppContext, opts: DocumentRouteOptions): Router {
  const limits = opts.limits ?? UPLOAD_LIMITS;
  const store: DocumentStore = { dir: opts.dir, limits };
  const r = Router({ mergeParams: true });
  const raw = {
    document: express.raw({ type: () => true, limit: limits.document }),
    photo: express.raw({ type: () => true, limit: limits.photo }),
  };

  // Everything that can be refused without the body is refused before it is read.
  const precheck = async (req: Request, res: Response, next: NextFunction) => {
    const user = requireUser(req);
    const fileId = param(req, 'fileId', '档案不存在');
    const query = UploadQuerySchema.parse(req.query);
    const file = await authorizeUpload(ctx, user, fileId, query.kind);
    if (declaresNoBody(req)) throw emptyUpload();
    const type = req.headers['content-type'];
    if (!type || req.is(FORM_TYPES)) {
      throw new UploadRefused(415, '请直接上传文件本身（Content-Type 为文件类型，如 application/pdf、image/jpeg），不接受表单或 JSON 提交');
    }
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > (query.kind === 'photo' ? limits.photo : limits.document)) throw tooLarge(query.kind, limits);
    const pending: PendingUpload = { file: { id: file.id, orgId: file.orgId }, kind: query.kind, name: query.name, stepId: query.stepId };
    res.locals.upload = pending;
    raw[query.kind === 'photo' ? 'photo' : 'document'](req, res, next);
  };

  r.post('/', precheck, async (req, res) => {
    const pending = res.locals.upload as PendingUpload;
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const { document, created } = await storeDocument(ctx, store, requireUser(req), pending.file, { kind: pending.kind, name: pending.name, stepId: pending.stepId, body });
    res.status(created ? 201 : 200).json(document);
  });

  r.get('/', async (req, res) => {
    const user = requireUser(req);
    const fileId = param(req, 'fileId', '档案不存在');
    const parsed = ListQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError('BAD_REQUEST', issue.message, { [issue.path.join('.') || 'query']: issue.message });
    }
    const rows = await listDocuments(ctx, user, fileId, parsed.data);
    sendList(res, 'documents', 0, rows, rows.length);
  });

  r.get('/:docId/content', async (req, res) => {
    const user = requireUser(req);
    const fileId = param(req, 'fileId', '档案不存在');
    const docId = param(req, 'docId', '材料不存在');
    const { document, stream } = await openDocument(ctx, store, user, fileId, docId);
    res.setHeader('Content-Type', document.mime);
    res.setHeader('Content-Length', String(document.size));
    res.setHeader('Content-Disposition', contentDisposition(document.name));
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    try {
      await pipeline(stream, res);
    } catch (err) {
      // Once bytes are out, the only honest signal left is a cut connection.
      if (!res.headersSent) throw err;
      res.destroy();
    }
  });

  const uploadErrors: ErrorRequestHandler = (err, _req, res, next) => {
    if (err?.type === 'entity.too.large' && res.locals.upload) err = tooLarge((res.locals.upload as PendingUpload).kind, limits);
    if (err instanceof UploadRefused) {
      res.status(err.status).json({ message: err.message, errors: { file: err.message } });
      return;
    }
    next(err);
  };
  r.use(uploadErrors);
  return r;
}
