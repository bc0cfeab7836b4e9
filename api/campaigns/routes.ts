import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireUser } from '../auth/session';
import { AppError } from '../errors';
import { listParams, sendList } from '../http/list-params';
import {
  cleanupRoster,
  cleanupRosterXlsx,
  decideCleanupFile,
  DecisionFilterSchema,
  getCleanupCampaign,
  listCleanupCampaigns,
  listCleanupDecisions,
  restoreFile,
  RosterQuerySchema,
  startCleanupCampaign,
} from './cleanup';
import { getDibaoReferral, listDibaoReferrals, ReferralFilterSchema, startDibaoReferrals } from './dibao-referral';
import { getSpotCheck, listSpotChecks, startSpotCheck } from './spot-checks';
import { exitTargets, pairing, setExitTarget } from './targets';

const IdParam = z.string().min(1).max(64).regex(/^[\w-]+$/);
const param = (req: Request, name: string) => {
  const parsed = IdParam.safeParse(req.params[name]);
  if (!parsed.success) throw new AppError('NOT_FOUND', '记录不存在');
  return parsed.data;
};
/** `?year=2026` or react-admin's `?filter={"year":2026}`: the two spellings of one query. */
const query = (req: Request) => ({ ...listParams(req, z.record(z.string(), z.unknown()), []).filter, ...req.query });

/** Clean-up campaigns, dibao referrals, spot checks and targets (SPEC §5.3–5.5, §7). */
export function campaignRoutes(ctx: AppContext): Router {
  const r = Router();

  r.get('/cleanup-campaigns', async (req, res) => {
    const rows = await listCleanupCampaigns(ctx, requireUser(req));
    sendList(res, 'cleanup-campaigns', 0, rows, rows.length);
  });
  r.post('/cleanup-campaigns', async (req, res) => res.status(201).json(await startCleanupCampaign(ctx, requireUser(req), req.body)));
  r.get('/cleanup-campaigns/:id', async (req, res) => res.json(await getCleanupCampaign(ctx, requireUser(req), param(req, 'id'))));
  r.get('/cleanup-campaigns/:id/decisions', async (req, res) => {
    const user = requireUser(req);
    const params = listParams(req, DecisionFilterSchema, []);
    const rows = await listCleanupDecisions(ctx, user, param(req, 'id'), params.filter);
    sendList(res, 'cleanup-decisions', params.offset, rows.slice(params.offset, params.offset + params.limit), rows.length);
  });
  r.put('/cleanup-campaigns/:id/decisions/:fileId', async (req, res) => res.json(await decideCleanupFile(ctx, requireUser(req), param(req, 'id'), param(req, 'fileId'), req.body)));
  r.get('/cleanup-campaigns/:id/roster', async (req, res) => {
    const user = requireUser(req);
    const { format, ...query } = RosterQuerySchema.parse(req.query);
    if (format === 'json') return void res.json(await cleanupRoster(ctx, user, param(req, 'id'), query));
    const { body, filename } = await cleanupRosterXlsx(ctx, user, param(req, 'id'), query);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="roster.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`);
    res.send(body);
  });
  r.post('/files/:id/restore', async (req, res) => res.status(201).json(await restoreFile(ctx, requireUser(req), param(req, 'id'), req.body)));

  r.get('/dibao-referrals', async (req, res) => {
    const user = requireUser(req);
    const params = listParams(req, ReferralFilterSchema, []);
    const rows = await listDibaoReferrals(ctx, user, params.filter);
    sendList(res, 'dibao-referrals', 0, rows, rows.length);
  });
  r.post('/dibao-referrals', async (req, res) => res.status(201).json(await startDibaoReferrals(ctx, requireUser(req), req.body)));
  r.get('/dibao-referrals/:id', async (req, res) => res.json(await getDibaoReferral(ctx, requireUser(req), param(req, 'id'))));

  r.get('/spot-checks', async (req, res) => {
    const rows = await listSpotChecks(ctx, requireUser(req));
    sendList(res, 'spot-checks', 0, rows, rows.length);
  });
  r.post('/spot-checks', async (req, res) => res.status(201).json(await startSpotCheck(ctx, requireUser(req), req.body)));
  r.get('/spot-checks/:id', async (req, res) => res.json(await getSpotCheck(ctx, requireUser(req), param(req, 'id'))));

  r.get('/targets', async (req, res) => {
    const rows = await exitTargets(ctx, requireUser(req), query(req));
    sendList(res, 'targets', 0, rows, rows.length);
  });
  r.put('/targets', async (req, res) => res.json(await setExitTarget(ctx, requireUser(req), req.body)));
  r.get('/pairing', async (req, res) => {
    const rows = await pairing(ctx, requireUser(req), query(req));
    sendList(res, 'pairing', 0, rows, rows.length);
  });

  return r;
}
