import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedEngine } from '../../api/engine/embedded/runtime';
import { ManualClock } from '../../api/clock';
import type { Database } from '../../api/db/client';
import type { JobHandler } from '../../workers/job';
import { testDatabase } from '../support/db';

const xml = readFileSync(new URL('../fixtures/runtime-probe.bpmn', import.meta.url), 'utf8');

describe('embedded runtime: jobs, retries, incidents, BPMN errors, FEEL, timers, messages', () => {
  let db: Database;
  let engine: EmbeddedEngine<object>;
  const clock = new ManualClock('2026-03-02T01:00:00Z');
  let behaviour: 'ok' | 'throw' | 'bpmn-error' = 'ok';
  let workCalls = 0;
  const reminders: string[] = [];
  const handlers: Record<string, JobHandler> = {
    'probe-work': async (job) => {
      workCalls++;
      if (behaviour === 'throw') throw new Error('民政接口不可用');
      if (behaviour === 'bpmn-error') return job.error({ errorCode: 'PROBE_FAILED', errorMessage: '业务拒绝' });
      return job.complete({ worked: true });
    },
    'probe-remind': async (job) => {
      reminders.push(job.processInstanceKey);
      return job.complete();
    },
  };

  beforeAll(async () => {
    db = await testDatabase();
    engine = new EmbeddedEngine({ db, clock, handlers, context: {}, retryBackoffMs: 1000, log: () => {} });
    await engine.deploy('runtime-probe.bpmn', xml);
  });
  afterAll(async () => {
    await db.close();
  });

  const start = (caseId: string) => engine.startInstance('runtime-probe', { businessKey: caseId, variables: { org: '510502', caseId } });
  const jobsOf = (instanceId: string) => db.prisma.job.findMany({ where: { instanceId }, orderBy: { createdAt: 'asc' } });

  it('runs a service task as a job, then waits in a user task with a pending timer', async () => {
    behaviour = 'ok';
    const { instanceId } = await start('C-1');
    await engine.drain();
    const tasks = await db.prisma.userTask.findMany({ where: { instanceId } });
    expect(tasks.map((t) => [t.elementId, t.status, t.candidateRole, t.candidateOrgId, t.formKey])).toEqual([
      ['review', 'created', 'county_reviewer', '510502', 'probe-review'],
    ]);
    expect(tasks[0].dueAt?.toISOString()).toBe('2026-03-04T01:00:00.000Z');
    const timers = await db.prisma.timer.findMany({ where: { instanceId } });
    expect(timers.map((t) => [t.elementId, t.status, t.dueAt.toISOString()])).toEqual([['remind', 'pending', '2026-03-02T02:00:00.000Z']]);
    expect(engine.liveEngines).toBe(0);
  });

  it('retries a handler that keeps throwing as the BPMN says, then raises an incident that can be retried', async () => {
    behaviour = 'throw';
    workCalls = 0;
    const { instanceId } = await start('C-2');
    await engine.drain();
    expect(workCalls).toBe(1);
    let [job] = await jobsOf(instanceId);
    expect([job.status, job.retriesLeft]).toEqual(['activatable', 1]);
    clock.advance(1000);
    await engine.drain();
    expect(workCalls).toBe(2);
    [job] = await jobsOf(instanceId);
    expect([job.status, job.retriesLeft]).toEqual(['failed', 0]);
    const incidents = await engine.listIncidents({ instanceId, resolved: false });
    expect(incidents.map((i) => [i.kind, i.elementId, i.message])).toEqual([['JOB_NO_RETRIES', 'work', '民政接口不可用']]);
    expect((await engine.getInstance(instanceId))?.status).toBe('incident');

    behaviour = 'ok';
    await engine.retryIncident(incidents[0].id);
    await engine.drain();
    expect(workCalls).toBe(3);
    expect((await engine.getInstance(instanceId))?.status).toBe('active');
    expect(await db.prisma.userTask.count({ where: { instanceId, status: 'created' } })).toBe(1);
  });

  it('sends a BPMN error to its error boundary', async () => {
    behaviour = 'bpmn-error';
    const { instanceId } = await start('C-3');
    await engine.drain();
    const instance = await engine.getInstance(instanceId);
    expect(instance?.status).toBe('completed');
    const path = await db.prisma.instanceEvent.findMany({ where: { instanceId, type: 'completed' }, orderBy: { id: 'asc' } });
    expect(path.map((e) => e.elementId)).toEqual(['start', 'workFailed', 'endError']);
    expect(await db.prisma.userTask.count({ where: { instanceId } })).toBe(0);
  });

  it('raises an incident when a FEEL condition reads a missing variable, and never takes a branch', async () => {
    behaviour = 'ok';
    const { instanceId } = await start('C-4');
    await engine.drain();
    const task = await db.prisma.userTask.findFirstOrThrow({ where: { instanceId, status: 'created' } });
    await engine.completeTask(task.id, 'u1', {});
    const [incident] = await engine.listIncidents({ instanceId, resolved: false });
    expect(incident.elementId).toBe('big');
    expect(incident.message).toContain('amount');
    expect((await engine.getInstance(instanceId))?.status).toBe('incident');
    expect(await db.prisma.instanceEvent.count({ where: { instanceId, elementId: { in: ['endSmall', 'waitPaid'] } } })).toBe(0);

    await engine.setVariables(instanceId, { amount: 500 });
    await engine.retryIncident(incident.id);
    const subs = await db.prisma.messageSubscription.findMany({ where: { instanceId } });
    expect(subs.map((s) => [s.messageName, s.correlationKey, s.status])).toEqual([['paid', 'C-4', 'open']]);
    expect(await engine.correlateMessage('paid', 'C-other')).toBe(false);
    expect(await engine.correlateMessage('paid', 'C-4', { paidAt: '2026-03-02' })).toBe(true);
    const instance = await engine.getInstance(instanceId);
    expect(instance?.variables).toMatchObject({ amount: 500, paidAt: '2026-03-02' });
  });

  it('fires a timer from the database when the clock reaches its due time, not before', async () => {
    behaviour = 'ok';
    reminders.length = 0;
    const { instanceId } = await start('C-5');
    await engine.drain();
    const timer = await db.prisma.timer.findFirstOrThrow({ where: { instanceId } });
    clock.set(new Date(timer.dueAt.getTime() - 1));
    await engine.drain();
    expect(reminders.filter((id) => id === instanceId)).toEqual([]);
    clock.set(timer.dueAt);
    await engine.drain();
    expect(reminders.filter((id) => id === instanceId)).toEqual([instanceId]);
    expect((await db.prisma.timer.findFirstOrThrow({ where: { instanceId } })).status).toBe('fired');
    // non-interrupting: the task is still open
    expect(await db.prisma.userTask.count({ where: { instanceId, status: 'created' } })).toBe(1);
    expect(engine.liveEngines).toBe(0);
  });

  it('completes a task exactly once when two completions race', async () => {
    const { instanceId } = await start('C-6');
    await engine.drain();
    const task = await db.prisma.userTask.findFirstOrThrow({ where: { instanceId, status: 'created' } });
    const results = await Promise.allSettled([
      engine.completeTask(task.id, 'u1', { amount: 1 }),
      engine.completeTask(task.id, 'u2', { amount: 1 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason.code).toBe('CONFLICT');
    expect((await engine.getInstance(instanceId))?.status).toBe('completed');
  });
});
