/**
 * A second (and third…) process serving the same PostgreSQL database: the embedded runtime's job
 * and timer loops only, with handlers that log every run. Used by the two-process test.
 *   tsx tests/support/engine-process.ts <databaseUrl> <name>
 */
import { openDatabase } from '../../api/db/client';
import { EmbeddedEngine } from '../../api/engine/embedded/runtime';
import { systemClock } from '../../api/clock';
import type { JobHandler } from '../../workers/job';
import type { Database } from '../../api/db/client';

const [databaseUrl, name] = process.argv.slice(2);
const db: Database = await openDatabase({ databaseUrl });
const log = (job: { key: string; type: string }) => db.sql.query('INSERT INTO job_run_log (job_key, job_type, worker) VALUES ($1, $2, $3)', [job.key, job.type, name]);
const handlers: Record<string, JobHandler<object>> = {
  'two-a': async (job) => {
    await log(job);
    return job.complete({ wakeAt: new Date(Date.now() + 1500).toISOString() });
  },
  'two-b': async (job) => {
    await log(job);
    return job.complete({ b: name });
  },
};
const engine = new EmbeddedEngine({ db, clock: systemClock, handlers, context: {}, workerId: name, pollIntervalMs: 50, log: () => {} });
await engine.start();
console.log(`${name} ready`);
process.on('SIGTERM', async () => {
  await engine.stop();
  await db.close();
  process.exit(0);
});
