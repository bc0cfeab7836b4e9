import { randomUUID } from 'node:crypto';
import { Camunda8, OrchestrationLifters as Key } from '@camunda8/sdk';
import type { Tx } from '../../db/client';
import { systemClock, type Clock } from '../../clock';
import {
  EngineError,
  type CandidateGroup,
  type DefinitionView,
  type Deployment,
  type ElementStatistics,
  type IncidentView,
  type InstanceElements,
  type InstanceView,
  type StartedInstance,
  type TaskQuery,
  type TaskStatus,
  type UserTaskView,
  type WorkflowEngine,
} from '../port';
import { readModel, type ProcessModel } from '../embedded/model';
import { evaluateFeel, isFeel } from '../feel';
import { addDuration, parseIsoDuration } from '../embedded/stepper';
import type { JobHandler } from '../../../workers/job';
import { DEFAULT_RETRY, httpStatus, withBackpressureRetry, type RetryPolicy } from './backpressure';
import { runHandlerOnJob, type ActivatedSdkJob } from './jobs';

/**
 * The `WorkflowEngine` port on Camunda 8 (Zeebe), through `@camunda8/sdk` 8.8's Orchestration
 * Cluster API client (REST `/v2`). The same BPMN files and the same job handlers as the embedded
 * runtime; user tasks come from the REST user-task search. See README.md beside this file for
 * the configuration and for what differs from the embedded engine.
 */

type Camunda8Config = NonNullable<ConstructorParameters<typeof Camunda8>[0]>;
type Client = ReturnType<Camunda8['getOrchestrationClusterApiClient']>;
type ClientOptions = Parameters<Client['configure']>[0];
type UserTaskItem = Awaited<ReturnType<Client['getUserTask']>>;
type UserTaskFilter = NonNullable<Parameters<Client['searchUserTasks']>[0]['filter']>;
type JobWorker = ReturnType<Client['createJobWorker']>;

export interface CamundaEngineOptions<Ctx> {
  /** job type → handler: the very same `HANDLERS` the embedded runtime runs */
  handlers: Record<string, JobHandler<Ctx>>;
  /** what handlers receive as their second argument */
  context: Ctx;
  /**
   * Ids of every org below `orgId` (SPEC §1: a role held at an org covers its whole subtree).
   * Camunda cannot filter candidate groups by path prefix, so the inbox asks for the candidate
   * group of every (role, org) in the caller's subtrees. See `orgDescendantsFrom`.
   */
  orgDescendants: (orgId: string) => Promise<string[]>;
  /** `@camunda8/sdk` configuration; what is left out comes from the environment (README.md) */
  sdk?: Camunda8Config;
  /** settings of the Orchestration Cluster API client itself (`CAMUNDA_SDK_*`, logging), e.g. validation in tests */
  clientOptions?: ClientOptions;
  /** decides what is overdue */
  clock?: Clock;
  retry?: Partial<RetryPolicy>;
  worker?: {
    /** handler concurrency per job type */
    maxParallelJobs?: number;
    /** how long Zeebe keeps a job locked to this worker */
    jobTimeoutMs?: number;
    /** long-poll duration of `POST /v2/jobs/activation` (0 = the broker's default) */
    pollTimeoutMs?: number;
    /** pause after an empty or failed activation */
    pollIntervalMs?: number;
    /** prefix of the worker name Camunda records on every job it hands out */
    name?: string;
  };
  /** backoff after a failed job when the handler names none */
  retryBackoffMs?: number;
  /** how many open tasks the `overdue` view scans (Camunda cannot filter on a computed due date) */
  overdueScanLimit?: number;
  log?: (msg: string, extra?: unknown) => void;
}

/** Read what the secondary storage has now: no polling for eventual consistency. */
const NOW = { consistency: { waitUpToMs: 0 } } as const;
const JOB_ACTION_RECEIPT = 'JOB_ACTION_RECEIPT' as const;
const SORT_FIELD = { dueAt: 'dueDate', createdAt: 'creationDate', name: 'name' } as const;
/** How long to wait for the search index to catch up with a refused command: 20 reads, 100 ms apart. */
const INDEX_READS = 20;
const INDEX_READ_INTERVAL_MS = 100;
const STATE_OF: Record<TaskStatus, 'CREATED' | 'COMPLETED' | 'CANCELED'> = { created: 'CREATED', completed: 'COMPLETED', canceled: 'CANCELED' };

export class CamundaEngine<Ctx = unknown> implements WorkflowEngine {
  private readonly client: Client;
  private readonly retry: RetryPolicy;
  private readonly clock: Clock;
  private readonly log: (msg: string, extra?: unknown) => void;
  private readonly models = new Map<string, Promise<ProcessModel | null>>();
  private workers: JobWorker[] = [];

  constructor(private readonly opts: CamundaEngineOptions<Ctx>) {
    this.client = new Camunda8(opts.sdk ?? {}).getOrchestrationClusterApiClient({}, { cached: false });
    // One retry layer only (backpressure.ts): the SDK's own HTTP retry is switched off.
    this.client.configure({ ...opts.clientOptions, config: { CAMUNDA_SDK_HTTP_RETRY_MAX_ATTEMPTS: 1, ...opts.clientOptions?.config } });
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.clock = opts.clock ?? systemClock;
    this.log = opts.log ?? ((msg, extra) => console.error(`[camunda] ${msg}`, extra ?? ''));
  }

  /** Every SDK call goes through here: back-pressure retried, an unreachable cluster is UNAVAILABLE. */
  private async call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await withBackpressureRetry(operation, fn, this.retry);
    } catch (err) {
      if (err instanceof EngineError) throw err;
      const status = httpStatus(err);
      if (status === 401 || status === 403) throw new EngineError('UNAVAILABLE', `流程引擎拒绝了本系统的认证（${operation} 返回 ${status}），请检查 Camunda 连接配置`);
      if (status === undefined && isNetworkError(err)) throw new EngineError('UNAVAILABLE', `无法连接流程引擎（${operation}）：${(err as Error).message}`);
      throw err;
    }
  }

  // ------------------------------------------------------------------ deployment

  async deploy(resourceName: string, xml: string): Promise<Deployment[]> {
    let models: ProcessModel[];
    try {
      ({ models } = await readModel(xml));
    } catch (err) {
      throw new EngineError('INVALID', `${resourceName}: ${(err as Error).message}`);
    }
    if (models.length !== 1) throw new EngineError('INVALID', `${resourceName}: 每个 BPMN 文件应只包含一个可执行流程`);
    const model = models[0];
    const before = await this.latest(model.bpmnProcessId);
    let deployed;
    try {
      deployed = await this.call('createDeployment', () =>
        this.client.createDeployment({ resources: [new File([xml], resourceName, { type: 'application/xml' })] }),
      );
    } catch (err) {
      if (httpStatus(err) === 400) throw new EngineError('INVALID', `${resourceName}: Camunda 拒绝部署：${problemText(err)}`);
      throw err;
    }
    return deployed.processes.map((p) => {
      const definitionId = String(p.processDefinitionKey);
      if (p.processDefinitionId === model.bpmnProcessId) this.models.set(definitionId, Promise.resolve(model));
      // Zeebe answers an unchanged resource with the version it already has.
      return { bpmnProcessId: p.processDefinitionId, version: Number(p.processDefinitionVersion), definitionId, created: before?.definitionId !== definitionId };
    });
  }

  private async latest(bpmnProcessId: string): Promise<{ definitionId: string; version: number } | null> {
    const found = await this.call('searchProcessDefinitions', () =>
      this.client.searchProcessDefinitions(
        { filter: { processDefinitionId: bpmnProcessId }, sort: [{ field: 'version', order: 'DESC' }], page: { from: 0, limit: 1 } },
        NOW,
      ),
    );
    const def = found.items?.[0];
    return def?.processDefinitionKey ? { definitionId: String(def.processDefinitionKey), version: Number(def.version ?? 0) } : null;
  }

  async latestDefinition(bpmnProcessId: string): Promise<{ definitionId: string; version: number; xml: string } | null> {
    const def = await this.latest(bpmnProcessId);
    if (!def) return null;
    return { ...def, xml: await this.xmlOf(def.definitionId) };
  }

  /** Camunda's definition search has no deployment time: `deployedAt` is null here. */
  async listDefinitions(bpmnProcessId?: string): Promise<DefinitionView[]> {
    const found = await this.call('searchProcessDefinitions', () =>
      this.client.searchProcessDefinitions(
        { ...(bpmnProcessId && { filter: { processDefinitionId: bpmnProcessId } }), sort: [{ field: 'processDefinitionId', order: 'ASC' }, { field: 'version', order: 'DESC' }], page: { from: 0, limit: 1000 } },
        NOW,
      ),
    );
    return Promise.all(
      (found.items ?? []).map(async (d) => {
        const running = await this.call('searchProcessInstances', () =>
          this.client.searchProcessInstances({ filter: { processDefinitionKey: d.processDefinitionKey, state: 'ACTIVE' }, page: { from: 0, limit: 1 } }, NOW),
        );
        return {
          definitionId: String(d.processDefinitionKey),
          bpmnProcessId: String(d.processDefinitionId),
          name: d.name ?? null,
          version: Number(d.version ?? 0),
          resourceName: d.resourceName ?? null,
          deployedAt: null,
          activeInstances: Number(running.page.totalItems),
        };
      }),
    );
  }

  async definitionXml(definitionId: string): Promise<string | null> {
    try {
      return await this.xmlOf(definitionId);
    } catch (err) {
      if (err instanceof EngineError && err.code === 'NOT_FOUND') return null;
      if (httpStatus(err) === 404) return null;
      throw err;
    }
  }

  private async xmlOf(definitionId: string): Promise<string> {
    const processDefinitionKey = lift(Key.ProcessDefinitionKey, definitionId, '流程定义');
    const xml = await this.call('getProcessDefinitionXml', () => this.client.getProcessDefinitionXml({ processDefinitionKey }, NOW));
    return String(xml);
  }

  /**
   * The parsed model of a deployed definition (due dates, forms, output variables, retries),
   * fetched once per definition key. Public so the API can read a task's `output` property on
   * Camunda too (README.md, "Above the port").
   */
  definitionModel(definitionId: string | undefined, bpmnProcessId?: string): Promise<ProcessModel | null> {
    if (!definitionId) return Promise.resolve(null);
    let cached = this.models.get(definitionId);
    if (!cached) {
      cached = this.xmlOf(definitionId)
        .then(async (xml) => {
          const { models } = await readModel(xml);
          return (bpmnProcessId ? models.find((m) => m.bpmnProcessId === bpmnProcessId) : models[0]) ?? null;
        })
        .catch((err) => {
          this.models.delete(definitionId);
          this.log(`model of definition ${definitionId} unavailable`, err);
          return null;
        });
      this.models.set(definitionId, cached);
    }
    return cached;
  }

  // ------------------------------------------------------------------ instances

  /**
   * `tx` is ignored: the instance is created on the cluster when this is called and is not rolled
   * back with the caller's transaction (an outbox is future work, see README.md).
   */
  async startInstance(
    bpmnProcessId: string,
    input: { businessKey: string; variables: Record<string, unknown>; orgPath?: string },
    _tx?: Tx,
  ): Promise<StartedInstance> {
    const variables = { ...input.variables, businessKey: input.businessKey, ...(input.orgPath && { orgPath: input.orgPath }) };
    try {
      const started = await this.call('createProcessInstance', () =>
        this.client.createProcessInstance({ processDefinitionId: Key.ProcessDefinitionId.assumeExists(bpmnProcessId), variables }),
      );
      return { instanceId: String(started.processInstanceKey), definitionId: String(started.processDefinitionKey), version: Number(started.processDefinitionVersion) };
    } catch (err) {
      if (httpStatus(err) === 404) throw new EngineError('NOT_FOUND', `流程 ${bpmnProcessId} 尚未部署`);
      throw err;
    }
  }

  async getInstance(instanceId: string): Promise<InstanceView | null> {
    const processInstanceKey = liftOrNull(Key.ProcessInstanceKey, instanceId);
    if (!processInstanceKey) return null;
    let instance;
    try {
      instance = await this.call('getProcessInstance', () => this.client.getProcessInstance({ processInstanceKey }, NOW));
    } catch (err) {
      if (httpStatus(err) === 404) return null;
      throw err;
    }
    const variables = await this.instanceVariables(instanceId);
    return {
      id: String(instance.processInstanceKey),
      definitionId: String(instance.processDefinitionKey),
      bpmnProcessId: instance.processDefinitionId,
      version: Number(instance.processDefinitionVersion),
      businessKey: typeof variables.businessKey === 'string' ? variables.businessKey : null,
      status: instance.state === 'ACTIVE' ? (instance.hasIncident ? 'incident' : 'active') : instance.state === 'COMPLETED' ? 'completed' : 'terminated',
      variables,
      startedAt: new Date(instance.startDate),
      endedAt: instance.endDate ? new Date(instance.endDate) : null,
    };
  }

  /** `tx` is ignored (see startInstance). An instance already ended or unknown is left as is. */
  async cancelInstance(instanceId: string, _tx?: Tx): Promise<void> {
    const processInstanceKey = liftOrNull(Key.ProcessInstanceKey, instanceId);
    if (!processInstanceKey) return;
    try {
      await this.call('cancelProcessInstance', () => this.client.cancelProcessInstance({ processInstanceKey }));
    } catch (err) {
      if (httpStatus(err) === 404) return;
      throw err;
    }
  }

  /**
   * Zeebe keeps candidate groups as evaluated when a task was created: the new ones are evaluated
   * here from the model's expressions with the merged variables and set on each open task.
   */
  async moveInstance(instanceId: string, move: { orgPath: string; variables: Record<string, unknown> }, _tx?: Tx): Promise<void> {
    const instance = await this.getInstance(instanceId);
    if (!instance || instance.status === 'completed' || instance.status === 'terminated') return;
    const variables = { ...move.variables, orgPath: move.orgPath };
    await this.call('createElementInstanceVariables', () =>
      this.client.createElementInstanceVariables({ elementInstanceKey: Key.ElementInstanceKey.assumeExists(instanceId), variables }),
    );
    const model = await this.definitionModel(instance.definitionId);
    const merged = { ...instance.variables, ...variables };
    const open = await this.searchTasks(
      { state: 'CREATED', processInstanceKey: Key.ProcessInstanceKey.assumeExists(instanceId) } as UserTaskFilter,
      { field: 'createdAt', order: 'ASC' },
      0,
      100,
    );
    for (const task of open.items) {
      const expression = model?.elements[String(task.elementId)]?.candidateGroups;
      if (!expression) continue;
      const value = isFeel(expression) ? evaluateFeel(expression, merged) : expression;
      const candidateGroups = (Array.isArray(value) ? value : String(value).split(',')).map((g) => String(g).trim());
      const userTaskKey = Key.UserTaskKey.assumeExists(String(task.userTaskKey));
      await this.call('updateUserTask', () => this.client.updateUserTask({ userTaskKey, changeset: { candidateGroups } }));
      if (task.assignee) await this.unassign(String(task.userTaskKey));
    }
  }

  /** From the element-instance search (Operate's data): waiting, completed and failed elements. */
  async instanceElements(instanceId: string): Promise<InstanceElements> {
    const processInstanceKey = lift(Key.ProcessInstanceKey, instanceId, '流程实例');
    const found = await this.call('searchElementInstances', () =>
      this.client.searchElementInstances({ filter: { processInstanceKey }, page: { from: 0, limit: 1000 } }, NOW),
    );
    const items = found.items ?? [];
    const ids = (keep: (i: (typeof items)[number]) => boolean) => [...new Set(items.filter(keep).map((i) => String(i.elementId)))].sort();
    return {
      active: ids((i) => i.state === 'ACTIVE' && i.type !== 'PROCESS' && i.type !== 'SUB_PROCESS'),
      completed: ids((i) => i.state === 'COMPLETED'),
      incidents: ids((i) => !!i.hasIncident && i.state === 'ACTIVE'),
    };
  }

  /** The root-scope variables of an instance, full values (not truncated). */
  private async instanceVariables(instanceId: string): Promise<Record<string, unknown>> {
    const processInstanceKey = lift(Key.ProcessInstanceKey, instanceId, '流程实例');
    const found = await this.call('searchVariables', () =>
      this.client.searchVariables(
        { filter: { processInstanceKey, scopeKey: Key.ScopeKey.assumeExists(instanceId) }, page: { from: 0, limit: 1000 }, truncateValues: false },
        NOW,
      ),
    );
    return Object.fromEntries(found.items.map((v) => [v.name, parseValue(v.value)]));
  }

  /** One root-scope variable of many instances with one search (the business key of a page of tasks). */
  private async rootVariable(name: string, instanceIds: string[]): Promise<Map<string, unknown>> {
    const ids = [...new Set(instanceIds.filter((id) => liftOrNull(Key.ProcessInstanceKey, id)))];
    if (!ids.length) return new Map();
    const found = await this.call('searchVariables', () =>
      this.client.searchVariables(
        {
          filter: { name, processInstanceKey: { $in: ids.map((id) => Key.ProcessInstanceKey.assumeExists(id)) } },
          page: { from: 0, limit: Math.min(10_000, ids.length * 4) },
          truncateValues: false,
        },
        NOW,
      ),
    );
    const out = new Map<string, unknown>();
    for (const v of found.items) {
      if (String(v.scopeKey) === String(v.processInstanceKey)) out.set(String(v.processInstanceKey), parseValue(v.value));
    }
    return out;
  }

  // ------------------------------------------------------------------ user tasks

  /**
   * The inbox (SPEC §1). Camunda's filter is a conjunction, so "assigned to me OR in one of my
   * groups" is two searches merged here in the requested order; the total subtracts the tasks
   * both searches found (a third search, a count).
   */
  async listTasks(query: TaskQuery): Promise<{ total: number; tasks: UserTaskView[] }> {
    const empty = { total: 0, tasks: [] };
    if (query.businessKeys && !query.businessKeys.length) return empty;
    const view = query.view ?? 'all';
    const groups = await this.candidateGroupsOf(query.groups);
    const base: UserTaskFilter = {
      state: STATE_OF[query.status ?? 'created'],
      ...(query.bpmnProcessId && { processDefinitionId: Key.ProcessDefinitionId.assumeExists(query.bpmnProcessId) }),
      ...(query.businessKeys && { processInstanceVariables: [{ name: 'businessKey', value: { $in: query.businessKeys.map((k) => JSON.stringify(k)) } }] }),
    };
    const mine: UserTaskFilter = { ...base, assignee: query.userId };
    const inGroups: UserTaskFilter | null = groups.length ? { ...base, candidateGroup: { $in: groups } } : null;
    const branches: UserTaskFilter[] =
      view === 'mine' ? [mine] : view === 'group' ? (inGroups ? [inGroups] : []) : view === 'unclaimed' ? (inGroups ? [{ ...inGroups, assignee: { $exists: false } }] : []) : inGroups ? [mine, inGroups] : [mine];
    if (!branches.length) return empty;
    const sort = query.sort ?? { field: 'dueAt', order: 'ASC' };
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 25;

    if (view === 'overdue') return this.overdueTasks(branches, sort, offset, limit);
    if (branches.length === 1) {
      const page = await this.searchTasks(branches[0], sort, offset, limit);
      return { total: page.total, tasks: await this.taskViews(page.items) };
    }
    const [a, b, both] = await Promise.all([
      this.searchTasks(branches[0], sort, 0, offset + limit),
      this.searchTasks(branches[1], sort, 0, offset + limit),
      this.searchTasks({ ...branches[1], assignee: query.userId }, sort, 0, 1),
    ]);
    const merged = dedupe([...a.items, ...b.items]).sort(compareItems(sort));
    return { total: a.total + b.total - both.total, tasks: await this.taskViews(merged.slice(offset, offset + limit)) };
  }

  /**
   * Overdue is computed from the model's `dueIn` when Zeebe has no due date (our models carry
   * `dueIn` as a property, not `zeebe:taskSchedule`), so the open tasks are scanned, oldest first,
   * up to `overdueScanLimit` per branch, and filtered and paged here.
   */
  private async overdueTasks(branches: UserTaskFilter[], sort: NonNullable<TaskQuery['sort']>, offset: number, limit: number) {
    const scan = this.opts.overdueScanLimit ?? 500;
    const pages = await Promise.all(branches.map((f) => this.searchTasks(f, { field: 'createdAt', order: 'ASC' }, 0, scan)));
    const now = this.clock.now();
    const views = (await this.taskViews(dedupe(pages.flatMap((p) => p.items)))).filter((t) => t.dueAt && t.dueAt < now);
    views.sort(compareViews(sort));
    return { total: views.length, tasks: views.slice(offset, offset + limit) };
  }

  private async searchTasks(filter: UserTaskFilter, sort: NonNullable<TaskQuery['sort']>, from: number, limit: number) {
    const order = [{ field: SORT_FIELD[sort.field], order: sort.order }];
    if (sort.field !== 'createdAt') order.push({ field: 'creationDate', order: 'ASC' });
    const found = await this.call('searchUserTasks', () => this.client.searchUserTasks({ filter, sort: order, page: { from, limit } }, NOW));
    return { total: Number(found.page.totalItems), items: found.items };
  }

  /** `role:orgId` for every role of the caller at every org of its subtree. */
  private async candidateGroupsOf(groups: CandidateGroup[]): Promise<string[]> {
    const out = new Set<string>();
    for (const g of groups) {
      out.add(`${g.role}:${g.orgId}`);
      for (const orgId of await this.opts.orgDescendants(g.orgId)) out.add(`${g.role}:${orgId}`);
    }
    return [...out].sort();
  }

  private async taskViews(items: UserTaskItem[]): Promise<UserTaskView[]> {
    const keys = await this.rootVariable('businessKey', items.map((t) => String(t.processInstanceKey ?? '')));
    return Promise.all(
      items.map(async (t) => {
        const model = await this.definitionModel(t.processDefinitionKey && String(t.processDefinitionKey), t.processDefinitionId);
        const businessKey = keys.get(String(t.processInstanceKey));
        return toTaskView(t, typeof businessKey === 'string' ? businessKey : null, model, {});
      }),
    );
  }

  async getTask(taskId: string): Promise<UserTaskView | null> {
    const userTaskKey = liftOrNull(Key.UserTaskKey, taskId);
    if (!userTaskKey) return null;
    let task;
    try {
      task = await this.call('getUserTask', () => this.client.getUserTask({ userTaskKey }, NOW));
    } catch (err) {
      if (httpStatus(err) === 404) return null;
      throw err;
    }
    const variables = task.processInstanceKey ? await this.instanceVariables(String(task.processInstanceKey)) : {};
    const model = await this.definitionModel(task.processDefinitionKey && String(task.processDefinitionKey), task.processDefinitionId);
    return toTaskView(task, typeof variables.businessKey === 'string' ? variables.businessKey : null, model, variables);
  }

  private async existingTask(taskId: string): Promise<UserTaskView> {
    const task = await this.getTask(taskId);
    if (!task) throw new EngineError('NOT_FOUND', '任务不存在');
    return task;
  }

  /** Assignment without override: of two concurrent claims Camunda accepts one and answers 409 to the other. */
  async claimTask(taskId: string, userId: string): Promise<UserTaskView> {
    const userTaskKey = lift(Key.UserTaskKey, taskId, '任务');
    try {
      await this.call('assignUserTask', () => this.client.assignUserTask({ userTaskKey, assignee: userId, allowOverride: false, action: 'claim' }));
    } catch (err) {
      let task = await this.refusedTask(err, taskId);
      // Refused because someone holds it, but the search index does not show who yet.
      if (!task.assignee) task = await this.refusedTask(err, taskId, (t) => !!t.assignee);
      // Claiming a task one already holds changes nothing, as on the embedded engine.
      if (task.assignee === userId) return task;
      throw new EngineError('CONFLICT', '任务已被他人认领');
    }
    // The search index may not show the assignment yet; the command's success is the truth.
    return { ...(await this.existingTask(taskId)), assignee: userId };
  }

  /**
   * A task command Camunda refused with 404 (not in the broker's state: unknown, or completed)
   * or 409 (wrong state): the search index, which keeps completed tasks, tells which. Returns
   * the task when it is still open, for the caller to word the conflict. With `settled`, reads
   * again (bounded) until the index agrees, since it trails the broker.
   */
  private async refusedTask(err: unknown, taskId: string, settled?: (t: UserTaskView) => boolean): Promise<UserTaskView> {
    const status = httpStatus(err);
    if (status !== 404 && status !== 409) throw err;
    let task = await this.getTask(taskId);
    const sleep = this.retry.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    for (let read = 1; settled && task?.status === 'created' && !settled(task) && read < INDEX_READS; read++) {
      await sleep(INDEX_READ_INTERVAL_MS);
      task = await this.getTask(taskId);
    }
    if (!task) throw new EngineError('NOT_FOUND', '任务不存在');
    if (task.status !== 'created') throw new EngineError('CONFLICT', '任务已办结');
    return task;
  }

  async unclaimTask(taskId: string, userId: string): Promise<UserTaskView> {
    const task = await this.existingTask(taskId);
    if (task.status !== 'created') throw new EngineError('CONFLICT', '任务已办结');
    if (task.assignee !== userId) throw new EngineError('CONFLICT', '只能退回自己认领的任务');
    await this.unassign(taskId);
    return { ...task, assignee: null };
  }

  async assignTask(taskId: string, assignee: string | null): Promise<UserTaskView> {
    const userTaskKey = lift(Key.UserTaskKey, taskId, '任务');
    if (assignee === null) {
      await this.unassign(taskId);
    } else {
      try {
        await this.call('assignUserTask', () => this.client.assignUserTask({ userTaskKey, assignee, allowOverride: true, action: 'assign' }));
      } catch (err) {
        await this.refusedTask(err, taskId);
        throw new EngineError('CONFLICT', '任务状态已变化，请刷新后重试');
      }
    }
    return { ...(await this.existingTask(taskId)), assignee };
  }

  private async unassign(taskId: string): Promise<void> {
    const userTaskKey = lift(Key.UserTaskKey, taskId, '任务');
    try {
      await this.call('unassignUserTask', () => this.client.unassignUserTask({ userTaskKey }));
    } catch (err) {
      await this.refusedTask(err, taskId);
      throw new EngineError('CONFLICT', '任务状态已变化，请刷新后重试');
    }
  }

  /** No lock across the network: the task's state is checked; `completeTask` decides the race. */
  async lockTaskForCompletion(taskId: string, userId: string, _tx: Tx): Promise<void> {
    const task = await this.existingTask(taskId);
    if (task.status !== 'created') throw new EngineError('CONFLICT', '任务已办结，不能重复提交');
    if (task.assignee && task.assignee !== userId) throw new EngineError('CONFLICT', '任务已被他人认领');
  }

  /**
   * Completes exactly once. An unclaimed task is claimed first (without override), so of two
   * users completing the same group task one gets a CONFLICT instead of both completing it.
   * `tx` is ignored (see startInstance).
   */
  async completeTask(taskId: string, userId: string, variables: Record<string, unknown>, _tx?: Tx): Promise<void> {
    const task = await this.existingTask(taskId);
    if (task.status !== 'created') throw new EngineError('CONFLICT', '任务已办结，不能重复提交');
    if (task.assignee && task.assignee !== userId) throw new EngineError('CONFLICT', '任务已被他人认领');
    if (!task.assignee) await this.claimTask(taskId, userId);
    const userTaskKey = lift(Key.UserTaskKey, taskId, '任务');
    try {
      await this.call('completeUserTask', () => this.client.completeUserTask({ userTaskKey, variables, action: 'complete' }));
    } catch (err) {
      const status = httpStatus(err);
      // The task existed a moment ago: gone or in the wrong state means someone completed it.
      if (status === 404 || status === 409) throw new EngineError('CONFLICT', '任务已办结，不能重复提交');
      throw err;
    }
  }

  // ------------------------------------------------------------------ messages

  async correlateMessage(name: string, correlationKey: string, variables: Record<string, unknown> = {}, _tx?: Tx): Promise<boolean> {
    try {
      await this.call('correlateMessage', () => this.client.correlateMessage({ name, correlationKey, variables }));
      return true;
    } catch (err) {
      // 404: no instance waits for this message with this key.
      if (httpStatus(err) === 404) return false;
      throw err;
    }
  }

  // ------------------------------------------------------------------ incidents

  /**
   * Camunda does not say when an incident was resolved: a resolved incident carries its creation
   * time as `resolvedAt` (non-null is what callers test).
   */
  async listIncidents(filter: { resolved?: boolean; bpmnProcessId?: string; instanceId?: string } = {}): Promise<IncidentView[]> {
    const processInstanceKey = filter.instanceId ? liftOrNull(Key.ProcessInstanceKey, filter.instanceId) : undefined;
    if (processInstanceKey === null) return [];
    const found = await this.call('searchIncidents', () =>
      this.client.searchIncidents(
        {
          filter: {
            ...(filter.resolved !== undefined && { state: filter.resolved ? 'RESOLVED' : 'ACTIVE' }),
            ...(filter.bpmnProcessId && { processDefinitionId: Key.ProcessDefinitionId.assumeExists(filter.bpmnProcessId) }),
            ...(processInstanceKey && { processInstanceKey }),
          },
          sort: [{ field: 'creationTime', order: 'DESC' }],
          page: { from: 0, limit: 500 },
        },
        NOW,
      ),
    );
    const items = found.items ?? [];
    const instanceKeys = items.map((i) => String(i.processInstanceKey ?? ''));
    const [keys, paths] = await Promise.all([this.rootVariable('businessKey', instanceKeys), this.rootVariable('orgPath', instanceKeys)]);
    return items.map((i) => {
      const createdAt = new Date(i.creationTime ?? 0);
      const businessKey = keys.get(String(i.processInstanceKey));
      const orgPath = paths.get(String(i.processInstanceKey));
      return {
        id: String(i.incidentKey),
        instanceId: String(i.processInstanceKey),
        definitionId: String(i.processDefinitionKey),
        bpmnProcessId: String(i.processDefinitionId ?? ''),
        businessKey: typeof businessKey === 'string' ? businessKey : null,
        orgPath: typeof orgPath === 'string' ? orgPath : null,
        elementId: i.elementId ?? null,
        jobId: i.jobKey ? String(i.jobKey) : null,
        kind: i.errorType ?? 'UNKNOWN',
        message: i.errorMessage ?? '',
        createdAt,
        resolvedAt: i.state === 'RESOLVED' ? createdAt : null,
      };
    });
  }

  /** A job incident gets the retries of its task back (as on the embedded engine), then is resolved. */
  async retryIncident(incidentId: string): Promise<void> {
    const incidentKey = lift(Key.IncidentKey, incidentId, '异常');
    let incident;
    try {
      incident = await this.call('getIncident', () => this.client.getIncident({ incidentKey }, NOW));
    } catch (err) {
      if (httpStatus(err) === 404) throw new EngineError('NOT_FOUND', '异常不存在');
      throw err;
    }
    if (incident.state === 'RESOLVED') throw new EngineError('CONFLICT', '异常已处理');
    if (incident.jobKey) {
      const model = await this.definitionModel(incident.processDefinitionKey && String(incident.processDefinitionKey), incident.processDefinitionId);
      const retries = Math.max(1, (incident.elementId && model?.elements[incident.elementId]?.retries) || 1);
      const jobKey = incident.jobKey;
      await this.call('updateJob', () => this.client.updateJob({ jobKey, changeset: { retries } }));
    }
    try {
      await this.call('resolveIncident', () => this.client.resolveIncident({ incidentKey }));
    } catch (err) {
      const status = httpStatus(err);
      if (status === 404) throw new EngineError('NOT_FOUND', '异常不存在');
      if (status === 409) throw new EngineError('CONFLICT', '异常已处理');
      throw err;
    }
  }

  // ------------------------------------------------------------------ statistics

  async elementStatistics(definitionId: string): Promise<ElementStatistics[]> {
    const processDefinitionKey = lift(Key.ProcessDefinitionKey, definitionId, '流程定义');
    let stats;
    try {
      stats = await this.call('getProcessDefinitionStatistics', () => this.client.getProcessDefinitionStatistics({ processDefinitionKey }, NOW));
    } catch (err) {
      if (httpStatus(err) === 404) throw new EngineError('NOT_FOUND', `流程定义 ${definitionId} 不存在`);
      throw err;
    }
    return (stats.items ?? [])
      .filter((s) => s.elementId)
      .map((s) => ({ elementId: String(s.elementId), active: Number(s.active ?? 0), incidents: Number(s.incidents ?? 0), completed: Number(s.completed ?? 0) }))
      .sort((a, b) => a.elementId.localeCompare(b.elementId));
  }

  // ------------------------------------------------------------------ job workers

  /** Opens one REST job worker (long-polling `POST /v2/jobs/activation`) per handled job type. */
  async start(): Promise<void> {
    if (this.workers.length) return;
    const w = this.opts.worker ?? {};
    const name = w.name ?? `bangfu-${randomUUID().slice(0, 8)}`;
    const settle = { send: (op: string, fn: () => Promise<unknown>) => this.call(op, fn), defaultBackoffMs: this.opts.retryBackoffMs ?? 5_000 };
    for (const [jobType, handler] of Object.entries(this.opts.handlers)) {
      this.workers.push(
        this.client.createJobWorker({
          jobType,
          workerName: `${name}-${jobType}`,
          maxParallelJobs: w.maxParallelJobs ?? 4,
          jobTimeoutMs: w.jobTimeoutMs ?? 60_000,
          pollTimeoutMs: w.pollTimeoutMs ?? 20_000,
          pollIntervalMs: w.pollIntervalMs ?? 1_000,
          autoStart: true,
          jobHandler: async (job) => {
            try {
              await runHandlerOnJob(job as unknown as ActivatedSdkJob, handler, this.opts.context, settle);
            } catch (err) {
              // Not acknowledged: Zeebe hands the job out again when its timeout runs out.
              this.log(`job ${job.jobKey} (${jobType}) could not be settled`, err);
            }
            return JOB_ACTION_RECEIPT;
          },
        }),
      );
    }
  }

  async stop(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.stopGracefully({ waitUpToMs: 5_000 })));
  }
}

/** Reads the org tree from the database: the subtree of an org by its materialised path. */
export function orgDescendantsFrom(prisma: {
  org: {
    findUnique(args: { where: { id: string }; select: { path: true } }): Promise<{ path: string } | null>;
    findMany(args: { where: { path: { startsWith: string } }; select: { id: true } }): Promise<Array<{ id: string }>>;
  };
}): (orgId: string) => Promise<string[]> {
  return async (orgId) => {
    const org = await prisma.org.findUnique({ where: { id: orgId }, select: { path: true } });
    if (!org) return [];
    return (await prisma.org.findMany({ where: { path: { startsWith: org.path } }, select: { id: true } })).map((o) => o.id);
  };
}

// ------------------------------------------------------------------ mapping

function toTaskView(t: UserTaskItem, businessKey: string | null, model: ProcessModel | null, variables: Record<string, unknown>): UserTaskView {
  const element = t.elementId ? model?.elements[t.elementId] : undefined;
  const [role, orgId] = splitGroup(t.candidateGroups?.[0]);
  const createdAt = new Date(t.creationDate ?? 0);
  const status = taskStatus(t.state);
  return {
    id: String(t.userTaskKey),
    instanceId: String(t.processInstanceKey ?? ''),
    definitionId: String(t.processDefinitionKey ?? ''),
    bpmnProcessId: String(t.processDefinitionId ?? ''),
    elementId: String(t.elementId ?? ''),
    name: t.name ?? element?.name ?? String(t.elementId ?? ''),
    formKey: t.externalFormReference ?? element?.formKey ?? (t.formKey ? String(t.formKey) : null),
    candidateRole: role,
    candidateOrgId: orgId,
    assignee: t.assignee ?? null,
    businessKey,
    status,
    dueAt: t.dueDate ? new Date(t.dueDate) : element?.properties?.dueIn ? addDuration(createdAt, parseIsoDuration(element.properties.dueIn)) : null,
    followUpAt: t.followUpDate ? new Date(t.followUpDate) : null,
    createdAt,
    completedAt: t.completionDate ? new Date(t.completionDate) : null,
    completedBy: status === 'completed' ? (t.assignee ?? null) : null,
    variables,
  };
}

/** `county_reviewer:510502` → role and org (SPEC §1 candidate groups). */
function splitGroup(group: string | undefined): [string | null, string | null] {
  const i = group ? group.indexOf(':') : -1;
  if (!group || i <= 0) return [group ?? null, null];
  return [group.slice(0, i), group.slice(i + 1)];
}

function taskStatus(state: UserTaskItem['state']): TaskStatus {
  if (state === 'COMPLETED') return 'completed';
  if (state === 'CANCELED' || state === 'CANCELING' || state === 'FAILED') return 'canceled';
  return 'created';
}

type SortSpec = NonNullable<TaskQuery['sort']>;

function compareBy<T>(sort: SortSpec, value: (x: T, field: SortSpec['field']) => string | number | null, key: (x: T) => string) {
  const dir = sort.order === 'ASC' ? 1 : -1;
  return (a: T, b: T): number => {
    const va = value(a, sort.field);
    const vb = value(b, sort.field);
    if (va !== vb) {
      if (va === null) return 1;
      if (vb === null) return -1;
      return (va < vb ? -1 : 1) * dir;
    }
    const ca = value(a, 'createdAt') ?? 0;
    const cb = value(b, 'createdAt') ?? 0;
    if (ca !== cb) return ca < cb ? -1 : 1;
    return key(a).localeCompare(key(b));
  };
}

/** The order Camunda was asked for (sort field, then creation date), for merging two searches. */
function compareItems(sort: SortSpec) {
  return compareBy<UserTaskItem>(
    sort,
    (t, field) => {
      const v = field === 'dueAt' ? t.dueDate : field === 'createdAt' ? t.creationDate : t.name;
      return v ? (field === 'name' ? v : Date.parse(v)) : null;
    },
    (t) => String(t.userTaskKey),
  );
}

function compareViews(sort: SortSpec) {
  return compareBy<UserTaskView>(
    sort,
    (t, field) => (field === 'name' ? t.name : (t[field]?.getTime() ?? null)),
    (t) => t.id,
  );
}

function dedupe(items: UserTaskItem[]): UserTaskItem[] {
  const seen = new Map<string, UserTaskItem>();
  for (const t of items) if (!seen.has(String(t.userTaskKey))) seen.set(String(t.userTaskKey), t);
  return [...seen.values()];
}

/** Variable values come back as JSON text. */
function parseValue(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function lift<T>(lifter: { assumeExists(value: string): T }, id: string, what: string): T {
  try {
    return lifter.assumeExists(id);
  } catch {
    throw new EngineError('NOT_FOUND', `${what} ${id} 不存在`);
  }
}

function liftOrNull<T>(lifter: { assumeExists(value: string): T }, id: string): T | null {
  try {
    return lifter.assumeExists(id);
  } catch {
    return null;
  }
}

function problemText(err: unknown): string {
  const e = err as { detail?: string; title?: string; message?: string };
  return e.detail ?? e.title ?? e.message ?? String(err);
}

function isNetworkError(err: unknown): boolean {
  const e = err as { name?: string; message?: string; cause?: { code?: string } } | null;
  return e?.name === 'NetworkSdkError' || (e?.name === 'TypeError' && /fetch|network/i.test(e.message ?? '')) || !!e?.cause?.code?.startsWith?.('ECONN');
}
