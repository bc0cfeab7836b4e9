import type { Database } from '../api/db/client';
import type { Clock } from '../api/clock';

/** What every job handler receives besides the job: the database and the clock. */
export interface WorkerContext {
  db: Database;
  clock: Clock;
}
