import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireUser } from '../auth/session';
import { AppError } from '../errors';
import { sendList } from '../http/list-params';
import { ProjectFilterSchema } from './projects.schema';
import {
  categoryCounts,
  closeProject,
  enrolFile,
  fileEnrolments,
  getProject,
  listEnrolments,
  listProjects,
  listSpending,
  publishProject,
  recordOutcome,
  recordSpending,
} from './projects';

const Id = z.string().min(1).max(64).regex(/^[\w-]+$/);
const param = (req: Request, name: string) => {
  const parsed = Id.safeParse(req.params[name]);
  if (!parsed.success) throw new AppError('NOT_FOUND', '记录不存在');
  return parsed.data;
};

function filterOf(req: Request) {
  let raw: unknown = {};
  try {
    raw = typeof req.query.filter === 'string' ? JSON.parse(req.query.filter) : {};
  } catch {
    throw new AppError('BAD_REQUEST', '筛选条件无效', { filter: '筛选条件无效' });
  }
  const parsed = ProjectFilterSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('BAD_REQUEST', '筛选条件无效', { filter: parsed.error.issues[0]?.message ?? '筛选条件无效' });
  return parsed.data;
}

/** 分类帮扶项目 and the six categories (issue 10). */
export function projectRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/projects', async (req, res) => {
    const rows = await listProjects(ctx, requireUser(req), filterOf(req));
    sendList(res, 'projects', 0, rows, rows.length);
  });
  r.post('/projects', async (req, res) => res.status(201).json(await publishProject(ctx, requireUser(req), req.body)));
  r.get('/projects/:id', async (req, res) => res.json(await getProject(ctx, requireUser(req), param(req, 'id'))));
  r.post('/projects/:id/close', async (req, res) => res.json(await closeProject(ctx, requireUser(req), param(req, 'id'))));
  r.get('/projects/:id/enrolments', async (req, res) => {
    const rows = await listEnrolments(ctx, requireUser(req), param(req, 'id'));
    sendList(res, 'enrolments', 0, rows, rows.length);
  });
  r.post('/projects/:id/enrolments', async (req, res) => res.status(201).json(await enrolFile(ctx, requireUser(req), param(req, 'id'), req.body)));
  r.put('/projects/:id/enrolments/:enrolmentId', async (req, res) =>
    res.json(await recordOutcome(ctx, requireUser(req), param(req, 'id'), param(req, 'enrolmentId'), req.body)),
  );
  r.get('/projects/:id/spending', async (req, res) => {
    const rows = await listSpending(ctx, requireUser(req), param(req, 'id'));
    sendList(res, 'spending', 0, rows, rows.length);
  });
  r.post('/projects/:id/spending', async (req, res) => res.status(201).json(await recordSpending(ctx, requireUser(req), param(req, 'id'), req.body)));
  r.get('/files/:id/projects', async (req, res) => {
    const rows = await fileEnrolments(ctx, requireUser(req), param(req, 'id'));
    sendList(res, 'file-projects', 0, rows, rows.length);
  });
  r.get('/category-counts', async (req, res) => {
    const orgId = typeof req.query.orgId === 'string' ? req.query.orgId.slice(0, 40) : undefined;
    res.json(await categoryCounts(ctx, requireUser(req), orgId));
  });
  return r;
}
