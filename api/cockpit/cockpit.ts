/**
 * 督查驾驶舱 (SPEC §7 "Supervisors see per union: … every approval waiting longer than its time
 * limit"; issue 6): stalled approvals by union and step with their age, reassigning one, the
 * heatmap of waiting tasks and incidents per element, files by level and status. Only the
 * `supervisor` role, and only over the org subtrees where the caller holds it (SPEC §1).
 * Exit rates, funds and pairing come from their own APIs (/api/targets, /api/funds/usage,
 * /api/pairing), which scope the same way.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AppContext } from '../context';
import type { AuthUser, RoleGrant } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';
import type { CandidateGroup, UserTaskView } from '../engine/port';
import { decorate } from '../tasks/tasks';
import { workflowFiles } from '../workflows/deploy';
import { loadCalendar } from '../calendar/calendar';
import { shanghaiDay, workingDaysBetween } from '../../workers/calendar/working-days';

/** Every role a candidate group may name (SPEC §1). */
const ROLES = ['grassroots_staff', 'grassroots_chair', 'helper', 'county_reviewer', 'city_reviewer', 'upper_reviewer', 'process_admin', 'supervisor'] as const;
const DAY_MS = 86_400_000;
/** The cockpit reads at most this many open tasks at once (a city has a few hundred). */
const SCAN_LIMIT = 5000;

export const CockpitTaskFilterSchema = z.object({
  /** only tasks past their due date (the default), or every open task (the heatmap's drill-down) */
  overdue: z.boolean({ error: '筛选条件无效' }).default(true),
  orgId: z.string().max(40).optional(),
  bpmnProcessId: z.string().max(64).optional(),
  elementId: z.string().max(128).optional(),
});
export type CockpitTaskFilter = z.infer<typeof CockpitTaskFilterSchema>;

export const AssignSchema = z.object({ userId: z.string({ error: '请选择转交给谁' }).min(1, '请选择转交给谁').max(64) });

/** The caller's supervisor grants, outermost only; none is a 403 (SPEC §1 `supervisor`). */
export function supervisorGrants(user: AuthUser): RoleGrant[] {
  const grants = user.roles.filter((r) => r.role === 'supervisor');
  if (!grants.length) throw new AppError('FORBIDDEN', '只有督查组可以使用督查驾驶舱');
  return grants.filter((g) => !grants.some((o) => o !== g && g.orgPath.startsWith(o.orgPath) && o.orgPath !== g.orgPath));
}

const inPaths = (grants: RoleGrant[], path: string | null | undefined) => !!path && grants.some((g) => path.startsWith(g.orgPath));

/** Every (role, org) candidate group under the supervisor's orgs: what the engine is asked for. */
function scopeGroups(grants: RoleGrant[]): CandidateGroup[] {
  return grants.flatMap((g) => ROLES.map((role) => ({ role, orgId: g.orgId, orgPath: g.orgPath })));
}

async function orgPaths(ctx: AppContext, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((i): i is string => !!i))];
  const orgs = wanted.length ? await ctx.db.prisma.org.findMany({ where: { id: { in: wanted } }, select: { id: true, path: true, name: true } }) : [];
  return new Map(orgs.map((o) => [o.id, o]));
}

/** Open tasks under the supervisor's orgs (by the candidate group's org), soonest due first. */
async function scopedOpenTasks(ctx: AppContext, user: AuthUser, grants: RoleGrant[], filter: Partial<CockpitTaskFilter>) {
  const { tasks } = await ctx.engine.listTasks({
    userId: user.id,
    groups: scopeGroups(grants),
    view: filter.overdue === false ? 'group' : 'overdue',
    bpmnProcessId: filter.bpmnProcessId,
    sort: { field: 'dueAt', order: 'ASC' },
    offset: 0,
    limit: SCAN_LIMIT,
  });
  const paths = await orgPaths(ctx, tasks.map((t) => t.candidateOrgId));
  const now = ctx.clock.now();
  return tasks.filter(
    (t) =>
      inPaths(grants, t.candidateOrgId ? paths.get(t.candidateOrgId)?.path : null) &&
      (filter.overdue === false || (!!t.dueAt && t.dueAt < now)) &&
      (!filter.orgId || t.candidateOrgId === filter.orgId) &&
      (!filter.elementId || t.elementId === filter.elementId),
  );
}

/**
 * 超时未办 (stalled approvals): open tasks past due, each with its age counted two ways — calendar
 * days since the due instant, and working days from the due day up to (not including) today on
 * the working-day calendar (SPEC §5.1).
 */
export async function cockpitTasks(ctx: AppContext, user: AuthUser, filter: CockpitTaskFilter) {
  const grants = supervisorGrants(user);
  const tasks = await scopedOpenTasks(ctx, user, grants, filter);
  const cal = await loadCalendar(ctx.db.prisma);
  const now = ctx.clock.now();
  const today = shanghaiDay(now);
  const rows = await decorate(ctx, tasks);
  return rows.map((t) => ({
    ...t,
    variables: undefined,
    overdueDays: t.dueAt && t.dueAt < now ? Math.floor((now.getTime() - t.dueAt.getTime()) / DAY_MS) : 0,
    overdueWorkingDays: t.dueAt && t.dueAt < now ? workingDaysBetween(shanghaiDay(t.dueAt), today, cal) : 0,
  }));
}

/** The process ids deployed from workflows/, with their names (for the heatmap's picker). */
export function processList(): { bpmnProcessId: string; name: string }[] {
  return workflowFiles().flatMap((file) => {
    const xml = readFileSync(file, 'utf8');
    return [...xml.matchAll(/<bpmn:process\b[^>]*>/g)].map((m) => ({
      bpmnProcessId: /\bid="([^"]+)"/.exec(m[0])?.[1] ?? '',
      name: /\bname="([^"]+)"/.exec(m[0])?.[1] ?? '',
    }));
  });
}

/**
 * The cockpit's figures: stalled approvals by union and by step, open incidents, files by level
 * and status — all under the supervisor's orgs.
 */
export async function cockpitOverview(ctx: AppContext, user: AuthUser) {
  const grants = supervisorGrants(user);
  const stalled = await scopedOpenTasks(ctx, user, grants, { overdue: true });
  const orgs = await orgPaths(ctx, stalled.map((t) => t.candidateOrgId));
  const count = <K extends string>(tasks: UserTaskView[], key: (t: UserTaskView) => K) => {
    const m = new Map<K, UserTaskView[]>();
    for (const t of tasks) m.set(key(t), [...(m.get(key(t)) ?? []), t]);
    return [...m.entries()];
  };
  const byUnion = count(stalled, (t) => t.candidateOrgId ?? '')
    .map(([orgId, ts]) => ({ orgId, orgName: orgs.get(orgId)?.name ?? orgId, count: ts.length }))
    .sort((a, b) => b.count - a.count || a.orgName.localeCompare(b.orgName, 'zh-CN'));
  const byStep = count(stalled, (t) => `${t.bpmnProcessId} ${t.elementId}`)
    .map(([, ts]) => ({ bpmnProcessId: ts[0].bpmnProcessId, elementId: ts[0].elementId, name: ts[0].name, count: ts.length }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh-CN'));

  const scope = { OR: grants.map((g) => ({ orgPath: { startsWith: g.orgPath } })) };
  const files = await ctx.db.prisma.householdFile.groupBy({ by: ['level', 'status'], where: scope, _count: { _all: true } });
  const incidents = (await ctx.engine.listIncidents({ resolved: false })).filter((i) => inPaths(grants, i.orgPath));
  return {
    scope: grants.map((g) => ({ orgId: g.orgId, orgName: g.orgName })),
    stalled: { total: stalled.length, byUnion, byStep },
    incidents: { open: incidents.length },
    files: files.map((f) => ({ level: f.level ?? 'none', status: f.status, count: f._count._all })).sort((a, b) => a.level.localeCompare(b.level) || a.status.localeCompare(b.status)),
    processes: processList(),
  };
}

/**
 * 热力图: the latest version's diagram of one process with, per element, the open tasks waiting
 * there (how many of them past due) and the open incidents — of cases under the supervisor's
 * orgs only. Tasks of older versions count on the element of the same id.
 */
export async function processHeatmap(ctx: AppContext, user: AuthUser, bpmnProcessId: string) {
  const grants = supervisorGrants(user);
  const def = await ctx.engine.latestDefinition(bpmnProcessId);
  if (!def) throw new AppError('NOT_FOUND', '流程不存在');
  const open = await scopedOpenTasks(ctx, user, grants, { overdue: false, bpmnProcessId });
  const incidents = (await ctx.engine.listIncidents({ resolved: false, bpmnProcessId })).filter((i) => inPaths(grants, i.orgPath));
  const now = ctx.clock.now();
  const elements = new Map<string, { elementId: string; waiting: number; overdue: number; incidents: number }>();
  const at = (elementId: string) => elements.get(elementId) ?? elements.set(elementId, { elementId, waiting: 0, overdue: 0, incidents: 0 }).get(elementId)!;
  for (const t of open) {
    at(t.elementId).waiting += 1;
    if (t.dueAt && t.dueAt < now) at(t.elementId).overdue += 1;
  }
  for (const i of incidents) if (i.elementId) at(i.elementId).incidents += 1;
  return {
    id: bpmnProcessId,
    bpmnProcessId,
    version: def.version,
    definitionId: def.definitionId,
    xml: def.xml,
    elements: [...elements.values()].sort((a, b) => a.elementId.localeCompare(b.elementId)),
  };
}

/** A task the supervisor may move: open, and its candidate org under theirs. */
async function supervisedTask(ctx: AppContext, user: AuthUser, id: string) {
  const grants = supervisorGrants(user);
  const task = await ctx.engine.getTask(id);
  const org = task?.candidateOrgId ? await ctx.db.prisma.org.findUnique({ where: { id: task.candidateOrgId }, select: { path: true, name: true } }) : null;
  if (!task || !org || !inPaths(grants, org.path)) throw new AppError('NOT_FOUND', '任务不存在');
  if (task.status !== 'created') throw new AppError('CONFLICT', '任务已办结，不能转交');
  return { task, orgPath: org.path };
}

/**
 * Who may take a task over: active users holding its candidate role at its candidate org or an
 * org above it — exactly those who could claim it from 我的组 (SPEC §1).
 */
export async function taskAssignees(ctx: AppContext, user: AuthUser, id: string) {
  const { task, orgPath } = await supervisedTask(ctx, user, id);
  if (!task.candidateRole) return [];
  const ancestors = orgPath.split('/').filter(Boolean);
  const rows = await ctx.db.prisma.user.findMany({
    where: { active: true, roles: { some: { role: task.candidateRole, orgId: { in: ancestors } } } },
    include: { roles: { where: { role: task.candidateRole, orgId: { in: ancestors } }, include: { org: { select: { name: true } } } } },
    orderBy: { displayName: 'asc' },
  });
  return rows.map((u) => ({ id: u.id, displayName: u.displayName, title: u.title, orgName: u.roles[0]?.org.name ?? null, current: u.id === task.assignee }));
}

/** 转交: the supervisor moves one stalled task to another official; audited, and the official is told. */
export async function reassignTask(ctx: AppContext, user: AuthUser, id: string, body: unknown) {
  const { userId } = AssignSchema.parse(body);
  const eligible = await taskAssignees(ctx, user, id);
  const target = eligible.find((u) => u.id === userId);
  if (!target) throw new AppError('UNPROCESSABLE', '所选人员不能办理此任务', { userId: '只能转交给在该工会或上级工会担任此任务角色的人员' });
  if (target.current) throw new AppError('UNPROCESSABLE', '任务已由此人办理', { userId: '任务已由此人办理，请选择其他人员' });
  const before = await ctx.engine.getTask(id);
  const task = await ctx.engine.assignTask(id, userId);
  const now = ctx.clock.now();
  const instance = await ctx.engine.getInstance(task.instanceId);
  await ctx.db.prisma.$transaction(async (tx) => {
    const message = `督查组${user.displayName}将任务「${task.name}」${task.businessKey ? `（${task.businessKey}）` : ''}转交给您办理`;
    await tx.notification.upsert({
      where: { taskId_kind: { taskId: id, kind: 'reassigned' } },
      update: { userId, message, createdAt: now, readAt: null },
      create: { kind: 'reassigned', taskId: id, instanceId: task.instanceId, userId, message, createdAt: now },
    });
    const orgId = task.candidateOrgId ?? undefined;
    await audit(
      tx,
      user,
      { action: 'reassign', entity: 'user_task', entityId: id, before: { assignee: before?.assignee ?? null }, after: { assignee: userId, businessKey: task.businessKey, bpmnProcessId: instance?.bpmnProcessId ?? task.bpmnProcessId }, orgId },
      now,
    );
  });
  return (await decorate(ctx, [task]))[0];
}
