import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A STAND-IN for a Camunda 8.8 cluster's REST API (`/v2`), for tests only: node:http on
 * 127.0.0.1, a random port, everything in memory. It is not Zeebe and runs no BPMN: it
 * implements exactly the subset of endpoints the Camunda adapter calls, with the request and
 * response shapes of `@camunda8/sdk` 8.8's Orchestration Cluster API types (tests run the SDK
 * client with strict request and response validation against it). What a real broker would
 * produce by executing a model — user tasks, jobs, message subscriptions — the test seeds.
 *
 * It records every request, and can be told to answer the next N matching requests with 429
 * or 503 (back-pressure).
 */

export interface RecordedRequest {
  method: string;
  /** full path, e.g. `/v2/user-tasks/search` */
  path: string;
  query: Record<string, string>;
  body: any;
  /** the status the stand-in answered with */
  status: number;
}

type Json = Record<string, any>;

interface Definition {
  key: string;
  bpmnProcessId: string;
  name: string | undefined;
  version: number;
  resourceName: string;
  xml: string;
}

interface Instance {
  key: string;
  definition: Definition;
  variables: Map<string, { key: string; value: unknown }>;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  startDate: string;
  endDate?: string;
}

export interface StandinUserTask {
  key: string;
  instanceKey: string;
  elementId: string;
  name?: string;
  state: 'CREATED' | 'COMPLETED' | 'CANCELED';
  assignee?: string;
  candidateGroups: string[];
  creationDate: string;
  completionDate?: string;
  dueDate?: string;
  followUpDate?: string;
  externalFormReference?: string;
  /** what the completion carried */
  completedWith?: Json;
}

export interface StandinJob {
  key: string;
  instanceKey: string;
  elementId: string;
  type: string;
  retries: number;
  customHeaders: Record<string, string>;
  state: 'activatable' | 'activated' | 'completed' | 'failed' | 'error-thrown';
  notBefore: number;
  deadline?: number;
  worker?: string;
  /** the body of the acknowledgement (completion, failure or error) */
  outcome?: { kind: 'complete' | 'fail' | 'error'; body: Json };
}

export interface StandinIncident {
  key: string;
  instanceKey: string;
  elementId: string;
  errorType: string;
  errorMessage: string;
  jobKey?: string;
  state: 'ACTIVE' | 'RESOLVED';
  creationTime: string;
}

interface Subscription {
  messageName: string;
  correlationKey: string;
  instanceKey: string;
  open: boolean;
}

interface FailureRule {
  remaining: number;
  status: 429 | 503;
  path?: RegExp;
}

const TENANT = '<default>';

export class CamundaStandin {
  /** what the SDK's `ZEEBE_REST_ADDRESS` should be; the SDK appends `/v2` */
  url = '';
  readonly requests: RecordedRequest[] = [];
  readonly definitions: Definition[] = [];
  readonly instances = new Map<string, Instance>();
  readonly userTasks = new Map<string, StandinUserTask>();
  readonly jobs = new Map<string, StandinJob>();
  readonly incidents = new Map<string, StandinIncident>();
  readonly subscriptions: Subscription[] = [];
  private readonly failures: FailureRule[] = [];
  /** task key → how many more reads show the task as it was before its last assignment */
  private readonly laggingReads = new Map<string, { remaining: number; assignee: string | undefined }>();
  private readonly server: Server;
  private readonly longPolls = new Set<() => void>();
  private nextKey = 2251799813685249n;

  constructor(private readonly now: () => Date = () => new Date()) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        res.writeHead(500, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ type: 'about:blank', title: 'STANDIN_ERROR', status: 500, detail: String(err?.stack ?? err) }));
      });
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const flush of this.longPolls) flush();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Answer the next `count` requests (whose path matches, when given) with back-pressure. */
  failNext(count: number, status: 429 | 503, path?: RegExp): void {
    this.failures.push({ remaining: count, status, path });
  }

  /** Recorded requests of one method whose path matches. */
  calls(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  key(): string {
    return String(this.nextKey++);
  }

  /**
   * The secondary storage trails the broker: the next `reads` results carrying the task (GET or
   * search) show the assignee it has now, whatever assignment commands do meanwhile.
   */
  lagAssignment(taskKey: string, reads: number): void {
    this.laggingReads.set(taskKey, { remaining: reads, assignee: this.userTasks.get(taskKey)?.assignee });
  }

  // ------------------------------------------------------------------ seeding what a broker would create

  seedUserTask(t: { instanceKey: string; elementId: string; candidateGroups?: string[]; assignee?: string; name?: string; dueDate?: string; creationDate?: string; externalFormReference?: string }): string {
    this.instance(t.instanceKey);
    const key = this.key();
    this.userTasks.set(key, {
      key,
      instanceKey: t.instanceKey,
      elementId: t.elementId,
      name: t.name,
      state: 'CREATED',
      assignee: t.assignee,
      candidateGroups: t.candidateGroups ?? [],
      creationDate: t.creationDate ?? this.now().toISOString(),
      dueDate: t.dueDate,
      externalFormReference: t.externalFormReference,
    });
    return key;
  }

  seedJob(j: { instanceKey: string; elementId: string; type: string; retries?: number; customHeaders?: Record<string, string> }): string {
    this.instance(j.instanceKey);
    const key = this.key();
    this.jobs.set(key, { key, instanceKey: j.instanceKey, elementId: j.elementId, type: j.type, retries: j.retries ?? 3, customHeaders: j.customHeaders ?? {}, state: 'activatable', notBefore: 0 });
    for (const wake of this.longPolls) wake();
    return key;
  }

  openSubscription(messageName: string, correlationKey: string, instanceKey: string): void {
    this.instance(instanceKey);
    this.subscriptions.push({ messageName, correlationKey, instanceKey, open: true });
  }

  variablesOf(instanceKey: string): Record<string, unknown> {
    return Object.fromEntries([...this.instance(instanceKey).variables].map(([name, v]) => [name, v.value]));
  }

  private instance(key: string): Instance {
    const instance = this.instances.get(key);
    if (!instance) throw new Error(`stand-in: no process instance ${key}`);
    return instance;
  }

  private setVariables(instance: Instance, variables: Json | null | undefined): void {
    for (const [name, value] of Object.entries(variables ?? {})) {
      const existing = instance.variables.get(name);
      instance.variables.set(name, { key: existing?.key ?? this.key(), value });
    }
  }

  private raiseIncident(instanceKey: string, elementId: string, errorType: string, errorMessage: string, jobKey?: string): void {
    const key = this.key();
    this.incidents.set(key, { key, instanceKey, elementId, errorType, errorMessage, jobKey, state: 'ACTIVE', creationTime: this.now().toISOString() });
  }

  // ------------------------------------------------------------------ HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://standin');
    const raw = await readBody(req);
    const contentType = String(req.headers['content-type'] ?? '');
    let body: any = null;
    if (contentType.startsWith('multipart/form-data')) body = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    else if (raw.length) body = JSON.parse(raw.toString('utf8'));
    const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), body, status: 0 };
    this.requests.push(record);
    const reply = (status: number, payload?: unknown, type = 'application/json') => {
      record.status = status;
      if (payload === undefined) {
        res.writeHead(status);
        res.end();
        return;
      }
      res.writeHead(status, { 'content-type': type });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    const problem = (status: number, title: string, detail: string) =>
      reply(status, { type: 'about:blank', title, status, detail, instance: url.pathname }, 'application/problem+json');

    const rule = this.failures.find((f) => f.remaining > 0 && (!f.path || f.path.test(url.pathname)));
    if (rule) {
      rule.remaining--;
      return rule.status === 429
        ? problem(429, 'TOO_MANY_REQUESTS', 'Too many requests: the stand-in simulates rate limiting')
        : problem(503, 'RESOURCE_EXHAUSTED', 'Expected to handle REST API request, but request could not be processed due to backpressure (stand-in)');
    }

    const route = `${record.method} ${url.pathname}`;
    let m: RegExpMatchArray | null;
    if (route === 'POST /v2/deployments') return reply(200, await this.deploy(body as FormData));
    if (route === 'POST /v2/process-definitions/search') return reply(200, this.searchDefinitions(body ?? {}));
    if ((m = route.match(/^GET \/v2\/process-definitions\/(\d+)\/xml$/))) {
      const def = this.definitions.find((d) => d.key === m![1]);
      return def ? reply(200, def.xml, 'text/xml') : problem(404, 'NOT_FOUND', `Process definition with key '${m[1]}' not found`);
    }
    if ((m = route.match(/^POST \/v2\/process-definitions\/(\d+)\/statistics\/element-instances$/))) {
      const def = this.definitions.find((d) => d.key === m![1]);
      return def ? reply(200, { items: this.statistics(def) }) : problem(404, 'NOT_FOUND', `Process definition with key '${m[1]}' not found`);
    }
    if (route === 'POST /v2/process-instances') return this.createInstance(body, reply, problem);
    if ((m = route.match(/^GET \/v2\/process-instances\/(\d+)$/))) {
      const instance = this.instances.get(m[1]);
      return instance ? reply(200, this.instanceResult(instance)) : problem(404, 'NOT_FOUND', `Process instance with key '${m[1]}' not found`);
    }
    if ((m = route.match(/^POST \/v2\/process-instances\/(\d+)\/cancellation$/))) return this.cancelInstance(m[1], reply, problem);
    if ((m = route.match(/^PUT \/v2\/element-instances\/(\d+)\/variables$/))) {
      // only root scopes exist here: the element instance is the process instance
      const instance = this.instances.get(m[1]);
      if (!instance) return problem(404, 'NOT_FOUND', `Element instance with key '${m[1]}' not found`);
      this.setVariables(instance, body?.variables);
      return reply(204);
    }
    if ((m = route.match(/^PATCH \/v2\/user-tasks\/(\d+)$/))) {
      const task = this.userTasks.get(m[1]);
      if (!task || task.state !== 'CREATED') return problem(404, 'NOT_FOUND', `Command rejected: expected to find user task with key '${m[1]}', but no such task was found`);
      if (Array.isArray(body?.changeset?.candidateGroups)) task.candidateGroups = body.changeset.candidateGroups;
      return reply(204);
    }
    if (route === 'POST /v2/variables/search') return reply(200, this.searchVariables(body ?? {}, record.query.truncateValues !== 'false'));
    if (route === 'POST /v2/user-tasks/search') return reply(200, this.searchUserTasks(body ?? {}));
    if ((m = route.match(/^(GET|POST|DELETE) \/v2\/user-tasks\/(\d+)(\/assignment|\/assignee|\/completion)?$/))) return this.userTaskCommand(m[1], m[2], m[3] ?? '', body ?? {}, reply, problem);
    if (route === 'POST /v2/messages/correlation') return this.correlate(body, reply, problem);
    if (route === 'POST /v2/incidents/search') return reply(200, this.searchIncidents(body ?? {}));
    if ((m = route.match(/^(GET|POST) \/v2\/incidents\/(\d+)(\/resolution)?$/))) return this.incidentCommand(m[2], !!m[3], reply, problem);
    if (route === 'POST /v2/jobs/activation') return this.activate(body, reply);
    if ((m = route.match(/^(POST|PATCH) \/v2\/jobs\/(\d+)(\/completion|\/failure|\/error)?$/))) return this.jobCommand(m[2], m[3] ?? '', body ?? {}, reply, problem);
    return problem(404, 'NOT_FOUND', `The Camunda stand-in does not implement ${route}`);
  }

  // ------------------------------------------------------------------ deployments and definitions

  private async deploy(form: FormData) {
    const deployments = [];
    for (const entry of form.getAll('resources')) {
      const file = entry as File;
      const xml = await file.text();
      const process = /<(?:\w+:)?process\b[^>]*>/.exec(xml)?.[0] ?? '';
      const bpmnProcessId = /\bid="([^"]+)"/.exec(process)?.[1];
      if (!bpmnProcessId) throw new Error(`stand-in: ${file.name} has no process`);
      const latest = this.definitions.filter((d) => d.bpmnProcessId === bpmnProcessId).at(-1);
      // Zeebe keeps the version of an unchanged resource.
      const def =
        latest && latest.xml === xml
          ? latest
          : { key: this.key(), bpmnProcessId, name: /\bname="([^"]+)"/.exec(process)?.[1], version: (latest?.version ?? 0) + 1, resourceName: file.name, xml };
      if (def !== latest) this.definitions.push(def);
      deployments.push({
        processDefinition: { processDefinitionId: def.bpmnProcessId, processDefinitionVersion: def.version, resourceName: def.resourceName, tenantId: TENANT, processDefinitionKey: def.key },
      });
    }
    return { tenantId: TENANT, deploymentKey: this.key(), deployments };
  }

  private searchDefinitions(q: Json) {
    let defs = this.definitions.filter((d) => matchString(q.filter?.processDefinitionId, d.bpmnProcessId) && matchString(q.filter?.processDefinitionKey, d.key));
    if (q.filter?.isLatestVersion) defs = defs.filter((d) => d === this.definitions.filter((x) => x.bpmnProcessId === d.bpmnProcessId).at(-1));
    defs = sortBy(defs, q.sort, { version: (d) => d.version, processDefinitionKey: (d) => d.key, processDefinitionId: (d) => d.bpmnProcessId });
    return page(
      defs.map((d) => ({ name: d.name, resourceName: d.resourceName, version: d.version, processDefinitionId: d.bpmnProcessId, tenantId: TENANT, processDefinitionKey: d.key, hasStartForm: false })),
      q.page,
    );
  }

  /** Per element of one definition: what waits there, its open incidents, what completed. */
  private statistics(def: Definition) {
    const stats = new Map<string, { elementId: string; active: number; canceled: number; incidents: number; completed: number }>();
    const at = (elementId: string) => stats.get(elementId) ?? stats.set(elementId, { elementId, active: 0, canceled: 0, incidents: 0, completed: 0 }).get(elementId)!;
    const ofDef = (instanceKey: string) => this.instances.get(instanceKey)?.definition === def;
    for (const t of this.userTasks.values()) if (ofDef(t.instanceKey)) at(t.elementId)[t.state === 'CREATED' ? 'active' : t.state === 'COMPLETED' ? 'completed' : 'canceled']++;
    for (const j of this.jobs.values()) {
      if (!ofDef(j.instanceKey)) continue;
      if (j.state === 'completed' || j.state === 'error-thrown') at(j.elementId).completed++;
      else at(j.elementId).active++;
    }
    for (const i of this.incidents.values()) if (i.state === 'ACTIVE' && ofDef(i.instanceKey)) at(i.elementId).incidents++;
    return [...stats.values()].sort((a, b) => a.elementId.localeCompare(b.elementId));
  }

  // ------------------------------------------------------------------ instances and variables

  private createInstance(body: Json, reply: (s: number, p?: unknown) => void, problem: (s: number, t: string, d: string) => void) {
    const candidates = this.definitions.filter((d) => (body.processDefinitionKey ? d.key === body.processDefinitionKey : d.bpmnProcessId === body.processDefinitionId));
    // version -1 (the SDK's default) or none: the latest
    const def = body.processDefinitionVersion > 0 ? candidates.find((d) => d.version === body.processDefinitionVersion) : candidates.at(-1);
    if (!def) return problem(404, 'NOT_FOUND', `Expected to find process definition with process ID '${body.processDefinitionId}', but none found`);
    const instance: Instance = { key: this.key(), definition: def, variables: new Map(), state: 'ACTIVE', startDate: this.now().toISOString() };
    this.setVariables(instance, body.variables);
    this.instances.set(instance.key, instance);
    reply(200, {
      processDefinitionId: def.bpmnProcessId,
      processDefinitionVersion: def.version,
      tenantId: TENANT,
      variables: {},
      processDefinitionKey: def.key,
      processInstanceKey: instance.key,
    });
  }

  /** Zeebe's cancel: an active instance ends as TERMINATED with its open user tasks canceled. */
  private cancelInstance(key: string, reply: (s: number, p?: unknown) => void, problem: (s: number, t: string, d: string) => void) {
    const instance = this.instances.get(key);
    if (!instance || instance.state !== 'ACTIVE') return problem(404, 'NOT_FOUND', `Command 'CANCEL' rejected: expected to find an active process instance with key '${key}', but none was found`);
    instance.state = 'TERMINATED';
    instance.endDate = this.now().toISOString();
    for (const t of this.userTasks.values()) if (t.instanceKey === key && t.state === 'CREATED') t.state = 'CANCELED';
    return reply(204);
  }

  private instanceResult(i: Instance) {
    return {
      processDefinitionId: i.definition.bpmnProcessId,
      processDefinitionName: i.definition.name ?? i.definition.bpmnProcessId,
      processDefinitionVersion: i.definition.version,
      startDate: i.startDate,
      ...(i.endDate && { endDate: i.endDate }),
      state: i.state,
      hasIncident: [...this.incidents.values()].some((x) => x.instanceKey === i.key && x.state === 'ACTIVE'),
      tenantId: TENANT,
      processInstanceKey: i.key,
      processDefinitionKey: i.definition.key,
    };
  }

  /** Only root-scope variables exist here, so a variable's scope key is its instance key. */
  private searchVariables(q: Json, truncate: boolean) {
    const items = [];
    for (const instance of this.instances.values()) {
      if (!matchString(q.filter?.processInstanceKey, instance.key) || !matchString(q.filter?.scopeKey, instance.key)) continue;
      for (const [name, v] of instance.variables) {
        if (!matchString(q.filter?.name, name)) continue;
        const value = JSON.stringify(v.value);
        const truncated = truncate && value.length > 8191;
        items.push({ name, tenantId: TENANT, variableKey: v.key, scopeKey: instance.key, processInstanceKey: instance.key, value: truncated ? value.slice(0, 8191) : value, isTruncated: truncated });
      }
    }
    return page(items, q.page);
  }

  // ------------------------------------------------------------------ user tasks

  private userTaskResult(t: StandinUserTask) {
    const instance = this.instance(t.instanceKey);
    const lag = this.laggingReads.get(t.key);
    const assignee = lag && lag.remaining-- > 0 ? lag.assignee : t.assignee;
    return {
      ...(t.name && { name: t.name }),
      state: t.state,
      ...(assignee && { assignee }),
      elementId: t.elementId,
      candidateGroups: t.candidateGroups,
      candidateUsers: [],
      processDefinitionId: instance.definition.bpmnProcessId,
      creationDate: t.creationDate,
      ...(t.completionDate && { completionDate: t.completionDate }),
      ...(t.dueDate && { dueDate: t.dueDate }),
      ...(t.followUpDate && { followUpDate: t.followUpDate }),
      tenantId: TENANT,
      ...(t.externalFormReference && { externalFormReference: t.externalFormReference }),
      processDefinitionVersion: instance.definition.version,
      customHeaders: {},
      priority: 50,
      userTaskKey: t.key,
      elementInstanceKey: t.key,
      processName: instance.definition.name ?? instance.definition.bpmnProcessId,
      processDefinitionKey: instance.definition.key,
      processInstanceKey: t.instanceKey,
    };
  }

  private searchUserTasks(q: Json) {
    const f = q.filter ?? {};
    const tasks = [...this.userTasks.values()].filter((t) => {
      const instance = this.instance(t.instanceKey);
      return (
        matchString(f.state, t.state) &&
        matchString(f.assignee, t.assignee) &&
        matchString(f.userTaskKey, t.key) &&
        matchString(f.elementId, t.elementId) &&
        matchString(f.processInstanceKey, t.instanceKey) &&
        matchString(f.processDefinitionId, instance.definition.bpmnProcessId) &&
        matchDate(f.dueDate, t.dueDate) &&
        (f.candidateGroup === undefined || t.candidateGroups.some((g) => matchString(f.candidateGroup, g))) &&
        (f.processInstanceVariables ?? []).every((v: { name: string; value: unknown }) => {
          const actual = instance.variables.get(v.name);
          return actual !== undefined && matchString(v.value, JSON.stringify(actual.value));
        })
      );
    });
    const sorted = sortBy(tasks, q.sort, {
      creationDate: (t) => t.creationDate,
      dueDate: (t) => t.dueDate,
      completionDate: (t) => t.completionDate,
      followUpDate: (t) => t.followUpDate,
      name: (t) => t.name,
    });
    return page(
      sorted.map((t) => this.userTaskResult(t)),
      q.page,
    );
  }

  /**
   * Commands go to the broker's primary state, where a completed task no longer exists (404);
   * the GET reads the secondary storage, which keeps it.
   */
  private userTaskCommand(method: string, key: string, action: string, body: Json, reply: (s: number, p?: unknown) => void, problem: (s: number, t: string, d: string) => void) {
    const task = this.userTasks.get(key);
    if (method === 'GET' && !action) return task ? reply(200, this.userTaskResult(task)) : problem(404, 'NOT_FOUND', `User task with key '${key}' not found`);
    if (!task || task.state !== 'CREATED') return problem(404, 'NOT_FOUND', `Command rejected: expected to find user task with key '${key}', but no such task was found`);
    if (method === 'POST' && action === '/assignment') {
      if (body.allowOverride === false && task.assignee) {
        return problem(409, 'INVALID_STATE', `Command 'ASSIGN' rejected: expected user task '${key}' not to be assigned, but it is assigned to '${task.assignee}'`);
      }
      task.assignee = body.assignee;
      return reply(204);
    }
    if (method === 'DELETE' && action === '/assignee') {
      task.assignee = undefined;
      return reply(204);
    }
    if (method === 'POST' && action === '/completion') {
      task.state = 'COMPLETED';
      task.completionDate = this.now().toISOString();
      task.completedWith = body.variables ?? {};
      this.setVariables(this.instance(task.instanceKey), body.variables);
      return reply(204);
    }
    return problem(404, 'NOT_FOUND', 'stand-in: unsupported user task command');
  }

  // ------------------------------------------------------------------ messages

  private correlate(body: Json, reply: (s: number, p?: unknown) => void, problem: (s: number, t: string, d: string) => void) {
    const sub = this.subscriptions.find((s) => s.open && s.messageName === body.name && s.correlationKey === (body.correlationKey ?? ''));
    if (!sub) {
      return problem(404, 'NOT_FOUND', `Expected to find subscription for message with name '${body.name}' and correlation key '${body.correlationKey}', but none was found.`);
    }
    sub.open = false;
    this.setVariables(this.instance(sub.instanceKey), body.variables);
    reply(200, { tenantId: TENANT, messageKey: this.key(), processInstanceKey: sub.instanceKey });
  }

  // ------------------------------------------------------------------ incidents

  private incidentResult(i: StandinIncident) {
    const def = this.instance(i.instanceKey).definition;
    return {
      processDefinitionId: def.bpmnProcessId,
      errorType: i.errorType,
      errorMessage: i.errorMessage,
      elementId: i.elementId,
      creationTime: i.creationTime,
      state: i.state,
      tenantId: TENANT,
      incidentKey: i.key,
      processDefinitionKey: def.key,
      processInstanceKey: i.instanceKey,
      elementInstanceKey: i.key,
      ...(i.jobKey && { jobKey: i.jobKey }),
    };
  }

  private searchIncidents(q: Json) {
    const f = q.filter ?? {};
    const found = [...this.incidents.values()].filter(
      (i) =>
        matchString(f.state, i.state) &&
        matchString(f.processInstanceKey, i.instanceKey) &&
        matchString(f.processDefinitionId, this.instance(i.instanceKey).definition.bpmnProcessId) &&
        matchString(f.errorType, i.errorType),
    );
    return page(
      sortBy(found, q.sort, { creationTime: (i) => i.creationTime, incidentKey: (i) => i.key }).map((i) => this.incidentResult(i)),
      q.page,
    );
  }

  private incidentCommand(key: string, resolve: boolean, reply: (s: number, p?: unknown) => void, problem: (s: number, t: string, d: string) => void) {
    const incident = this.incidents.get(key);
    if (!resolve) return incident ? reply(200, this.incidentResult(incident)) : problem(404, 'NOT_FOUND', `Incident with key '${key}' not found`);
    if (!incident || incident.state !== 'ACTIVE') return problem(404, 'NOT_FOUND', `Command 'RESOLVE' rejected: expected to find incident with key '${key}', but none was found`);
    const job = incident.jobKey ? this.jobs.get(incident.jobKey) : undefined;
    if (job && job.retries <= 0) return problem(409, 'INVALID_STATE', `Expected to resolve incident of job '${job.key}' with retries, but it has no retries left`);
    incident.state = 'RESOLVED';
    if (job) {
      job.state = 'activatable';
      job.notBefore = 0;
      for (const wake of this.longPolls) wake();
    }
    reply(204);
  }

  // ------------------------------------------------------------------ jobs

  private activatable(type: string, now: number): StandinJob[] {
    return [...this.jobs.values()].filter((j) => {
      if (j.type !== type || j.retries <= 0) return false;
      if (j.state === 'activated' && (j.deadline ?? 0) < now) j.state = 'activatable';
      return j.state === 'activatable' && j.notBefore <= now;
    });
  }

  /** Long polling: waits up to `requestTimeout` (capped at 250 ms here) for a job of the type. */
  private activate(body: Json, reply: (s: number, p?: unknown) => void): void {
    const deadline = Date.now() + Math.min(250, Math.max(0, body.requestTimeout ?? 0));
    const attempt = () => {
      const now = Date.now();
      const jobs = this.activatable(body.type, now).slice(0, body.maxJobsToActivate ?? 32);
      if (!jobs.length && now < deadline) return false;
      for (const j of jobs) {
        j.state = 'activated';
        j.deadline = now + (body.timeout ?? 300_000);
        j.worker = body.worker;
      }
      reply(200, { jobs: jobs.map((j) => this.activatedJob(j)) });
      return true;
    };
    if (attempt()) return;
    const wake = () => {
      if (attempt()) {
        clearInterval(timer);
        this.longPolls.delete(wake);
      }
    };
    const timer = setInterval(wake, 10);
    this.longPolls.add(wake);
  }

  private activatedJob(j: StandinJob) {
    const instance = this.instance(j.instanceKey);
    return {
      type: j.type,
      processDefinitionId: instance.definition.bpmnProcessId,
      processDefinitionVersion: instance.definition.version,
      elementId: j.elementId,
      customHeaders: j.customHeaders,
      worker: j.worker ?? '',
      retries: j.retries,
      deadline: j.deadline ?? 0,
      variables: this.variablesOf(j.instanceKey),
      tenantId: TENANT,
      jobKey: j.key,
      processInstanceKey: j.instanceKey,
      processDefinitionKey: instance.definition.key,
      elementInstanceKey: j.key,
      kind: 'BPMN_ELEMENT',
      listenerEventType: 'UNSPECIFIED',
    };
  }

  private jobCommand(key: string, action: string, body: Json, reply: (s: number, p?: unknown) => void, problem: (s: number, t: string, d: string) => void) {
    const job = this.jobs.get(key);
    if (!job || job.state === 'completed' || job.state === 'error-thrown') return problem(404, 'NOT_FOUND', `Expected to find job with key '${key}', but no such job was found`);
    if (!action) {
      if (typeof body.changeset?.retries === 'number') job.retries = body.changeset.retries;
      return reply(204);
    }
    if (job.state !== 'activated') return problem(409, 'INVALID_STATE', `Expected job '${key}' to be activated, but it is ${job.state}`);
    const instance = this.instance(job.instanceKey);
    if (action === '/completion') {
      job.state = 'completed';
      job.outcome = { kind: 'complete', body };
      this.setVariables(instance, body.variables);
    } else if (action === '/failure') {
      job.outcome = { kind: 'fail', body };
      job.retries = body.retries ?? 0;
      if (job.retries > 0) {
        job.state = 'activatable';
        job.notBefore = Date.now() + (body.retryBackOff ?? 0);
      } else {
        job.state = 'failed';
        this.raiseIncident(job.instanceKey, job.elementId, 'JOB_NO_RETRIES', body.errorMessage ?? '', job.key);
      }
    } else {
      // No BPMN runs here: the thrown error is recorded for the test to read.
      job.state = 'error-thrown';
      job.outcome = { kind: 'error', body };
    }
    reply(204);
  }
}

export async function startCamundaStandin(now?: () => Date): Promise<CamundaStandin> {
  return new CamundaStandin(now).listen();
}

// ------------------------------------------------------------------ filter helpers (the REST API's advanced filters)

function matchString(filter: unknown, value: string | undefined): boolean {
  if (filter === undefined) return true;
  if (typeof filter !== 'object' || filter === null) return value === String(filter);
  const f = filter as { $eq?: string; $neq?: string; $exists?: boolean; $in?: string[]; $notIn?: string[]; $like?: string };
  if (f.$exists !== undefined && (value !== undefined) !== f.$exists) return false;
  if (f.$eq !== undefined && value !== f.$eq) return false;
  if (f.$neq !== undefined && value === f.$neq) return false;
  if (f.$in !== undefined && (value === undefined || !f.$in.includes(value))) return false;
  if (f.$notIn !== undefined && value !== undefined && f.$notIn.includes(value)) return false;
  if (f.$like !== undefined) {
    const re = new RegExp(`^${f.$like.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`);
    if (value === undefined || !re.test(value)) return false;
  }
  return true;
}

function matchDate(filter: unknown, value: string | undefined): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'string') return value !== undefined && Date.parse(value) === Date.parse(filter);
  const f = filter as { $lt?: string; $lte?: string; $gt?: string; $gte?: string; $exists?: boolean };
  if (f.$exists !== undefined && (value !== undefined) !== f.$exists) return false;
  if (value === undefined) return f.$exists === false;
  const t = Date.parse(value);
  return (
    (f.$lt === undefined || t < Date.parse(f.$lt)) &&
    (f.$lte === undefined || t <= Date.parse(f.$lte)) &&
    (f.$gt === undefined || t > Date.parse(f.$gt)) &&
    (f.$gte === undefined || t >= Date.parse(f.$gte))
  );
}

/** Sorts by the requested fields in order; missing values last, then by key for a stable order. */
function sortBy<T extends { key: string }>(items: T[], sort: Array<{ field: string; order?: 'ASC' | 'DESC' }> | undefined, fields: Record<string, (x: T) => string | number | undefined>): T[] {
  return [...items].sort((a, b) => {
    for (const s of sort ?? []) {
      const get = fields[s.field];
      if (!get) throw new Error(`stand-in: cannot sort by ${s.field}`);
      const va = get(a);
      const vb = get(b);
      if (va === vb) continue;
      if (va === undefined) return 1;
      if (vb === undefined) return -1;
      return (va < vb ? -1 : 1) * (s.order === 'DESC' ? -1 : 1);
    }
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
}

function page<T>(items: T[], p: { from?: number; limit?: number } | undefined) {
  const from = p?.from ?? 0;
  const limit = p?.limit ?? 100;
  return { items: items.slice(from, from + limit), page: { totalItems: items.length, hasMoreTotalItems: false } };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
