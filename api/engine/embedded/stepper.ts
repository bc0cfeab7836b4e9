import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';
import * as Elements from 'bpmn-elements';
import serializer, { deserialize, TypeResolver } from 'moddle-context-serializer';
import BpmnModdle from 'bpmn-moddle';
import { evaluateCondition, evaluateFeel, FeelError, isFeel, RESERVED_VARIABLES } from '../feel';
import { moddleOptions, type ProcessModel } from './model';
import type { Clock } from '../../clock';

/**
 * One step of one process instance, entirely in memory: recover the engine from its stored
 * state, apply exactly one event, run until every token waits, and report what waits now.
 * Nothing here touches the database; `runtime.ts` persists the result in one transaction.
 */

export type StepEvent =
  | { kind: 'start'; variables: Record<string, unknown> }
  /** Nothing new happened but time passed: due timers fire on resume. */
  | { kind: 'resume' }
  | { kind: 'complete'; executionId: string; variables: Record<string, unknown> }
  | { kind: 'bpmn-error'; executionId: string; errorCode: string; message: string; variables: Record<string, unknown> }
  | { kind: 'message'; messageRef: string; variables: Record<string, unknown> };

export interface Waiting {
  executionId: string;
  elementId: string;
  kind: 'user-task' | 'job' | 'timer' | 'message';
  /** timers only: absolute due time */
  dueAt?: Date;
}

export interface HistoryEntry {
  elementId: string;
  elementType: string;
  type: 'activated' | 'completed';
}

export type StepOutcome =
  | {
      ok: true;
      state: EngineState;
      status: 'active' | 'completed';
      variables: Record<string, unknown>;
      waiting: Waiting[];
      history: HistoryEntry[];
    }
  | { ok: false; elementId: string | null; message: string; kind: 'CONDITION_ERROR' | 'EXTRACT_VALUE_ERROR' | 'UNHANDLED_ERROR' | 'INVALID_EVENT' };

export type EngineState = Record<string, any>;

const JOB_TYPES = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:ScriptTask']);

/** A compiled definition: the serialized moddle context, built once per deployed version. */
export interface CompiledDefinition {
  sourceContext: unknown;
  model: ProcessModel;
}

function elementsFor(clock: Clock) {
  const Base = Elements.TimerEventDefinition;
  // Timers are computed against the runtime's clock (not Date.now) so tests can drive time,
  // and a resumed timer whose due time has passed completes at once.
  function ClockTimerEventDefinition(this: any, activity: unknown, eventDefinition: unknown) {
    Base.call(this, activity, eventDefinition);
  }
  ClockTimerEventDefinition.prototype = Object.create(Base.prototype);
  ClockTimerEventDefinition.prototype.constructor = ClockTimerEventDefinition;
  ClockTimerEventDefinition.prototype.parse = function parse(timerType: string, value: string) {
    const now = clock.now();
    let expireAt: Date;
    let repeat: number | undefined;
    if (timerType === 'timeDate') {
      expireAt = new Date(value);
      if (Number.isNaN(expireAt.getTime())) throw new TypeError(`无效的定时器日期: ${value}`);
    } else {
      const parsed = parseIsoDuration(value);
      repeat = parsed.repeat;
      expireAt = addDuration(now, parsed);
    }
    return { expireAt, repeat, delay: expireAt.getTime() - now.getTime() };
  };
  ClockTimerEventDefinition.prototype._getTimers = function getTimers(this: any, executeMessage: any) {
    const content = executeMessage.content;
    const now = clock.now();
    const result: any = { ...('expireAt' in content && { expireAt: new Date(content.expireAt) }) };
    for (const timerType of ['timeDuration', 'timeDate', 'timeCycle']) {
      if (timerType in content) result[timerType] = content[timerType];
      else if (timerType in this) result[timerType] = this.environment.resolveExpression(this[timerType], executeMessage);
      else continue;
      if ('expireAt' in content) continue;
      const parsed = this.parse(timerType, String(result[timerType]));
      if (!('expireAt' in result) || result.expireAt > parsed.expireAt) {
        result.timerType = timerType;
        result.expireAt = parsed.expireAt;
        result.repeat = parsed.repeat;
      }
    }
    if ('expireAt' in result) result.timeout = result.expireAt.getTime() - now.getTime();
    return result;
  };
  return {
    ...Elements,
    // Service-like tasks wait as jobs: a worker completes them later through the runtime.
    ServiceTask: Elements.SignalTask,
    SendTask: Elements.SignalTask,
    BusinessRuleTask: Elements.SignalTask,
    ScriptTask: Elements.SignalTask,
    TimerEventDefinition: ClockTimerEventDefinition,
  };
}

interface IsoDuration {
  years: number;
  months: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  repeat?: number;
}

/** ISO 8601 durations (P1Y2M3DT4H5M6S, PT10M) and repeating intervals (R3/PT1H). */
export function parseIsoDuration(value: string): IsoDuration {
  let text = value.trim();
  let repeat: number | undefined;
  const cycle = /^R(\d*)\/(.+)$/.exec(text);
  if (cycle) {
    repeat = cycle[1] ? Number(cycle[1]) : -1;
    text = cycle[2];
  }
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) throw new TypeError(`无效的 ISO 8601 时长: ${value}`);
  const n = (s: string | undefined) => (s ? Number(s) : 0);
  return { years: n(m[1]), months: n(m[2]), days: n(m[3]) * 7 + n(m[4]), hours: n(m[5]), minutes: n(m[6]), seconds: n(m[7]), repeat };
}

export function addDuration(from: Date, d: IsoDuration): Date {
  const t = new Date(from.getTime());
  if (d.years || d.months) t.setUTCMonth(t.getUTCMonth() + d.years * 12 + d.months);
  return new Date(t.getTime() + ((d.days * 24 + d.hours) * 60 + d.minutes) * 60_000 + d.seconds * 1000);
}

/** Records armed timers instead of scheduling them: the database scheduler fires them. */
function recordingTimers() {
  const armed = new Map<object, { executionId: string; elementId: string; dueAt: Date }>();
  const api = {
    armed,
    executing: [] as object[],
    register(owner: any) {
      return {
        setTimeout: (_cb: unknown, _delay: number) => {
          const ref = { owner };
          armed.set(ref, { executionId: owner.executionId, elementId: owner.id, dueAt: new Date(owner.expireAt) });
          return ref;
        },
        clearTimeout: (ref: object) => void armed.delete(ref),
      };
    },
    setTimeout: (_cb: unknown, _delay: number) => ({}),
    clearTimeout: (ref: object) => void armed.delete(ref),
  };
  return api;
}

function feelExpressions() {
  return {
    resolveExpression(expression: unknown, context: any) {
      if (isFeel(expression)) return evaluateFeel(expression, scopeVariables(context));
      return expression;
    },
    isExpression: (text: unknown) => isFeel(text),
    hasExpression: (text: unknown) => isFeel(text),
  };
}

function feelScripts() {
  return {
    register() {},
    getScript(_language: string | undefined, element: any) {
      const body = element?.behaviour?.conditionExpression?.body;
      if (!isFeel(body)) return undefined;
      return {
        execute(scope: any, callback: (err: Error | null, result?: boolean) => void) {
          try {
            callback(null, evaluateCondition(body, scopeVariables(scope)));
          } catch (err) {
            callback(err as Error);
          }
        },
      };
    },
  };
}

function scopeVariables(context: any): Record<string, unknown> {
  const vars = context?.environment?.variables ?? {};
  return vars;
}

const silentLogger = () => ({ debug() {}, error() {}, warn() {} });

/** Parses and serializes a BPMN file once; `deploy` stores the result per definition version. */
export async function compileDefinition(xml: string, clock: Clock): Promise<string> {
  const moddle = new BpmnModdle(moddleOptions);
  const moddleContext = await moddle.fromXML(xml);
  const typeResolver = TypeResolver(elementsFor(clock));
  return serializer(moddleContext, typeResolver).serialize();
}

export class Stepper {
  /** Engines alive right now: each exists only for the duration of one step. */
  live = 0;
  private readonly elements;
  constructor(private readonly clock: Clock) {
    this.elements = elementsFor(clock);
  }

  deserialize(serialized: string | object): unknown {
    const json = typeof serialized === 'string' ? JSON.parse(serialized) : serialized;
    return deserialize(json, TypeResolver(this.elements));
  }

  async step(definition: CompiledDefinition, state: EngineState | null, event: StepEvent): Promise<StepOutcome> {
    this.live++;
    try {
      return await this.run(definition, state, event);
    } finally {
      this.live--;
    }
  }

  private async run(definition: CompiledDefinition, state: EngineState | null, event: StepEvent): Promise<StepOutcome> {
    const timers = recordingTimers();
    const listener = new EventEmitter();
    const history: HistoryEntry[] = [];
    let failure: { elementId: string | null; message: string; kind: 'CONDITION_ERROR' | 'EXTRACT_VALUE_ERROR' | 'UNHANDLED_ERROR' } | null = null;
    const record = (type: HistoryEntry['type']) => (api: any) => {
      if (!api?.id || api.type === 'bpmn:Process' || api.type === 'bpmn:SequenceFlow') return;
      const info = definition.model.elements[api.id];
      if (!info) return;
      history.push({ elementId: api.id, elementType: info.type, type });
    };
    listener.on('activity.start', record('activated'));
    listener.on('activity.end', record('completed'));
    // An activity error may still be caught by a boundary event; only an error that reaches
    // the engine is an incident. Remember where the last one happened to name the element.
    let lastErrorElement: string | null = null;
    listener.on('activity.error', (api: any) => {
      lastErrorElement = api?.id ?? null;
    });

    const engine = new Engine({
      name: definition.model.bpmnProcessId,
      sourceContext: definition.sourceContext,
      elements: this.elements,
      expressions: feelExpressions(),
      scripts: feelScripts(),
      timers,
      Logger: silentLogger,
      listener,
    } as any);
    engine.on('error', (err: any) => {
      failure ??= classify(err, err?.source?.content?.id ?? lastErrorElement);
    });

    try {
      if (event.kind === 'start') {
        await engine.execute({ listener, variables: { ...event.variables } } as any);
      } else {
        if (!state) return { ok: false, elementId: null, message: 'instance has no state', kind: 'INVALID_EVENT' };
        engine.recover(structuredClone(state));
        await engine.resume({ listener } as any);
        if (failure) return { ok: false, ...(failure as any) };
        const execution = engine.execution as any;
        const proc = execution.definitions[0].getProcesses()[0];
        if (event.kind === 'complete' || event.kind === 'bpmn-error') {
          const target = allPostponed(execution.getPostponed()).find((api: any) => api.executionId === event.executionId);
          if (!target) return { ok: false, elementId: null, message: `no waiting element ${event.executionId}`, kind: 'INVALID_EVENT' };
          Object.assign(proc.environment.variables, event.variables);
          if (event.kind === 'complete') target.signal(event.variables);
          else target.sendApiMessage('error', { message: event.message, code: event.errorCode });
        } else if (event.kind === 'message') {
          Object.assign(proc.environment.variables, event.variables);
          execution.signal({ id: event.messageRef });
        }
      }
    } catch (err) {
      failure ??= classify(err, null);
    }
    if (failure) return { ok: false, ...(failure as any) };

    const execution = engine.execution as any;
    const definitionState = execution.definitions[0];
    const completed = !execution.isRunning && execution.state !== 'running' && definitionState.status !== 'executing';
    const waiting: Waiting[] = [];
    const model = definition.model;
    for (const api of completed ? [] : allPostponed(execution.getPostponed())) {
      collectWaiting(api, model, waiting);
    }
    for (const t of timers.armed.values()) {
      waiting.push({ executionId: t.executionId, elementId: t.elementId, kind: 'timer', dueAt: t.dueAt });
    }
    const saved = await engine.getState();
    for (const d of saved.definitions) delete d.source;
    const proc = execution.definitions[0].getProcesses()[0];
    const variables = userVariables(proc?.environment?.variables ?? saved.environment?.variables ?? {});
    const status = waiting.length === 0 && !hasRunning(execution) ? 'completed' : 'active';
    return { ok: true, state: saved, status, variables, waiting, history };
  }
}

function hasRunning(execution: any): boolean {
  return execution.definitions.some((d: any) => d.isRunning);
}

/** Waiting elements, descending into sub-processes (their children wait inside them). */
function allPostponed(apis: any[]): any[] {
  return apis.flatMap((api) =>
    api.type === 'bpmn:SubProcess' ? allPostponed((api.getPostponed?.() ?? []).filter((child: any) => child.executionId !== api.executionId && child.id !== api.id)) : [api],
  );
}

function collectWaiting(api: any, model: ProcessModel, out: Waiting[]): void {
  const info = model.elements[api.id];
  if (!info) return;
  if (info.type === 'bpmn:UserTask') out.push({ executionId: api.executionId, elementId: api.id, kind: 'user-task' });
  else if (JOB_TYPES.has(info.type)) out.push({ executionId: api.executionId, elementId: api.id, kind: 'job' });
  if (info.messageRef) out.push({ executionId: api.executionId, elementId: api.id, kind: 'message' });
}

export function userVariables(vars: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(vars)) if (!RESERVED_VARIABLES.has(k)) out[k] = v;
  return out;
}

function classify(err: any, elementId: string | null) {
  const inner = err?.inner ?? err;
  const message = String(inner?.message ?? err?.message ?? err);
  const el = elementId ?? err?.source?.content?.id ?? null;
  if (inner instanceof FeelError || err instanceof FeelError) {
    const kind = /条件表达式/.test(message) || /condition/i.test(message) ? 'CONDITION_ERROR' : 'EXTRACT_VALUE_ERROR';
    return { elementId: el, message, kind } as const;
  }
  return { elementId: el, message, kind: 'UNHANDLED_ERROR' } as const;
}
