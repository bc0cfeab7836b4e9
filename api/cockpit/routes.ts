import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireUser } from '../auth/session';
import { AppError } from '../errors';
import { listParams, sendList } from '../http/list-params';
import { CockpitTaskFilterSchema, cockpitOverview, cockpitTasks, processHeatmap, reassignTask, taskAssignees } from './cockpit';

const IdParam = z.string().min(1).max(64).regex(/^[\w-]+$/);
const id = (req: Request) => {
  const parsed = IdParam.safeParse(req.params.id);
  if (!parsed.success) throw new AppError('NOT_FOUND', '记录不存在');
  return parsed.data;
};

/** 督查驾驶舱 (SPEC §7): `/api/cockpit/*`, supervisors only. */
export function cockpitRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/overview', async (req, res) => res.json(await cockpitOverview(ctx, requireUser(req))));
  r.get('/tasks', async (req, res) => {
    const params = listParams(req, CockpitTaskFilterSchema, ['dueAt']);
    const rows = await cockpitTasks(ctx, requireUser(req), params.filter);
    if (params.sort?.order === 'DESC') rows.reverse();
    sendList(res, 'cockpit/tasks', params.offset, rows.slice(params.offset, params.offset + params.limit), rows.length);
  });
  r.get('/tasks/:id/assignees', async (req, res) => {
    const rows = await taskAssignees(ctx, requireUser(req), id(req));
    sendList(res, 'assignees', 0, rows, rows.length);
  });
  r.post('/tasks/:id/assign', async (req, res) => res.json(await reassignTask(ctx, requireUser(req), id(req), req.body)));
  r.get('/processes/:id', async (req, res) => res.json(await processHeatmap(ctx, requireUser(req), id(req))));
  return r;
}
