import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireUser } from '../auth/session';
import { AppError } from '../errors';
import { sendList } from '../http/list-params';
import { listIncome, listRosters, listVisits, recordIncome, recordVisit, relapseWatch, rosterAction, visitStats } from './help';

const Year = z.coerce.number().int().min(2000).max(2100);

/** The year after filing: visits, the income record, rosters, the 返困 watch (SPEC §5.2). */
export function helpRoutes(ctx: AppContext): Router {
  const r = Router();
  const fileId = (raw: unknown) => String(raw).slice(0, 64);
  r.get('/files/:id/visits', async (req, res) => {
    const rows = await listVisits(ctx, requireUser(req), fileId(req.params.id));
    sendList(res, 'visits', 0, rows, rows.length);
  });
  r.post('/files/:id/visits', async (req, res) => res.status(201).json(await recordVisit(ctx, requireUser(req), fileId(req.params.id), req.body)));
  r.get('/files/:id/income', async (req, res) => {
    const rows = await listIncome(ctx, requireUser(req), fileId(req.params.id));
    sendList(res, 'income', 0, rows, rows.length);
  });
  r.put('/files/:id/income', async (req, res) => res.json(await recordIncome(ctx, requireUser(req), fileId(req.params.id), req.body)));
  r.get('/visit-stats', async (req, res) => {
    const year = Year.safeParse(req.query.year);
    if (!year.success) throw new AppError('BAD_REQUEST', '年份无效', { year: '年份无效' });
    res.json(await visitStats(ctx, requireUser(req), year.data));
  });
  r.get('/rosters', async (req, res) => {
    const year = req.query.year === undefined ? undefined : Year.safeParse(req.query.year);
    if (year && !year.success) throw new AppError('BAD_REQUEST', '年份无效', { year: '年份无效' });
    const rows = await listRosters(ctx, requireUser(req), year?.data);
    sendList(res, 'rosters', 0, rows, rows.length);
  });
  r.post('/rosters/:id/submit', async (req, res) => res.json(await rosterAction(ctx, requireUser(req), String(req.params.id), 'submit')));
  r.post('/rosters/:id/confirm', async (req, res) => res.json(await rosterAction(ctx, requireUser(req), String(req.params.id), 'confirm')));
  r.get('/relapse-watch', async (req, res) => {
    const rows = await relapseWatch(ctx, requireUser(req));
    sendList(res, 'relapse-watch', 0, rows, rows.length);
  });
  return r;
}
