import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireUser } from '../auth/session';
import { audit } from '../audit';
import { listParams } from '../http/list-params';
import { requireProcessAdmin } from '../standards/routes';
import { isIsoDate } from '../../workers/identity/resident-id';

const DaySchema = z.object({
  date: z.string({ error: '请填写日期' }).refine(isIsoDate, '日期应为“年-月-日”格式，如 2026-03-02'),
  kind: z.enum(['holiday', 'workday'], { error: '类型应为节假日(holiday)或调休上班日(workday)' }),
  name: z.string({ error: '请填写名称' }).trim().min(1, '请填写名称').max(50, '名称不能超过50字'),
});

const DeadlineSchema = z.object({
  bpmnProcessId: z.string({ error: '请填写流程' }).min(1).max(64),
  elementId: z.string({ error: '请填写环节' }).min(1).max(64),
  dueWorkingDays: z.int({ error: '办理期限应为整数个工作日' }).min(1, '办理期限至少1个工作日').max(90, '办理期限不能超过90个工作日'),
  escalateWorkingDays: z.int({ error: '督办期限应为整数个工作日' }).min(1, '督办期限至少1个工作日').max(90, '督办期限不能超过90个工作日'),
});

const HistoryFilterSchema = z.object(
  { entity: z.enum(['step_deadline', 'calendar_day'], { error: '只能查看办理期限(step_deadline)或工作日历(calendar_day)的修改记录' }) },
  { error: '筛选条件应为 JSON 对象' },
);

/** The working-day calendar and the due dates per step: rule parameters of the process admin. */
export function calendarRoutes(ctx: AppContext): Router {
  const r = Router();
  const prisma = ctx.db.prisma;

  r.get('/days', async (req, res) => {
    requireUser(req);
    const rows = await prisma.calendarDay.findMany({ orderBy: { date: 'asc' } });
    res.setHeader('Content-Range', `days 0-${Math.max(0, rows.length - 1)}/${rows.length}`);
    res.json(rows.map((d) => ({ id: d.date.toISOString().slice(0, 10), date: d.date.toISOString().slice(0, 10), kind: d.kind, name: d.name })));
  });

  r.put('/days', async (req, res) => {
    const user = requireUser(req);
    requireProcessAdmin(user);
    const day = DaySchema.parse(req.body);
    const date = new Date(`${day.date}T00:00:00Z`);
    await prisma.$transaction(async (tx) => {
      const before = await tx.calendarDay.findUnique({ where: { date } });
      await tx.calendarDay.upsert({ where: { date }, update: { kind: day.kind, name: day.name }, create: { date, kind: day.kind, name: day.name } });
      await audit(tx, user, { action: before ? 'update' : 'create', entity: 'calendar_day', entityId: day.date, before, after: day }, ctx.clock.now());
    });
    res.json({ id: day.date, ...day });
  });

  /**
   * The history of these rule parameters (issue 6: rule parameters with history): who changed a
   * step's due dates or a calendar day, when, from what to what — read from the audit chain,
   * newest first. Everyone may read it, as they read the parameters.
   */
  r.get('/history', async (req, res) => {
    requireUser(req);
    const { entity } = listParams(req, HistoryFilterSchema, ['at']).filter;
    const rows = await prisma.auditLog.findMany({ where: { entity, outcome: 'ok' }, orderBy: { id: 'desc' }, take: 200 });
    const users = await prisma.user.findMany({ where: { id: { in: rows.flatMap((a) => (a.userId ? [a.userId] : [])) } }, select: { id: true, displayName: true } });
    const nameOf = new Map(users.map((u) => [u.id, u.displayName]));
    res.setHeader('Content-Range', `history 0-${Math.max(0, rows.length - 1)}/${rows.length}`);
    res.json(rows.map((a) => ({ id: String(a.id), at: a.at, entity: a.entity, entityId: a.entityId, action: a.action, before: a.before, after: a.after, by: (a.userId && nameOf.get(a.userId)) ?? null })));
  });

  r.get('/deadlines', async (req, res) => {
    requireUser(req);
    const rows = await prisma.stepDeadline.findMany({ orderBy: [{ bpmnProcessId: 'asc' }, { elementId: 'asc' }] });
    res.setHeader('Content-Range', `deadlines 0-${Math.max(0, rows.length - 1)}/${rows.length}`);
    res.json(rows.map((d) => ({ id: `${d.bpmnProcessId}:${d.elementId}`, ...d })));
  });

  r.put('/deadlines', async (req, res) => {
    const user = requireUser(req);
    requireProcessAdmin(user);
    const d = DeadlineSchema.parse(req.body);
    const key = { bpmnProcessId_elementId: { bpmnProcessId: d.bpmnProcessId, elementId: d.elementId } };
    await prisma.$transaction(async (tx) => {
      const before = await tx.stepDeadline.findUnique({ where: key });
      await tx.stepDeadline.upsert({ where: key, update: d, create: d });
      await audit(tx, user, { action: before ? 'update' : 'create', entity: 'step_deadline', entityId: `${d.bpmnProcessId}:${d.elementId}`, before, after: d }, ctx.clock.now());
    });
    res.json({ id: `${d.bpmnProcessId}:${d.elementId}`, ...d });
  });

  return r;
}
