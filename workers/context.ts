import type { Database } from '../api/db/client';
import type { Clock } from '../api/clock';
import type { WorkflowEngine } from '../api/engine/port';

/** What every job handler receives besides the job: the database, the clock and the engine. */
export interface WorkerContext {
  db: Database;
  clock: Clock;
  /** set once the engine exists (it is built with this context), e.g. to start the next year's cycle */
  engine?: WorkflowEngine;
}
