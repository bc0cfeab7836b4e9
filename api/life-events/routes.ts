import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireUser } from '../auth/session';
import { AppError } from '../errors';
import { sendList } from '../http/list-params';
import { listFileEvents, requestCancellation, requestTransfer, transferTargets } from './life-events';

const Id = z.string().min(1).max(64).regex(/^[\w-]+$/);
const fileId = (req: Request) => {
  const parsed = Id.safeParse(req.params.id);
  if (!parsed.success) throw new AppError('NOT_FOUND', '档案不存在');
  return parsed.data;
};

/** 档案注销、转移 at any time (issue 10). */
export function lifeEventRoutes(ctx: AppContext): Router {
  const r = Router();
  r.post('/files/:id/cancellation', async (req, res) => res.status(201).json(await requestCancellation(ctx, requireUser(req), fileId(req), req.body)));
  r.post('/files/:id/transfer', async (req, res) => res.status(201).json(await requestTransfer(ctx, requireUser(req), fileId(req), req.body)));
  r.get('/files/:id/events', async (req, res) => {
    const rows = await listFileEvents(ctx, requireUser(req), fileId(req));
    sendList(res, 'file-events', 0, rows, rows.length);
  });
  r.get('/transfer-targets', async (req, res) => {
    const rows = await transferTargets(ctx, requireUser(req));
    sendList(res, 'transfer-targets', 0, rows, rows.length);
  });
  return r;
}
