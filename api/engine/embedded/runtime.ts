import { createHash, randomUUID } from 'node:crypto';
import type { Database, Tx } from '../../db/client';
import type { Clock } from '../../clock';
import { evaluateFeel, isFeel } from '../feel';
import {
  EngineError,
  type CandidateGroup,
  type Deployment,
  type ElementStatistics,
  type DefinitionView,
  type IncidentView,
  type InstanceElements,
  type InstanceView,
  type StartedInstance,
  type TaskQuery,
  type UserTaskView,
  type WorkflowEngine,
} from '../port';
import { readModel, type ProcessModel } from './model';
import { compileDefinition, parseIsoDuration, addDuration, Stepper, type CompiledDefinition, type StepEvent, type StepOutcome, type Waiting } from './stepper';
import { recordingJob, type JobHandler, type JobOutcome } from '../../../workers/job';

/**
 * The durable embedded runtime (RUNTIME.md): every instance lives as persisted state; one event
 * is one transaction that locks the instance row, recovers the engine, applies the event, and
 * writes the new state together with the user tasks, jobs, timers and subscriptions that now
 * wait. No engine outlives its step.
 */

export interface EmbeddedEngineOptions<Ctx> {
  db: Database;
  clock: Clock;
  handlers: Record<string, JobHandler<Ctx>>;
  /** what handlers receive as their second argument (database, clock, connectors...) */
  context: Ctx;
  workerId?: string;
  /** how long a worker holds a job before another may take it */
  jobLeaseMs?: number;
  /** default backoff after a failed job when the handler names none */
  retryBackoffMs?: number;
  pollIntervalMs?: number;
  /** handler concurrency per process */
  maxJobsInFlight?: number;
  log?: (msg: string, extra?: unknown) => void;
}

type InstanceRow = {
  id: string;
  definitionId: string;
  bpmnProcessId: string;
  businessKey: string | null;
  status: string;
  state: any;
  variables: any;
  waits: unknown;
  version: number;
  orgPath: string | null;
};

/** One entry of an instance's `waits`: what the previous step left waiting. */
type WaitRef = { kind: Waiting['kind']; executionId: string; dueAt?: string };

const OPEN_JOB = ['activatable', 'locked', 'failed'];

export class EmbeddedEngine<Ctx = unknown> implements WorkflowEngine {
  private readonly db: Database;
  private readonly clock: Clock;
  private readonly stepper: Stepper;
  private readonly definitions = new Map<string, CompiledDefinition>();
  private readonly orgPaths = new Map<string, string>();
  private readonly workerId: string;
  private readonly lease: number;
  private readonly backoff: number;
  private readonly pollMs: number;
  private readonly maxInFlight: number;
  private readonly log: (msg: string, extra?: unknown) => void;
  private loop: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private inFlight = new Set<Promise<void>>();
  private stopped = true;

  constructor(private readonly opts: EmbeddedEngineOptions<Ctx>) {
    this.db = opts.db;
    this.clock = opts.clock;
    this.stepper = new Stepper(opts.clock);
    this.workerId = opts.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
    this.lease = opts.jobLeaseMs ?? 60_000;
    this.backoff = opts.retryBackoffMs ?? 5_000;
    this.pollMs = opts.pollIntervalMs ?? 250;
    this.maxInFlight = opts.maxJobsInFlight ?? 4;
    this.log = opts.log ?? ((msg, extra) => console.error(`[engine] ${msg}`, extra ?? ''));
  }

  /** Engines alive right now; zero between steps (no instance stays in memory). */
  get liveEngines(): number {
    return this.stepper.live;
  }

  // ------------------------------------------------------------------ deployment

  async deploy(resourceName: string, xml: string): Promise<Deployment[]> {
    const { models } = await readModel(xml);
    const executable = models.filter((m) => m.bpmnProcessId);
    if (executable.length !== 1) throw new EngineError('INVALID', `${resourceName}: 每个 BPMN 文件应只包含一个可执行流程`);
    const model = executable[0];
    const checksum = createHash('sha256').update(xml).digest('hex');
    const prisma = this.db.prisma;
    const latest = await prisma.processDefinition.findFirst({
      where: { bpmnProcessId: model.bpmnProcessId },
      orderBy: { version: 'desc' },
    });
    if (latest?.checksum === checksum) {
      return [{ bpmnProcessId: model.bpmnProcessId, version: latest.version, definitionId: latest.id, created: false }];
    }
    const sourceContext = await compileDefinition(xml, this.clock);
    const row = await prisma.processDefinition.create({
      data: {
        bpmnProcessId: model.bpmnProcessId,
        version: (latest?.version ?? 0) + 1,
        name: model.name ?? null,
        resourceName,
        xml,
        checksum,
        model: model as any,
        sourceContext,
        deployedAt: this.clock.now(),
      },
    });
    return [{ bpmnProcessId: row.bpmnProcessId, version: row.version, definitionId: row.id, created: true }];
  }

  private async definition(definitionId: string, tx?: Tx): Promise<CompiledDefinition> {
    const cached = this.definitions.get(definitionId);
    if (cached) return cached;
    const row = await (tx ?? this.db.prisma).processDefinition.findUnique({ where: { id: definitionId } });
    if (!row) throw new EngineError('NOT_FOUND', `流程定义 ${definitionId} 不存在`);
    const compiled = { sourceContext: this.stepper.deserialize(row.sourceContext), model: row.model as unknown as ProcessModel };
    this.definitions.set(definitionId, compiled);
    return compiled;
  }

  // ------------------------------------------------------------------ instances

  async startInstance(
    bpmnProcessId: string,
    input: { businessKey: string; variables: Record<string, unknown>; orgPath?: string },
    tx?: Tx,
  ): Promise<StartedInstance> {
    const run = async (t: Tx) => {
      const def = await t.processDefinition.findFirst({ where: { bpmnProcessId }, orderBy: { version: 'desc' } });
      if (!def) throw new EngineError('NOT_FOUND', `流程 ${bpmnProcessId} 尚未部署`);
      const compiled = await this.definition(def.id, t);
      const now = this.clock.now();
      const row = await t.processInstance.create({
        data: {
          definitionId: def.id,
          bpmnProcessId,
          businessKey: input.businessKey,
          orgPath: input.orgPath ?? null,
          status: 'active',
          state: undefined,
          variables: input.variables as any,
          startedAt: now,
        },
      });
      const instance: InstanceRow = { ...row, state: null, waits: [] };
      const event: StepEvent = { kind: 'start', variables: input.variables };
      await this.applyAndPersist(t, instance, compiled, event, null);
      return { instanceId: row.id, definitionId: def.id, version: def.version };
    };
    const started = tx ? await run(tx) : await this.db.prisma.$transaction(run, { timeout: 30_000 });
    this.wake();
    return started;
  }

  async getInstance(instanceId: string): Promise<InstanceView | null> {
    const row = await this.db.prisma.processInstance.findUnique({ where: { id: instanceId }, include: { definition: { select: { version: true } } } });
    if (!row) return null;
    return {
      id: row.id,
      definitionId: row.definitionId,
      bpmnProcessId: row.bpmnProcessId,
      version: row.definition.version,
      businessKey: row.businessKey,
      status: row.status as InstanceView['status'],
      variables: row.variables as Record<string, unknown>,
      startedAt: row.startedAt,
      endedAt: row.endedAt,
    };
  }

  async cancelInstance(instanceId: string, outerTx?: Tx): Promise<void> {
    const run = async (tx: Tx) => {
      const instance = await this.lockInstance(tx, instanceId);
      if (instance.status === 'completed' || instance.status === 'terminated') return;
      const now = this.clock.now();
      await tx.userTask.updateMany({ where: { instanceId, status: 'created' }, data: { status: 'canceled', completedAt: now, version: { increment: 1 } } });
      await tx.job.updateMany({ where: { instanceId, status: { in: OPEN_JOB } }, data: { status: 'canceled', completedAt: now } });
      await tx.timer.updateMany({ where: { instanceId, status: 'pending' }, data: { status: 'canceled' } });
      await tx.messageSubscription.updateMany({ where: { instanceId, status: 'open' }, data: { status: 'closed' } });
      await tx.incident.updateMany({ where: { instanceId, resolvedAt: null }, data: { resolvedAt: now } });
      await tx.instanceEvent.create({ data: { instanceId, definitionId: instance.definitionId, elementId: instance.bpmnProcessId, elementType: 'bpmn:Process', type: 'terminated', at: now } });
      await tx.processInstance.update({ where: { id: instanceId }, data: { status: 'terminated', endedAt: now, waits: [], version: { increment: 1 } } });
    };
    if (outerTx) await run(outerTx);
    else await this.db.prisma.$transaction(run, { timeout: 30_000 });
  }

  async moveInstance(instanceId: string, move: { orgPath: string; variables: Record<string, unknown> }, outerTx?: Tx): Promise<void> {
    const run = async (tx: Tx) => {
      const instance = await this.lockInstance(tx, instanceId);
      if (instance.status === 'completed' || instance.status === 'terminated') return;
      const state = instance.state;
      const proc = state?.definitions?.[0]?.execution?.processes?.[0];
      if (proc?.environment?.variables) Object.assign(proc.environment.variables, move.variables);
      const variables = { ...(instance.variables as Record<string, unknown>), ...move.variables };
      await tx.processInstance.update({ where: { id: instanceId }, data: { state, variables: variables as any, orgPath: move.orgPath, version: { increment: 1 } } });
      const { model } = await this.definition(instance.definitionId, tx);
      const open = await tx.userTask.findMany({ where: { instanceId, status: 'created' } });
      for (const task of open) {
        const group = await this.candidateGroup(tx, model.elements[task.elementId]?.candidateGroups, variables, task.elementId);
        await tx.userTask.update({
          where: { id: task.id },
          data: {
            candidateRole: group?.role ?? null,
            candidateOrgId: group?.orgId ?? null,
            candidateOrgPath: group?.orgPath ?? null,
            assignee: null,
            variables: { ...(task.variables as Record<string, unknown>), ...move.variables } as any,
            version: { increment: 1 },
          },
        });
      }
    };
    if (outerTx) await run(outerTx);
    else await this.db.prisma.$transaction(run, { timeout: 30_000 });
  }

  /** Locks the instance row for the rest of the transaction: one event per instance at a time. */
  private async lockInstance(tx: Tx, instanceId: string): Promise<InstanceRow> {
    const rows = await tx.$queryRaw<InstanceRow[]>`
      SELECT id, "definitionId", "bpmnProcessId", "businessKey", status, state, variables, waits, version, "orgPath"
      FROM "ProcessInstance" WHERE id = ${instanceId} FOR UPDATE`;
    if (!rows.length) throw new EngineError('NOT_FOUND', `流程实例 ${instanceId} 不存在`);
    return rows[0];
  }

  /** A step that failed and waits for its retry; only looked up when the instance is flagged. */
  private async openStepIncident(tx: Tx, instance: Pick<InstanceRow, 'id' | 'status'>) {
    if (instance.status !== 'incident') return null;
    return tx.incident.findFirst({ where: { instanceId: instance.id, resolvedAt: null, jobId: null } });
  }

  /**
   * Applies one event and persists the outcome. A failing step (a FEEL condition that is not a
   * boolean, an unhandled BPMN error...) keeps the previous state and raises an incident that
   * remembers the event, so retrying the incident re-applies it.
   */
  private async applyAndPersist(
    tx: Tx,
    instance: InstanceRow,
    compiled: CompiledDefinition,
    event: StepEvent,
    actor: string | null,
    done?: { taskExecutionId?: string },
  ): Promise<StepOutcome> {
    const outcome = await this.stepper.step(compiled, instance.state, event);
    const now = this.clock.now();
    if (!outcome.ok && outcome.kind === 'INVALID_EVENT') throw new EngineError('CONFLICT', `事件已失效: ${outcome.message}`);
    if (!outcome.ok) {
      await tx.incident.create({
        data: {
          instanceId: instance.id,
          definitionId: instance.definitionId,
          elementId: outcome.elementId,
          kind: outcome.kind,
          message: outcome.message,
          pendingEvent: event as any,
          createdAt: now,
        },
      });
      await tx.processInstance.update({ where: { id: instance.id }, data: { status: 'incident', version: { increment: 1 } } });
      return outcome;
    }
    await this.persistWaiting(tx, instance, compiled.model, outcome, now, done?.taskExecutionId ?? null, actor);
    if (outcome.history.length) {
      await tx.instanceEvent.createMany({
        data: outcome.history.map((h) => ({
          instanceId: instance.id,
          definitionId: instance.definitionId,
          elementId: h.elementId,
          elementType: h.elementType,
          type: h.type,
          at: now,
          actor: h.elementType === 'bpmn:UserTask' && h.type === 'completed' ? actor : null,
        })),
      });
    }
    await tx.processInstance.update({
      where: { id: instance.id },
      data: {
        state: outcome.state as any,
        variables: outcome.variables as any,
        waits: outcome.waiting.map((w) => ({ kind: w.kind, executionId: w.executionId, ...(w.dueAt && { dueAt: w.dueAt.toISOString() }) })) as any,
        status: outcome.status === 'completed' ? 'completed' : 'active',
        endedAt: outcome.status === 'completed' ? now : null,
        version: { increment: 1 },
      },
    });
    return outcome;
  }

  /**
   * Diffs what waits now against what waited before the step (kept on the instance row, so no
   * reads) and writes the difference: new user tasks, jobs, timers and subscriptions; the ones
   * that stopped waiting completed, canceled, fired or closed.
   */
  private async persistWaiting(
    tx: Tx,
    instance: InstanceRow,
    model: ProcessModel,
    outcome: Extract<StepOutcome, { ok: true }>,
    now: Date,
    completedTask: string | null,
    actor: string | null,
  ): Promise<void> {
    const key = (w: { kind: string; executionId: string }) => `${w.kind}:${w.executionId}`;
    const before: WaitRef[] = (instance.waits as WaitRef[] | null) ?? [];
    const beforeKeys = new Set(before.map(key));
    const afterKeys = new Set(outcome.waiting.map(key));
    const vars = outcome.variables;
    const where = (executionId: string) => ({ instanceId: instance.id, executionId });

    for (const w of before) {
      if (afterKeys.has(key(w))) continue;
      if (w.kind === 'user-task') {
        const completed = w.executionId === completedTask;
        await tx.userTask.updateMany({
          where: { ...where(w.executionId), status: 'created' },
          data: { status: completed ? 'completed' : 'canceled', completedAt: now, completedBy: completed ? actor : null, version: { increment: 1 } },
        });
      } else if (w.kind === 'job') {
        // the job being completed is closed by its own completion
        await tx.job.updateMany({ where: { ...where(w.executionId), status: { in: ['activatable', 'locked', 'failed'] } }, data: { status: 'canceled', completedAt: now } });
      } else if (w.kind === 'timer') {
        const fired = !!w.dueAt && new Date(w.dueAt) <= now;
        await tx.timer.updateMany({ where: { ...where(w.executionId), status: 'pending' }, data: fired ? { status: 'fired', firedAt: now } : { status: 'canceled' } });
      } else {
        await tx.messageSubscription.updateMany({ where: { ...where(w.executionId), status: 'open' }, data: { status: 'closed' } });
      }
    }

    const added = outcome.waiting.filter((w) => !beforeKeys.has(key(w)));
    const base = (w: Waiting) => ({ instanceId: instance.id, executionId: w.executionId, elementId: w.elementId });
    const tasks = [];
    for (const w of added.filter((a) => a.kind === 'user-task')) {
      const info = model.elements[w.elementId];
      const group = await this.candidateGroup(tx, info.candidateGroups, vars, w.elementId);
      const dueIn = info.properties?.dueIn;
      tasks.push({
        ...base(w),
        definitionId: instance.definitionId,
        bpmnProcessId: instance.bpmnProcessId,
        name: info.name ?? w.elementId,
        formKey: info.formKey ?? null,
        candidateRole: group?.role ?? null,
        candidateOrgId: group?.orgId ?? null,
        candidateOrgPath: group?.orgPath ?? null,
        assignee: info.assignee ? String(resolve(info.assignee, vars)) : null,
        businessKey: instance.businessKey,
        status: 'created',
        dueAt: info.dueDate ? dateOf(resolve(info.dueDate, vars), w.elementId) : dueIn ? addDuration(now, parseIsoDuration(dueIn)) : null,
        followUpAt: info.followUpDate ? dateOf(resolve(info.followUpDate, vars), w.elementId) : null,
        createdAt: now,
        variables: vars as any,
      });
    }
    if (tasks.length) await tx.userTask.createMany({ data: tasks });
    const jobs = added
      .filter((a) => a.kind === 'job')
      .map((w) => {
        const info = model.elements[w.elementId];
        const retries = info.retries ?? 3;
        return { ...base(w), definitionId: instance.definitionId, type: info.jobType ?? w.elementId, retries, retriesLeft: retries, status: 'activatable', nextRunAt: now, createdAt: now };
      });
    if (jobs.length) await tx.job.createMany({ data: jobs });
    const timers = added.filter((a) => a.kind === 'timer').map((w) => ({ ...base(w), definitionId: instance.definitionId, dueAt: w.dueAt!, status: 'pending', createdAt: now }));
    if (timers.length) await tx.timer.createMany({ data: timers });
    const subs = added
      .filter((a) => a.kind === 'message')
      .map((w) => {
        const info = model.elements[w.elementId];
        const correlationKey = info.correlationKey ? String(resolve(info.correlationKey, vars)) : '';
        return { ...base(w), messageName: info.messageName ?? info.messageRef!, messageRef: info.messageRef!, correlationKey, status: 'open', createdAt: now };
      });
    if (subs.length) await tx.messageSubscription.createMany({ data: subs });
  }

  /** `candidateGroups="=&quot;county_reviewer:&quot; + orgs.county"` → (role, org) with the org's path. */
  private async candidateGroup(tx: Tx, expression: string | undefined, vars: Record<string, unknown>, elementId: string) {
    if (!expression) return null;
    const value = resolve(expression, vars);
    const first = Array.isArray(value) ? value[0] : String(value).split(',')[0];
    const [role, orgId] = String(first).trim().split(':');
    if (!role || !orgId) throw new EngineError('INVALID', `${elementId}: 候选组应为“角色:组织”形式，得到 ${JSON.stringify(value)}`);
    let orgPath = this.orgPaths.get(orgId);
    if (!orgPath) {
      const org = await tx.org.findUnique({ where: { id: orgId }, select: { path: true } });
      orgPath = org?.path ?? `/${orgId}/`;
      this.orgPaths.set(orgId, orgPath);
    }
    return { role, orgId, orgPath };
  }

  // ------------------------------------------------------------------ user tasks

  async listTasks(query: TaskQuery): Promise<{ total: number; tasks: UserTaskView[] }> {
    const view = query.view ?? 'all';
    const inGroups = query.groups.map((g) => ({ candidateRole: g.role, candidateOrgPath: { startsWith: g.orgPath } }));
    const mine = { assignee: query.userId };
    const visible: any[] = [];
    if (view === 'mine') visible.push(mine);
    else if (view === 'group') visible.push(...inGroups);
    else if (view === 'unclaimed') visible.push(...inGroups.map((g) => ({ ...g, assignee: null })));
    else visible.push(mine, ...inGroups);
    if (!visible.length) return { total: 0, tasks: [] };
    const where: any = {
      status: query.status ?? 'created',
      OR: visible,
      ...(query.bpmnProcessId && { bpmnProcessId: query.bpmnProcessId }),
      ...(query.businessKeys && { businessKey: { in: query.businessKeys } }),
      ...(view === 'overdue' && { dueAt: { lt: this.clock.now() } }),
    };
    const sort = query.sort ?? { field: 'dueAt', order: 'ASC' };
    const [total, rows] = await Promise.all([
      this.db.prisma.userTask.count({ where }),
      this.db.prisma.userTask.findMany({
        where,
        orderBy: [{ [sort.field]: { sort: sort.order === 'ASC' ? 'asc' : 'desc', nulls: 'last' } }, { createdAt: 'asc' }],
        skip: query.offset ?? 0,
        take: query.limit ?? 25,
      }),
    ]);
    return { total, tasks: rows.map(taskView) };
  }

  async getTask(taskId: string): Promise<UserTaskView | null> {
    const row = await this.db.prisma.userTask.findUnique({ where: { id: taskId } });
    return row ? taskView(row) : null;
  }

  async claimTask(taskId: string, userId: string): Promise<UserTaskView> {
    // One conditional UPDATE: of two concurrent claims exactly one matches.
    const n = await this.db.prisma.userTask.updateMany({
      where: { id: taskId, status: 'created', OR: [{ assignee: null }, { assignee: userId }] },
      data: { assignee: userId, version: { increment: 1 } },
    });
    const task = await this.getTask(taskId);
    if (!task) throw new EngineError('NOT_FOUND', '任务不存在');
    if (n.count === 0) throw new EngineError('CONFLICT', task.status !== 'created' ? '任务已办结' : '任务已被他人认领');
    return task;
  }

  async unclaimTask(taskId: string, userId: string): Promise<UserTaskView> {
    const n = await this.db.prisma.userTask.updateMany({
      where: { id: taskId, status: 'created', assignee: userId },
      data: { assignee: null, version: { increment: 1 } },
    });
    const task = await this.getTask(taskId);
    if (!task) throw new EngineError('NOT_FOUND', '任务不存在');
    if (n.count === 0) throw new EngineError('CONFLICT', task.status !== 'created' ? '任务已办结' : '只能退回自己认领的任务');
    return task;
  }

  async assignTask(taskId: string, assignee: string | null): Promise<UserTaskView> {
    const n = await this.db.prisma.userTask.updateMany({ where: { id: taskId, status: 'created' }, data: { assignee, version: { increment: 1 } } });
    const task = await this.getTask(taskId);
    if (!task) throw new EngineError('NOT_FOUND', '任务不存在');
    if (n.count === 0) throw new EngineError('CONFLICT', '任务已办结');
    return task;
  }

  /** Locks the task row, checks it is open and the caller's to complete; the lock lasts until commit. */
  private async lockOpenTask(tx: Tx, taskId: string, userId: string) {
    const locked = await tx.$queryRaw<{ id: string; instanceId: string; executionId: string; status: string; assignee: string | null }[]>`
      SELECT id, "instanceId", "executionId", status, assignee FROM "UserTask" WHERE id = ${taskId} FOR UPDATE`;
    const task = locked[0];
    if (!task) throw new EngineError('NOT_FOUND', '任务不存在');
    if (task.status !== 'created') throw new EngineError('CONFLICT', '任务已办结，不能重复提交');
    if (task.assignee && task.assignee !== userId) throw new EngineError('CONFLICT', '任务已被他人认领');
    return task;
  }

  async lockTaskForCompletion(taskId: string, userId: string, tx: Tx): Promise<void> {
    const task = await this.lockOpenTask(tx, taskId, userId);
    await this.lockInstance(tx, task.instanceId);
  }

  async completeTask(taskId: string, userId: string, variables: Record<string, unknown>, outerTx?: Tx): Promise<void> {
    const run = async (tx: Tx) => {
      const task = await this.lockOpenTask(tx, taskId, userId);
      const instance = await this.lockInstance(tx, task.instanceId);
      if (await this.openStepIncident(tx, instance)) throw new EngineError('CONFLICT', '流程实例存在未解决的异常，请先处理异常');
      const compiled = await this.definition(instance.definitionId, tx);
      const outcome = await this.applyAndPersist(tx, instance, compiled, { kind: 'complete', executionId: task.executionId, variables }, userId, {
        taskExecutionId: task.executionId,
      });
      if (!outcome.ok) {
        // Zeebe completes the task and raises the incident where the token stopped.
        await tx.userTask.update({ where: { id: taskId }, data: { status: 'completed', completedAt: this.clock.now(), completedBy: userId } });
      }
    };
    if (outerTx) await run(outerTx);
    else await this.db.prisma.$transaction(run, { timeout: 30_000 });
    this.wake();
  }

  // ------------------------------------------------------------------ messages

  async correlateMessage(name: string, correlationKey: string, variables: Record<string, unknown> = {}, outerTx?: Tx): Promise<boolean> {
    const run = async (tx: Tx) => {
      const sub = await tx.messageSubscription.findFirst({ where: { messageName: name, correlationKey, status: 'open' }, orderBy: { createdAt: 'asc' } });
      if (!sub) return false;
      const instance = await this.lockInstance(tx, sub.instanceId);
      const fresh = await tx.messageSubscription.findUnique({ where: { id: sub.id } });
      if (fresh?.status !== 'open') return false;
      const compiled = await this.definition(instance.definitionId, tx);
      const outcome = await this.applyAndPersist(tx, instance, compiled, { kind: 'message', messageRef: sub.messageRef, variables }, null);
      return outcome.ok;
    };
    const correlated = outerTx ? await run(outerTx) : await this.db.prisma.$transaction(run, { timeout: 30_000 });
    this.wake();
    return correlated;
  }

  /** Merges variables into an instance's scope (Zeebe's SetVariables), e.g. to fix an incident. */
  async setVariables(instanceId: string, variables: Record<string, unknown>): Promise<void> {
    await this.db.prisma.$transaction(async (tx) => {
      const instance = await this.lockInstance(tx, instanceId);
      const state = instance.state;
      const proc = state?.definitions?.[0]?.execution?.processes?.[0];
      if (proc?.environment?.variables) Object.assign(proc.environment.variables, variables);
      await tx.processInstance.update({
        where: { id: instanceId },
        data: { state, variables: { ...(instance.variables as object), ...variables } as any, version: { increment: 1 } },
      });
    });
  }

  // ------------------------------------------------------------------ incidents

  async listIncidents(filter: { resolved?: boolean; bpmnProcessId?: string; instanceId?: string } = {}): Promise<IncidentView[]> {
    const rows = await this.db.prisma.incident.findMany({
      where: {
        ...(filter.resolved !== undefined && { resolvedAt: filter.resolved ? { not: null } : null }),
        ...(filter.instanceId && { instanceId: filter.instanceId }),
      },
      orderBy: { createdAt: 'desc' },
      take: 500,
    });
    const instances = await this.db.prisma.processInstance.findMany({
      where: { id: { in: [...new Set(rows.map((r) => r.instanceId))] } },
      select: { id: true, bpmnProcessId: true, businessKey: true, orgPath: true },
    });
    const byId = new Map(instances.map((i) => [i.id, i]));
    return rows
      .map((r) => ({
        id: r.id,
        instanceId: r.instanceId,
        definitionId: r.definitionId,
        bpmnProcessId: byId.get(r.instanceId)?.bpmnProcessId ?? '',
        businessKey: byId.get(r.instanceId)?.businessKey ?? null,
        orgPath: byId.get(r.instanceId)?.orgPath ?? null,
        elementId: r.elementId,
        jobId: r.jobId,
        kind: r.kind,
        message: r.message,
        createdAt: r.createdAt,
        resolvedAt: r.resolvedAt,
      }))
      .filter((i) => !filter.bpmnProcessId || i.bpmnProcessId === filter.bpmnProcessId);
  }

  /**
   * A job incident gets its retries back and runs again; a step incident re-applies the event
   * that failed against the current variables (fix them first, e.g. through a new version).
   */
  async retryIncident(incidentId: string): Promise<void> {
    await this.db.prisma.$transaction(
      async (tx) => {
        const incident = await tx.incident.findUnique({ where: { id: incidentId } });
        if (!incident) throw new EngineError('NOT_FOUND', '异常不存在');
        if (incident.resolvedAt) throw new EngineError('CONFLICT', '异常已处理');
        const now = this.clock.now();
        if (incident.jobId) {
          const job = await tx.job.findUnique({ where: { id: incident.jobId } });
          await tx.job.update({ where: { id: incident.jobId }, data: { status: 'activatable', retriesLeft: Math.max(1, job?.retries ?? 1), nextRunAt: now, lockedUntil: null, lockOwner: null } });
          await tx.incident.update({ where: { id: incidentId }, data: { resolvedAt: now } });
          await this.refreshInstanceStatus(tx, incident.instanceId);
          return;
        }
        const instance = await this.lockInstance(tx, incident.instanceId);
        const compiled = await this.definition(instance.definitionId, tx);
        await tx.incident.update({ where: { id: incidentId }, data: { resolvedAt: now } });
        const event = incident.pendingEvent as unknown as StepEvent;
        const outcome = await this.applyAndPersist(tx, instance, compiled, event, null);
        if (outcome.ok) await this.refreshInstanceStatus(tx, instance.id);
      },
      { timeout: 30_000 },
    );
    this.wake();
  }

  private async refreshInstanceStatus(tx: Tx, instanceId: string): Promise<void> {
    const open = await tx.incident.count({ where: { instanceId, resolvedAt: null } });
    const row = await tx.processInstance.findUnique({ where: { id: instanceId }, select: { status: true, endedAt: true } });
    if (!row || row.endedAt) return;
    await tx.processInstance.update({ where: { id: instanceId }, data: { status: open ? 'incident' : 'active' } });
  }

  // ------------------------------------------------------------------ statistics

  async elementStatistics(definitionId: string): Promise<ElementStatistics[]> {
    const rows = await this.db.prisma.$queryRaw<{ elementId: string; active: bigint; incidents: bigint; completed: bigint }[]>`
      WITH active AS (
        SELECT "elementId", count(*) n FROM "UserTask" WHERE "definitionId" = ${definitionId} AND status = 'created' GROUP BY 1
        UNION ALL SELECT "elementId", count(*) FROM "Job" WHERE "definitionId" = ${definitionId} AND status IN ('activatable','locked','failed') GROUP BY 1
        UNION ALL SELECT "elementId", count(*) FROM "Timer" WHERE "definitionId" = ${definitionId} AND status = 'pending' GROUP BY 1
        UNION ALL SELECT m."elementId", count(*) FROM "MessageSubscription" m JOIN "ProcessInstance" i ON i.id = m."instanceId"
          WHERE i."definitionId" = ${definitionId} AND m.status = 'open' GROUP BY 1
      ),
      inc AS (SELECT "elementId", count(*) n FROM "Incident" WHERE "definitionId" = ${definitionId} AND "resolvedAt" IS NULL AND "elementId" IS NOT NULL GROUP BY 1),
      done AS (SELECT "elementId", count(*) n FROM "InstanceEvent" WHERE "definitionId" = ${definitionId} AND type = 'completed' GROUP BY 1),
      ids AS (SELECT "elementId" FROM active UNION SELECT "elementId" FROM inc UNION SELECT "elementId" FROM done)
      SELECT ids."elementId",
        COALESCE((SELECT sum(n) FROM active a WHERE a."elementId" = ids."elementId"), 0)::bigint AS active,
        COALESCE((SELECT n FROM inc WHERE inc."elementId" = ids."elementId"), 0)::bigint AS incidents,
        COALESCE((SELECT n FROM done WHERE done."elementId" = ids."elementId"), 0)::bigint AS completed
      FROM ids ORDER BY 1`;
    return rows.map((r) => ({ elementId: r.elementId, active: Number(r.active), incidents: Number(r.incidents), completed: Number(r.completed) }));
  }

  async definitionModel(definitionId: string): Promise<ProcessModel | null> {
    try {
      return (await this.definition(definitionId)).model;
    } catch (err) {
      if (err instanceof EngineError && err.code === 'NOT_FOUND') return null;
      throw err;
    }
  }

  async listDefinitions(bpmnProcessId?: string): Promise<DefinitionView[]> {
    const prisma = this.db.prisma;
    const [rows, running] = await Promise.all([
      prisma.processDefinition.findMany({
        where: bpmnProcessId ? { bpmnProcessId } : {},
        orderBy: [{ bpmnProcessId: 'asc' }, { version: 'desc' }],
        select: { id: true, bpmnProcessId: true, name: true, version: true, resourceName: true, deployedAt: true },
      }),
      prisma.processInstance.groupBy({ by: ['definitionId'], where: { status: { in: ['active', 'incident'] }, ...(bpmnProcessId && { bpmnProcessId }) }, _count: { _all: true } }),
    ]);
    const active = new Map(running.map((r) => [r.definitionId, r._count._all]));
    return rows.map((r) => ({ definitionId: r.id, bpmnProcessId: r.bpmnProcessId, name: r.name, version: r.version, resourceName: r.resourceName, deployedAt: r.deployedAt, activeInstances: active.get(r.id) ?? 0 }));
  }

  async definitionXml(definitionId: string): Promise<string | null> {
    const row = await this.db.prisma.processDefinition.findUnique({ where: { id: definitionId }, select: { xml: true } });
    return row?.xml ?? null;
  }

  async instanceElements(instanceId: string): Promise<InstanceElements> {
    const prisma = this.db.prisma;
    const [tasks, jobs, timers, messages, events, incidents] = await Promise.all([
      prisma.userTask.findMany({ where: { instanceId, status: 'created' }, select: { elementId: true } }),
      prisma.job.findMany({ where: { instanceId, status: { in: ['activatable', 'locked', 'failed'] } }, select: { elementId: true } }),
      prisma.timer.findMany({ where: { instanceId, status: 'pending' }, select: { elementId: true } }),
      prisma.messageSubscription.findMany({ where: { instanceId, status: 'open' }, select: { elementId: true } }),
      prisma.instanceEvent.findMany({ where: { instanceId, type: 'completed' }, select: { elementId: true }, distinct: ['elementId'] }),
      prisma.incident.findMany({ where: { instanceId, resolvedAt: null, elementId: { not: null } }, select: { elementId: true } }),
    ]);
    const ids = (rows: { elementId: string | null }[]) => [...new Set(rows.map((r) => r.elementId).filter((e): e is string => !!e))].sort();
    return { active: ids([...tasks, ...jobs, ...timers, ...messages]), completed: ids(events), incidents: ids(incidents) };
  }

  async latestDefinition(bpmnProcessId: string) {
    const row = await this.db.prisma.processDefinition.findFirst({ where: { bpmnProcessId }, orderBy: { version: 'desc' }, select: { id: true, version: true, xml: true } });
    return row ? { definitionId: row.id, version: row.version, xml: row.xml } : null;
  }

  // ------------------------------------------------------------------ jobs and timers

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = setInterval(() => this.wake(), this.pollMs);
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.loop) clearInterval(this.loop);
    this.loop = null;
    await this.polling;
    await Promise.all(this.inFlight);
  }

  /** Nudges the background loop after a step that may have created work. */
  private wake(): void {
    if (this.stopped || this.polling) return;
    this.polling = this.tick()
      .catch((err) => this.log('poll failed', err))
      .finally(() => {
        this.polling = null;
      });
  }

  private async tick(): Promise<void> {
    await this.fireDueTimers();
    await this.activateAndRunJobs();
  }

  /**
   * Runs every due job and every due timer until none is left (tests and the December batch
   * use it instead of waiting for the background loop). Returns the number of jobs run.
   */
  async drain(maxRounds = 1000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxRounds; i++) {
      const fired = await this.fireDueTimers();
      const ran = await this.activateAndRunJobs();
      await Promise.all(this.inFlight);
      total += ran;
      if (!fired && !ran) return total;
    }
    return total;
  }

  /** Fires timers whose due time has passed on the runtime clock; returns how many instances moved. */
  async fireDueTimers(limit = 100): Promise<number> {
    const now = this.clock.now();
    const due = await this.db.prisma.timer.findMany({
      where: { status: 'pending', dueAt: { lte: now } },
      select: { instanceId: true },
      distinct: ['instanceId'],
      orderBy: { instanceId: 'asc' },
      take: limit,
    });
    let moved = 0;
    for (const { instanceId } of due) {
      try {
        await this.db.prisma.$transaction(
          async (tx) => {
            const instance = await this.lockInstance(tx, instanceId);
            const stillDue = await tx.timer.count({ where: { instanceId, status: 'pending', dueAt: { lte: now } } });
            if (!stillDue || (await this.openStepIncident(tx, instance))) return;
            const compiled = await this.definition(instance.definitionId, tx);
            await this.applyAndPersist(tx, instance, compiled, { kind: 'resume' }, null);
            moved++;
          },
          { timeout: 30_000 },
        );
      } catch (err) {
        this.log(`timer of instance ${instanceId} failed`, err);
      }
    }
    return moved;
  }

  /**
   * Takes due jobs with one statement (`FOR UPDATE SKIP LOCKED`, so several processes on one
   * PostgreSQL never take the same job), runs their handlers outside any instance transaction,
   * then applies each outcome as a step.
   */
  async activateAndRunJobs(): Promise<number> {
    const capacity = this.maxInFlight - this.inFlight.size;
    if (capacity <= 0) return 0;
    const now = this.clock.now();
    const until = new Date(now.getTime() + this.lease);
    const jobs = await this.db.prisma.$queryRaw<
      { id: string; instanceId: string; elementId: string; type: string; retriesLeft: number; retries: number }[]
    >`UPDATE "Job" SET status = 'locked', "lockedUntil" = ${until}, "lockOwner" = ${this.workerId}
      WHERE id IN (
        SELECT id FROM "Job"
        WHERE (status = 'activatable' AND "nextRunAt" <= ${now}) OR (status = 'locked' AND "lockedUntil" < ${now})
        ORDER BY "nextRunAt" LIMIT ${capacity} FOR UPDATE SKIP LOCKED)
      RETURNING id, "instanceId", "elementId", type, "retriesLeft", retries`;
    if (!jobs.length) return 0;
    // The variables of every taken job's instance in one query.
    const instances = await this.db.prisma.processInstance.findMany({
      where: { id: { in: [...new Set(jobs.map((j) => j.instanceId))] } },
      select: { id: true, definitionId: true, bpmnProcessId: true, businessKey: true, variables: true },
    });
    const byId = new Map(instances.map((i) => [i.id, i]));
    for (const job of jobs) {
      const instance = byId.get(job.instanceId);
      if (!instance) continue;
      const p = this.runJob(job, instance).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }
    await Promise.all([...this.inFlight]);
    return jobs.length;
  }

  private async runJob(
    row: { id: string; instanceId: string; elementId: string; type: string; retriesLeft: number },
    instance: { definitionId: string; bpmnProcessId: string; businessKey: string | null; variables: unknown },
  ): Promise<void> {
    const handler = this.opts.handlers[row.type];
    const compiled = await this.definition(instance.definitionId);
    const customHeaders = compiled.model.elements[row.elementId]?.headers ?? {};
    const { job, outcome } = recordingJob({
      key: row.id,
      type: row.type,
      processInstanceKey: row.instanceId,
      bpmnProcessId: instance.bpmnProcessId,
      elementId: row.elementId,
      businessKey: instance.businessKey,
      retries: row.retriesLeft,
      variables: instance.variables as Record<string, unknown>,
      customHeaders,
    });
    let result: JobOutcome | null;
    if (!handler) {
      result = { kind: 'fail', errorMessage: `没有处理任务类型 ${row.type} 的 worker`, retries: 0 };
    } else {
      try {
        await handler(job, this.opts.context);
        result = outcome() ?? { kind: 'fail', errorMessage: `worker ${row.type} 未调用 complete/fail/error` };
      } catch (err) {
        // An exception is a technical failure: one retry used, as the Camunda SDK does.
        result = { kind: 'fail', errorMessage: (err as Error).message ?? String(err) };
      }
    }
    await this.finishJob(row.id, result);
  }

  private async finishJob(jobId: string, result: JobOutcome): Promise<void> {
    await this.db.prisma.$transaction(
      async (tx) => {
        const now = this.clock.now();
        if (result.kind !== 'fail') {
          // Closing the job and checking it is still ours is one statement; none when it was
          // canceled meanwhile (the token moved on) or taken over after the lease ran out.
          const closed = await tx.$queryRaw<{ instanceId: string; executionId: string }[]>`
            UPDATE "Job" SET status = 'completed', "completedAt" = ${now},
              "errorMessage" = ${result.kind === 'error' ? `${result.errorCode}: ${result.errorMessage}` : null}
            WHERE id = ${jobId} AND status = 'locked' AND "lockOwner" = ${this.workerId}
            RETURNING "instanceId", "executionId"`;
          if (!closed.length) return;
          const instance = await this.lockInstance(tx, closed[0].instanceId);
          // The token may have left the task meanwhile (an interrupting boundary event).
          if (!((instance.waits as WaitRef[] | null) ?? []).some((w) => w.kind === 'job' && w.executionId === closed[0].executionId)) return;
          if (await this.openStepIncident(tx, instance)) {
            // Let the job run again once the incident is resolved.
            await tx.job.update({ where: { id: jobId }, data: { status: 'activatable', completedAt: null, nextRunAt: new Date(now.getTime() + this.backoff), lockOwner: null } });
            return;
          }
          const compiled = await this.definition(instance.definitionId, tx);
          const event: StepEvent =
            result.kind === 'complete'
              ? { kind: 'complete', executionId: closed[0].executionId, variables: result.variables }
              : { kind: 'bpmn-error', executionId: closed[0].executionId, errorCode: result.errorCode, message: result.errorMessage, variables: result.variables };
          await this.applyAndPersist(tx, instance, compiled, event, null);
          return;
        }
        const job = await tx.job.findUnique({ where: { id: jobId } });
        if (!job || job.status !== 'locked' || job.lockOwner !== this.workerId) return;
        {
          const left = result.retries ?? job.retriesLeft - 1;
          if (left > 0) {
            await tx.job.update({
              where: { id: jobId },
              data: { status: 'activatable', retriesLeft: left, errorMessage: result.errorMessage, nextRunAt: new Date(now.getTime() + (result.retryBackOff ?? this.backoff)), lockOwner: null, lockedUntil: null },
            });
          } else {
            await tx.job.update({ where: { id: jobId }, data: { status: 'failed', retriesLeft: 0, errorMessage: result.errorMessage, lockOwner: null, lockedUntil: null } });
            await tx.incident.create({
              data: { instanceId: job.instanceId, definitionId: job.definitionId, elementId: job.elementId, jobId, kind: 'JOB_NO_RETRIES', message: result.errorMessage, createdAt: now },
            });
            await tx.processInstance.update({ where: { id: job.instanceId }, data: { status: 'incident' } });
          }
        }
      },
      { timeout: 30_000 },
    );
  }
}

function dateOf(value: unknown, elementId: string): Date {
  const d = new Date(String(value));
  if (Number.isNaN(d.getTime())) throw new EngineError('INVALID', `${elementId}: 任务期限不是有效的日期时间 (${JSON.stringify(value)})`);
  return d;
}

function resolve(expression: string, vars: Record<string, unknown>): unknown {
  return isFeel(expression) ? evaluateFeel(expression, vars) : expression;
}

function taskView(row: any): UserTaskView {
  return {
    id: row.id,
    instanceId: row.instanceId,
    definitionId: row.definitionId,
    bpmnProcessId: row.bpmnProcessId,
    elementId: row.elementId,
    name: row.name,
    formKey: row.formKey,
    candidateRole: row.candidateRole,
    candidateOrgId: row.candidateOrgId,
    assignee: row.assignee,
    businessKey: row.businessKey,
    status: row.status,
    dueAt: row.dueAt,
    followUpAt: row.followUpAt ?? null,
    createdAt: row.createdAt,
    completedAt: row.completedAt,
    completedBy: row.completedBy,
    variables: row.variables ?? {},
  };
}

export type { CandidateGroup };
