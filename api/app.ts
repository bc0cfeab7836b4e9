import express, { Router, type Request, type Response, type NextFunction } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { AppContext } from './context';
import { errorHandler, AppError } from './errors';
import { requireUser, sessionMiddleware } from './auth/session';
import { authRoutes } from './auth/routes';
import { listParams, sendList } from './http/list-params';
import { refuseNul } from './http/text-guard';
import { submitApplication } from './applications/submit';
import { FileFilterSchema, FILE_SORTABLE, findVisibleFile, getFile, listFiles, revealFile, updateReturnedFile } from './files/files';
import { claimTask, completeTask, getTask, listTasks, TaskFilterSchema, TASK_SORTABLE, taskDiagram, unclaimTask } from './tasks/tasks';
import { cockpitRoutes } from './cockpit/routes';
import { listIncidents, processStatistics, retryIncident } from './processes/processes';
import { deployVersion, getProcess, lintInput, listProcesses, versionXml } from './processes/definitions';
import { standardsRoutes } from './standards/routes';
import { levelRoutes } from './levels/routes';
import { eligibilityRoutes } from './eligibility/routes';
import { calendarRoutes } from './calendar/routes';
import { publicityPage, recordObjection } from './publicity/publicity';
import { listNotifications, markNotificationsRead } from './notifications/notifications';
import { documentRoutes } from './documents/routes';
import { listUsers, UserFilterSchema } from './users/users';
import { fundRoutes } from './funds/routes';
import { campaignRoutes } from './campaigns/routes';
import { helpRoutes } from './help/routes';
import { printRoutes } from './print/routes';
import { importRoutes } from './import/routes';
import { backupRoutes } from './backup';
import { auditChainRoutes } from './audit-chain';
import { projectRoutes } from './projects/routes';
import { yearRoutes } from './year/routes';
import { lifeEventRoutes } from './life-events/routes';
import { configureDepartmentConnector, connectorView, crossCheckSummary } from '../workers/crosscheck/results';

// Issue 7: validation messages in Chinese — zod's defaults, where a schema gives none, in zh-CN.
z.config(z.locales.zhCN());

const ADMIN_UI_DIST = join(import.meta.dirname, '..', 'admin-ui', 'dist');

/** Ids in paths are opaque strings of bounded length. */
const IdParam = z.string().min(1).max(64).regex(/^[\w-]+$/, '编号无效');
const id = (req: Request) => {
  const parsed = IdParam.safeParse(req.params.id);
  if (!parsed.success) throw new AppError('NOT_FOUND', '记录不存在');
  return parsed.data;
};

/**
 * Every state-changing request must declare JSON, even without a body: a cross-site form cannot
 * send that content type without a CORS preflight, which this API never grants. Together with
 * SameSite=Strict session cookies this closes CSRF.
 */
function jsonOnlyWrites(req: Request, _res: Response, next: NextFunction) {
  if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method) && !req.is('application/json')) {
    return next(new AppError('BAD_REQUEST', '请求须为 JSON 格式（Content-Type: application/json）', { body: '请求须为 JSON 格式' }));
  }
  next();
}

function securityHeaders(_req: Request, res: Response, next: NextFunction) {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
  next();
}

export interface AppOptions {
  /** where evidence documents are stored, by content hash (DATA_DIR/documents) */
  documentsDir: string;
  /** where `POST /api/admin/backup` writes backups (DATA_DIR/backups); default: beside documentsDir */
  backupDir?: string;
}

export function createApp(ctx: AppContext, opts: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // A 304 would hide a changed Content-Range from the UI's counts.
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders);
  // Uploads carry the file itself as the body; the router refuses form and text types (CSRF).
  app.use('/api/files/:fileId/documents', sessionMiddleware(ctx.db.prisma, ctx.clock), documentRoutes(ctx, { dir: opts.documentsDir }));
  app.use('/api/import', sessionMiddleware(ctx.db.prisma, ctx.clock), importRoutes(ctx));
  app.use('/api', express.json({ limit: '1mb' }), jsonOnlyWrites, refuseNul, sessionMiddleware(ctx.db.prisma, ctx.clock));

  const api = Router();
  api.use('/auth', authRoutes(ctx));
  api.use('/standards', standardsRoutes(ctx));
  api.use('/level-rule-sets', levelRoutes(ctx));
  api.use('/eligibility', eligibilityRoutes(ctx));
  api.use('/calendar', calendarRoutes(ctx));
  api.use('/funds', fundRoutes(ctx));
  api.use('/', campaignRoutes(ctx));
  api.use('/', helpRoutes(ctx));
  api.use('/', printRoutes(ctx));
  // issue 7: backup of the running system (process admins) and the audit chain's verdict
  // (supervisors and process admins); each router checks the role itself.
  api.use('/admin', backupRoutes(ctx, { documentsDir: opts.documentsDir, backupDir: opts.backupDir ?? join(opts.documentsDir, '..', 'backups') }));
  api.use('/admin', auditChainRoutes(ctx));
  api.use('/', projectRoutes(ctx));
  api.use('/', yearRoutes(ctx));
  api.use('/', lifeEventRoutes(ctx));
  api.use('/cockpit', cockpitRoutes(ctx));

  api.get('/tasks', async (req, res) => {
    const user = requireUser(req);
    const params = listParams(req, TaskFilterSchema, TASK_SORTABLE);
    const { total, rows } = await listTasks(ctx, user, params);
    sendList(res, 'tasks', params.offset, rows, total);
  });
  api.get('/tasks/:id', async (req, res) => res.json(await getTask(ctx, requireUser(req), id(req))));
  api.get('/tasks/:id/diagram', async (req, res) => res.json(await taskDiagram(ctx, requireUser(req), id(req))));
  api.post('/tasks/:id/claim', async (req, res) => res.json(await claimTask(ctx, requireUser(req), id(req))));
  api.post('/tasks/:id/unclaim', async (req, res) => res.json(await unclaimTask(ctx, requireUser(req), id(req))));
  api.post('/tasks/:id/complete', async (req, res) => res.json(await completeTask(ctx, requireUser(req), id(req), req.body)));

  api.post('/applications', async (req, res) => {
    const user = requireUser(req);
    const orgId = typeof req.query.orgId === 'string' ? req.query.orgId : undefined;
    res.status(201).json(await submitApplication(ctx, user, req.body, orgId));
  });

  api.get('/files', async (req, res) => {
    const user = requireUser(req);
    const params = listParams(req, FileFilterSchema, FILE_SORTABLE);
    const { total, rows } = await listFiles(ctx, user, params);
    sendList(res, 'files', params.offset, rows, total);
  });
  api.get('/files/:id', async (req, res) => res.json(await getFile(ctx, requireUser(req), id(req))));
  api.put('/files/:id', async (req, res) => res.json(await updateReturnedFile(ctx, requireUser(req), id(req), req.body)));
  api.post('/files/:id/reveal', async (req, res) => res.json(await revealFile(ctx, requireUser(req), id(req))));
  api.get('/files/:id/cross-checks', async (req, res) => {
    const file = await findVisibleFile(ctx, requireUser(req), id(req));
    res.json(await crossCheckSummary(ctx.db.prisma, file.id));
  });
  api.get('/department-connectors', async (req, res) => {
    requireUser(req);
    const rows = (await ctx.db.prisma.departmentConnector.findMany({ orderBy: { department: 'asc' } })).map(connectorView);
    sendList(res, 'department-connectors', 0, rows, rows.length);
  });
  api.put('/department-connectors', async (req, res) => res.json(await configureDepartmentConnector(ctx.db, requireUser(req), req.body, ctx.clock.now())));
  api.post('/files/:id/objections', async (req, res) => res.status(201).json(await recordObjection(ctx, requireUser(req), id(req), req.body)));

  api.post('/notifications/read', async (req, res) => {
    const ids = z.object({ ids: z.array(z.string().max(64)).max(500).optional() }).parse(req.body ?? {}).ids;
    res.json(await markNotificationsRead(ctx, requireUser(req), ids));
  });

  api.get('/users', async (req, res) => {
    const params = listParams(req, UserFilterSchema, ['displayName']);
    const rows = await listUsers(ctx, requireUser(req), params.filter);
    sendList(res, 'users', 0, rows, rows.length);
  });

  api.get('/notifications', async (req, res) => {
    const rows = await listNotifications(ctx, requireUser(req));
    sendList(res, 'notifications', 0, rows, rows.length);
  });

  api.get('/incidents', async (req, res) => {
    const rows = await listIncidents(ctx, requireUser(req), req.query.resolved === 'true');
    sendList(res, 'incidents', 0, rows, rows.length);
  });
  api.post('/incidents/:id/retry', async (req, res) => res.json(await retryIncident(ctx, requireUser(req), id(req))));
  api.get('/processes/:id/statistics', async (req, res) => res.json(await processStatistics(ctx, requireUser(req), id(req))));

  // 流程定义 (issue 6): versions, their XML for the modeler and the diff, live lint, deploy
  api.get('/process-definitions', async (req, res) => {
    const rows = await listProcesses(ctx, requireUser(req));
    sendList(res, 'process-definitions', 0, rows, rows.length);
  });
  api.post('/process-definitions/lint', async (req, res) => res.json(await lintInput(requireUser(req), req.body)));
  api.get('/process-definitions/:id', async (req, res) => res.json(await getProcess(ctx, requireUser(req), id(req))));
  api.get('/process-definitions/:id/versions/:version/xml', async (req, res) => {
    const version = z.coerce.number().int().min(1).max(1_000_000).safeParse(req.params.version);
    if (!version.success) throw new AppError('NOT_FOUND', '该流程版本不存在');
    res.json(await versionXml(ctx, requireUser(req), id(req), version.data));
  });
  api.post('/process-definitions/:id/versions', async (req, res) => res.status(201).json(await deployVersion(ctx, requireUser(req), id(req), req.body)));

  api.use((_req, _res, next) => next(new AppError('NOT_FOUND', '接口不存在')));
  app.use('/api', api);

  // 公示 is public: no login, masked data only.
  app.get('/public/publicity/:id', async (req, res) => {
    const html = await publicityPage(ctx, id(req));
    if (!html) throw new AppError('NOT_FOUND', '工会不存在');
    res.type('html').send(html);
  });

  if (existsSync(ADMIN_UI_DIST)) {
    app.use(express.static(ADMIN_UI_DIST, { index: false, maxAge: '1h' }));
    app.get(/^(?!\/api\/).*/, (_req, res) => res.sendFile(join(ADMIN_UI_DIST, 'index.html')));
  }
  app.use(errorHandler);
  return app;
}
