import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../api/db/client';
import { EmbeddedEngine } from '../../api/engine/embedded/runtime';
import { systemClock } from '../../api/clock';
import { seedDemo } from '../../prisma/seed';
import { freshDatabaseUrl } from '../support/db';

const xml = readFileSync(new URL('../fixtures/two-process-probe.bpmn', import.meta.url), 'utf8');
const CASES = 200;

/**
 * Several API processes on one PostgreSQL (issue 8): two processes run the job and timer loops
 * of the same database; 200 cases pass a job, a timer, a job and a user task. Jobs are taken with
 * FOR UPDATE SKIP LOCKED and steps lock their instance, so nothing runs twice and nothing is lost.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('two processes on one PostgreSQL database', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabaseUrl>>;
  let db: Database;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    fresh = await freshDatabaseUrl();
    db = await openDatabase({ databaseUrl: fresh!.url });
    await seedDemo(db.prisma);
    await db.sql.exec('CREATE TABLE job_run_log (job_key text NOT NULL, job_type text NOT NULL, worker text NOT NULL, at timestamptz NOT NULL DEFAULT now())');
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await db?.close();
    await fresh?.drop();
  });

  const startWorker = (name: string) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/engine-process.ts', fresh!.url, name], { stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      child.stdout!.on('data', (d) => String(d).includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`${name} exited ${code}`)));
    });

  it('runs 200 cases through two processes: no job twice, no timer twice, no task lost', async () => {
    const starter = new EmbeddedEngine({ db, clock: systemClock, handlers: {}, context: {}, log: () => {} });
    await starter.deploy('two-process-probe.bpmn', xml);
    await Promise.all([startWorker('worker-1'), startWorker('worker-2')]);
    for (let i = 0; i < CASES; i++) {
      await starter.startInstance('two-process-probe', { businessKey: `T-${i}`, variables: { orgs: { county: '510502' } } });
    }
    const deadline = Date.now() + 120_000;
    let tasks = 0;
    while (Date.now() < deadline) {
      tasks = await db.prisma.userTask.count({ where: { bpmnProcessId: 'two-process-probe' } });
      if (tasks >= CASES) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(tasks).toBe(CASES);

    const runs = await db.sql.query<{ job_key: string; n: number }>('SELECT job_key, count(*)::int AS n FROM job_run_log GROUP BY job_key');
    expect(runs.length).toBe(2 * CASES);
    expect(runs.filter((r) => r.n !== 1)).toEqual([]);
    const workers = await db.sql.query<{ worker: string; n: number }>('SELECT worker, count(*)::int AS n FROM job_run_log GROUP BY worker ORDER BY worker');
    expect(workers.map((w) => w.worker)).toEqual(['worker-1', 'worker-2']); // both did work

    const timerFirings = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "InstanceEvent" e JOIN "ProcessInstance" i ON i.id = e."instanceId" WHERE i."bpmnProcessId" = 'two-process-probe' AND e."elementId" = 'pause' AND e.type = 'completed'`,
    );
    expect(timerFirings[0].n).toBe(CASES);
    expect(await db.prisma.timer.count({ where: { status: 'fired' } })).toBe(CASES);
    const perInstance = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "UserTask" WHERE "bpmnProcessId" = 'two-process-probe' GROUP BY "instanceId" HAVING count(*) <> 1`,
    );
    expect(perInstance).toEqual([]);
    expect(await db.prisma.incident.count()).toBe(0);
  }, 180_000);
});
