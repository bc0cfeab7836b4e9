/**
 * The one interface the API speaks to a workflow engine through. Two adapters implement it:
 * the embedded runtime (bpmn-engine + PGlite/PostgreSQL) and Camunda 8 (Zeebe). Nothing above
 * this port knows which one runs.
 */

/** A (role, org) pair a user holds: SPEC §1 candidate groups. */
import type { Tx } from '../db/client';
import type { ProcessModel } from './embedded/model';

export interface CandidateGroup {
  role: string;
  /** the org the role is held at; tasks of its whole subtree are visible */
  orgId: string;
  orgPath: string;
}

export interface Deployment {
  bpmnProcessId: string;
  version: number;
  definitionId: string;
  /** false when the same XML was already deployed (no new version) */
  created: boolean;
}

/** One deployed version of a process (the process admins' list). */
export interface DefinitionView {
  definitionId: string;
  bpmnProcessId: string;
  name: string | null;
  version: number;
  resourceName: string | null;
  /** null where the engine does not say (Camunda's definition search has no deployment time) */
  deployedAt: Date | null;
  /** instances of this very version still running: they finish on it, new ones start on the latest */
  activeInstances: number;
}

export interface StartedInstance {
  instanceId: string;
  definitionId: string;
  version: number;
}

export type TaskStatus = 'created' | 'completed' | 'canceled';

export interface UserTaskView {
  id: string;
  instanceId: string;
  definitionId: string;
  bpmnProcessId: string;
  elementId: string;
  name: string;
  formKey: string | null;
  candidateRole: string | null;
  candidateOrgId: string | null;
  assignee: string | null;
  businessKey: string | null;
  status: TaskStatus;
  dueAt: Date | null;
  followUpAt: Date | null;
  createdAt: Date;
  completedAt: Date | null;
  completedBy: string | null;
  variables: Record<string, unknown>;
}

export interface TaskQuery {
  /** the caller: tasks assigned to them, or to a candidate group they hold within its org subtree */
  userId: string;
  groups: CandidateGroup[];
  view?: 'all' | 'mine' | 'group' | 'unclaimed' | 'overdue';
  status?: TaskStatus;
  bpmnProcessId?: string;
  businessKeys?: string[];
  sort?: { field: 'dueAt' | 'createdAt' | 'name'; order: 'ASC' | 'DESC' };
  offset?: number;
  limit?: number;
}

export interface IncidentView {
  id: string;
  instanceId: string;
  definitionId: string;
  bpmnProcessId: string;
  businessKey: string | null;
  /** org path of the case, for scoping (the instance's `orgPath` variable on Camunda) */
  orgPath: string | null;
  elementId: string | null;
  jobId: string | null;
  kind: string;
  message: string;
  createdAt: Date;
  resolvedAt: Date | null;
}

export interface ElementStatistics {
  elementId: string;
  active: number;
  incidents: number;
  completed: number;
}

/** Where one instance stands, element by element: what the diagram of a task page marks. */
export interface InstanceElements {
  /** elements where a token waits now (user tasks, jobs, timers, message catches) */
  active: string[];
  /** elements the instance has completed at least once */
  completed: string[];
  /** elements with an open incident */
  incidents: string[];
}

export interface InstanceView {
  id: string;
  definitionId: string;
  bpmnProcessId: string;
  version: number;
  businessKey: string | null;
  status: 'active' | 'completed' | 'incident' | 'terminated';
  variables: Record<string, unknown>;
  startedAt: Date;
  endedAt: Date | null;
}

export class EngineError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT' | 'INVALID' | 'UNAVAILABLE',
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export interface WorkflowEngine {
  deploy(resourceName: string, xml: string): Promise<Deployment[]>;
  /**
   * Starts an instance. Given the caller's transaction, the embedded engine starts it inside it
   * (the file and its process commit together); a remote engine starts it after commit.
   */
  startInstance(
    bpmnProcessId: string,
    input: { businessKey: string; variables: Record<string, unknown>; orgPath?: string },
    tx?: Tx,
  ): Promise<StartedInstance>;
  getInstance(instanceId: string): Promise<InstanceView | null>;
  /**
   * Ends an instance where it stands (Zeebe's cancel): its open user tasks, jobs, timers and
   * subscriptions are canceled and it never steps again. An instance already ended is left as is.
   */
  cancelInstance(instanceId: string, tx?: Tx): Promise<void>;
  /**
   * Moves a running instance to another union (a file transferred, issue 10): merges `variables`
   * (e.g. a new `orgs`), records the new org path, re-evaluates the candidate groups of its open
   * user tasks with the merged variables and releases their claims.
   */
  moveInstance(instanceId: string, move: { orgPath: string; variables: Record<string, unknown> }, tx?: Tx): Promise<void>;

  listTasks(query: TaskQuery): Promise<{ total: number; tasks: UserTaskView[] }>;
  getTask(taskId: string): Promise<UserTaskView | null>;
  /** Race-safe: a task already held by someone else is a CONFLICT, never overridden. */
  claimTask(taskId: string, userId: string): Promise<UserTaskView>;
  unclaimTask(taskId: string, userId: string): Promise<UserTaskView>;
  /**
   * Takes a task for its completion in the caller's transaction, BEFORE the form's side effects
   * run: the embedded engine locks the task row and its instance (so of two completions the
   * second waits, then gets the CONFLICT; and every row lock is taken before any audit row,
   * whose chain lock must come last). A remote engine can only check the task's state here.
   */
  lockTaskForCompletion(taskId: string, userId: string, tx: Tx): Promise<void>;
  /** Completes exactly once: a second completion is a CONFLICT. */
  completeTask(taskId: string, userId: string, variables: Record<string, unknown>, tx?: Tx): Promise<void>;
  /** Moves a task to another user (supervisors). */
  assignTask(taskId: string, assignee: string | null): Promise<UserTaskView>;

  /**
   * Correlates a message to the instance subscribed with that name and key; false when none waits.
   * Given the caller's transaction, the embedded engine takes the instance's step inside it (the
   * caller's change and the message commit together, or neither); a remote engine publishes at once.
   */
  correlateMessage(name: string, correlationKey: string, variables?: Record<string, unknown>, tx?: Tx): Promise<boolean>;

  listIncidents(filter?: { resolved?: boolean; bpmnProcessId?: string; instanceId?: string }): Promise<IncidentView[]>;
  retryIncident(incidentId: string): Promise<void>;

  elementStatistics(definitionId: string): Promise<ElementStatistics[]>;
  /** The parsed model of a deployed definition: names, forms, output variables of its elements. */
  definitionModel(definitionId: string): Promise<ProcessModel | null>;
  /** The XML of one deployed version (an instance's own diagram); null when unknown. */
  definitionXml(definitionId: string): Promise<string | null>;
  /** Active, completed and failed elements of one instance (the task page's diagram). */
  instanceElements(instanceId: string): Promise<InstanceElements>;
  /** Every deployed version, newest first per process; one process's versions given its id. */
  listDefinitions(bpmnProcessId?: string): Promise<DefinitionView[]>;
  /** Latest deployed version of a process, with its XML (for the diagram and the heatmap). */
  latestDefinition(bpmnProcessId: string): Promise<{ definitionId: string; version: number; xml: string } | null>;

  start(): Promise<void>;
  stop(): Promise<void>;
}
