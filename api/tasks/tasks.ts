import { z } from 'zod';
import { maskName } from '../../workers/identity/resident-id';
import type { AppContext } from '../context';
import { candidateGroups, type AuthUser } from '../auth/session';
import { AppError } from '../errors';
import { audit, auditsLast } from '../audit';
import type { UserTaskView } from '../engine/port';
import { isFormKey, TASK_FORMS, type FormKey } from './task-forms';
import { applyTaskEffects } from './task-effects';
import { maskPiiJson } from '../pii/mask';
import { fileHistory } from '../files/files';

export const TaskFilterSchema = z.object({
  view: z.enum(['all', 'mine', 'group', 'unclaimed', 'overdue'], { error: '视图无效' }).default('all'),
  q: z.string().trim().max(50, '搜索内容过长').optional(),
  bpmnProcessId: z.string().max(64).optional(),
});
export const TASK_SORTABLE = ['dueAt', 'createdAt', 'name'] as const;

export const CompleteTaskSchema = z.object({ variables: z.record(z.string(), z.unknown(), { error: '请提交表单内容' }) });

/** Whether the caller may see and act on a task: it is theirs, or in a group they hold. */
export function canSeeTask(user: AuthUser, task: UserTaskView & { candidateOrgPath?: string | null }, orgPath: string | null): boolean {
  if (task.assignee === user.id) return true;
  if (!task.candidateRole || !orgPath) return false;
  return user.roles.some((r) => r.role === task.candidateRole && orgPath.startsWith(r.orgPath));
}

export async function decorate(ctx: AppContext, tasks: UserTaskView[]) {
  const prisma = ctx.db.prisma;
  const fileIdOf = (t: UserTaskView) => (typeof t.variables.fileId === 'string' ? t.variables.fileId : null);
  const ids = [...new Set(tasks.map(fileIdOf).filter((k): k is string => !!k))];
  const orgIds = [...new Set(tasks.map((t) => t.candidateOrgId).filter((k): k is string => !!k))];
  const userIds = [...new Set(tasks.map((t) => t.assignee).filter((k): k is string => !!k))];
  const [files, orgs, users] = await Promise.all([
    ids.length ? prisma.householdFile.findMany({ where: { id: { in: ids } }, include: { org: { select: { name: true } } } }) : [],
    orgIds.length ? prisma.org.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true } }) : [],
    userIds.length ? prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } }) : [],
  ]);
  const fileById = new Map(files.map((f) => [f.id, f]));
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const userName = new Map(users.map((u) => [u.id, u.displayName]));
  const now = ctx.clock.now();
  return tasks.map((t) => {
    const id = fileIdOf(t);
    const f = id ? fileById.get(id) : undefined;
    return {
      ...t,
      candidateOrgName: t.candidateOrgId ? (orgName.get(t.candidateOrgId) ?? t.candidateOrgId) : null,
      assigneeName: t.assignee ? (userName.get(t.assignee) ?? null) : null,
      overdue: t.status === 'created' && !!t.dueAt && t.dueAt < now,
      file: f ? { id: f.id, caseNo: f.caseNo, fileNo: f.fileNo, applicantName: maskName(f.applicantName), orgName: f.org.name, status: f.status } : null,
    };
  });
}

export async function listTasks(ctx: AppContext, user: AuthUser, params: { filter: z.infer<typeof TaskFilterSchema>; sort: { field: string; order: 'ASC' | 'DESC' } | null; offset: number; limit: number }) {
  const { view, q, bpmnProcessId } = params.filter;
  let businessKeys: string[] | undefined;
  if (q) {
    const files = await ctx.db.prisma.householdFile.findMany({
      where: { OR: [{ applicantName: { contains: q } }, { caseNo: { contains: q.toUpperCase() } }, { fileNo: { contains: q } }] },
      select: { caseNo: true },
      take: 500,
    });
    businessKeys = files.map((f) => f.caseNo);
  }
  const { total, tasks } = await ctx.engine.listTasks({
    userId: user.id,
    groups: candidateGroups(user),
    view,
    bpmnProcessId,
    businessKeys,
    sort: params.sort ? { field: params.sort.field as 'dueAt', order: params.sort.order } : undefined,
    offset: params.offset,
    limit: params.limit,
  });
  return { total, rows: await decorate(ctx, tasks) };
}

export async function visibleTask(ctx: AppContext, user: AuthUser, id: string) {
  const task = await ctx.engine.getTask(id);
  const orgPath = task?.candidateOrgId ? ((await ctx.db.prisma.org.findUnique({ where: { id: task.candidateOrgId }, select: { path: true } }))?.path ?? null) : null;
  if (!task || !canSeeTask(user, task, orgPath)) throw new AppError('NOT_FOUND', '任务不存在');
  return task;
}

export async function getTask(ctx: AppContext, user: AuthUser, id: string) {
  const task = await visibleTask(ctx, user, id);
  const [decorated] = await decorate(ctx, [task]);
  const instance = await ctx.engine.getInstance(task.instanceId);
  const model = await ctx.engine.definitionModel(task.definitionId);
  return { ...decorated, variables: instance?.variables ?? task.variables, processVersion: instance?.version ?? null, elementName: model?.elements[task.elementId]?.name ?? task.name };
}

export async function claimTask(ctx: AppContext, user: AuthUser, id: string) {
  await visibleTask(ctx, user, id);
  const task = await ctx.engine.claimTask(id, user.id);
  await ctx.db.prisma.$transaction((tx) => audit(tx, user, { action: 'claim', entity: 'user_task', entityId: id, after: { assignee: user.id } }, ctx.clock.now()));
  return (await decorate(ctx, [task]))[0];
}

export async function unclaimTask(ctx: AppContext, user: AuthUser, id: string) {
  await visibleTask(ctx, user, id);
  const task = await ctx.engine.unclaimTask(id, user.id);
  await ctx.db.prisma.$transaction((tx) => audit(tx, user, { action: 'unclaim', entity: 'user_task', entityId: id, before: { assignee: user.id }, after: { assignee: null } }, ctx.clock.now()));
  return (await decorate(ctx, [task]))[0];
}

/**
 * Completes a task with its form, validated by the task's own schema; the form becomes one
 * process variable named by the task's `output` property. An unclaimed task is claimed by the
 * completion itself; a task someone else holds is a 409.
 */
export async function completeTask(ctx: AppContext, user: AuthUser, id: string, body: unknown) {
  const task = await visibleTask(ctx, user, id);
  const { variables } = CompleteTaskSchema.parse(body);
  if (!isFormKey(task.formKey)) throw new AppError('CONFLICT', `任务表单 ${task.formKey} 未定义`);
  const parsed = TASK_FORMS[task.formKey].safeParse(variables);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[issue.path.join('.') || 'variables'] ??= issue.message;
    throw new AppError('UNPROCESSABLE', '表单内容有误，请检查标出的字段', errors);
  }
  const element = (await ctx.engine.definitionModel(task.definitionId))?.elements[task.elementId];
  const output = element?.properties?.output ?? task.elementId;
  const now = ctx.clock.now();
  await ctx.db.prisma.$transaction(
    async (tx) => {
      // The task (and its instance) is locked before the form's effects run: a second completion
      // waits here and gets 409 instead of repeating the effects; the effects' audit rows are
      // appended after the engine's step, as the transaction's last writes.
      await ctx.engine.lockTaskForCompletion(id, user.id, tx);
      await auditsLast(tx, async () => {
        const extra = await applyTaskEffects(tx, user, task, task.formKey as FormKey, parsed.data, element?.name ?? task.name, now);
        // ID and card numbers in a form (a department's findings) stay out of the process
        // variables and the audit row in clear: the effects stored them encrypted (api/pii).
        const kept = maskPiiJson(parsed.data);
        await ctx.engine.completeTask(id, user.id, { [output]: kept, ...extra }, tx);
        await audit(tx, user, { action: 'complete', entity: 'user_task', entityId: id, after: { [output]: kept } }, now);
      });
    },
    { timeout: 30_000 },
  );
  return { id };
}

/**
 * The task page's diagram: the XML of the instance's own version (a case started on version 1
 * stays on it), where its tokens wait, which steps it completed, and who did what when.
 */
export async function taskDiagram(ctx: AppContext, user: AuthUser, id: string) {
  const task = await visibleTask(ctx, user, id);
  const [xml, elements, instance, history] = await Promise.all([
    ctx.engine.definitionXml(task.definitionId),
    ctx.engine.instanceElements(task.instanceId),
    ctx.engine.getInstance(task.instanceId),
    fileHistory(ctx, task.instanceId),
  ]);
  if (!xml) throw new AppError('NOT_FOUND', '流程定义不存在');
  return { id: task.id, bpmnProcessId: task.bpmnProcessId, version: instance?.version ?? null, xml, current: task.elementId, ...elements, history };
}
