import type { Database } from './db/client';
import type { Clock } from './clock';
import type { WorkflowEngine } from './engine/port';

/** What routes and domain functions share: the database, the clock and the workflow engine. */
export interface AppContext {
  db: Database;
  clock: Clock;
  engine: WorkflowEngine;
}
