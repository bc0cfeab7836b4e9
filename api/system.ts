import type { Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from './db/client';
import { systemClock, type Clock } from './clock';
import { EmbeddedEngine } from './engine/embedded/runtime';
import { CamundaEngine, orgDescendantsFrom } from './engine/camunda/adapter';
import type { WorkflowEngine } from './engine/port';
import { HANDLERS } from '../workers';
import type { WorkerContext } from '../workers/context';
import { seedDemo } from '../prisma/seed';
import { seedYear } from '../prisma/seed-year';
import { deployAll } from './workflows/deploy';
import { createApp } from './app';
import type { AppContext } from './context';

export interface SystemOptions {
  dataDir?: string;
  databaseUrl?: string;
  clock?: Clock;
  seed?: boolean;
  port?: number;
  /** evidence store; defaults to DATA_DIR/documents (a temp dir for an in-memory database) */
  documentsDir?: string;
  /** `embedded` (default) or `camunda`; defaults to WORKFLOW_ENGINE */
  workflowEngine?: string;
  /** `@camunda8/sdk` configuration; unset keys come from the SDK's environment variables */
  camundaSdk?: Record<string, string>;
  /** run the job and timer loops (tests drive them by hand with `engine.drain()`) */
  background?: boolean;
  log?: (msg: string, extra?: unknown) => void;
}

/**
 * The engine behind the port: the embedded runtime by default, Camunda 8 with
 * `WORKFLOW_ENGINE=camunda` (and the SDK's own environment variables, api/engine/camunda/README.md).
 */
function selectEngine(kind: string | undefined, db: Database, clock: Clock, log?: SystemOptions['log'], sdk?: Record<string, string>): WorkflowEngine {
  const context: WorkerContext = { db, clock };
  let engine: WorkflowEngine;
  if (kind === 'camunda') engine = new CamundaEngine<WorkerContext>({ handlers: HANDLERS, context, orgDescendants: orgDescendantsFrom(db.prisma), clock, ...(sdk && { sdk: sdk as any }) });
  else if (!kind || kind === 'embedded') engine = new EmbeddedEngine<WorkerContext>({ db, clock, handlers: HANDLERS, context, log });
  else throw new Error(`WORKFLOW_ENGINE=${kind}: use embedded (default) or camunda`);
  context.engine = engine;
  return engine;
}

export interface System {
  db: Database;
  engine: WorkflowEngine;
  /** the embedded runtime when it is the engine (tests drive its loops by hand) */
  embedded: EmbeddedEngine<WorkerContext> | null;
  ctx: AppContext;
  app: ReturnType<typeof createApp>;
  server: Server | null;
  url: string | null;
  stop(): Promise<void>;
}

/**
 * The whole system in one process on the embedded default: database (created and migrated),
 * demo data, the engine with its workers, the API and the built admin UI on one port.
 */
export async function startSystem(opts: SystemOptions = {}): Promise<System> {
  const clock = opts.clock ?? systemClock;
  const db = await openDatabase({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  if (opts.seed !== false) {
    await seedDemo(db.prisma);
    await seedYear(db.prisma);
  }
  const engine = selectEngine(opts.workflowEngine ?? process.env.WORKFLOW_ENGINE, db, clock, opts.log, opts.camundaSdk);
  await deployAll(engine);
  const ctx: AppContext = { db, clock, engine };
  const documentsDir = opts.documentsDir ?? (opts.dataDir && !opts.dataDir.startsWith('memory://') ? join(opts.dataDir, 'documents') : mkdtempSync(join(tmpdir(), 'bf-documents-')));
  const onDisk = !!opts.dataDir && !opts.dataDir.startsWith('memory://');
  const backupDir = onDisk ? join(opts.dataDir!, 'backups') : mkdtempSync(join(tmpdir(), 'bf-backups-'));
  const app = createApp(ctx, { documentsDir, backupDir });
  if (opts.background !== false) await engine.start();
  let server: Server | null = null;
  let url: string | null = null;
  if (opts.port !== undefined) {
    const port = opts.port;
    server = await new Promise<Server>((resolve) => {
      const s: Server = app.listen(port, '0.0.0.0', () => resolve(s));
    });
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : opts.port}`;
  }
  return {
    db,
    engine,
    embedded: engine instanceof EmbeddedEngine ? engine : null,
    ctx,
    app,
    server,
    url,
    async stop() {
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      server?.closeAllConnections?.();
      await engine.stop();
      await db.close();
    },
  };
}
