/**
 * The real server as a child process (`api/server.ts`, i.e. `npx tsx api/server.ts`) on a data
 * directory the test owns: start it, SIGKILL it, start it again on the same DATA_DIR.
 *
 * The server is run as ONE node process (`node --import tsx api/server.ts`): the `tsx` CLI
 * would put a second process in between, and SIGKILL cannot be relayed to its child.
 *
 * Time: the server uses the real clock. A restart can be made to happen "later" — after a
 * publicity period, after a job's lease ran out — with `clockOffsetMs`: a preload shifts
 * `Date` (and with it PGlite's `now()`) by that much in the child. Offsets only ever grow
 * across restarts of one data directory, as real time does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import { openDatabase, type Database } from '../../api/db/client';
import { inbox, type Client } from './system';

const ROOT = join(import.meta.dirname, '..', '..');

const SHIFT_CLOCK = `data:text/javascript,${encodeURIComponent(`
const offset = Number(process.env.BF_TEST_CLOCK_OFFSET_MS || 0);
if (offset) {
  const Real = Date;
  class Shifted extends Real {
    constructor(...args) { if (args.length === 0) super(Real.now() + offset); else super(...args); }
    static now() { return Real.now() + offset; }
  }
  globalThis.Date = Shifted;
}`)}`;

/**
 * Kill points (crash tests): the child SIGKILLs itself at a chosen moment, so that a test can
 * cut a request between its commit and its answer, which no kill from outside can aim at.
 * - BF_TEST_KILL_BEFORE_RESPONSE: a regular expression on "METHOD /url"; the process dies when
 *   the answer to a matching request is about to be written (the handler has run, its
 *   transaction has committed; the client never gets the answer).
 * - BF_TEST_KILL_IN_ENGINE_CALL: "method" or "method:firstArgument" of the embedded engine, e.g.
 *   "correlateMessage:exit-confirmed"; the process dies when that call begins.
 */
const KILL_POINTS = `data:text/javascript,${encodeURIComponent(`
import { ServerResponse } from 'node:http';
const response = process.env.BF_TEST_KILL_BEFORE_RESPONSE;
if (response) {
  const pattern = new RegExp(response);
  const end = ServerResponse.prototype.end;
  ServerResponse.prototype.end = function (...args) {
    const req = this.req;
    if (req && pattern.test(req.method + ' ' + (req.originalUrl || req.url))) process.kill(process.pid, 'SIGKILL');
    return end.apply(this, args);
  };
}
const engineCall = process.env.BF_TEST_KILL_IN_ENGINE_CALL;
if (engineCall) {
  const [method, first] = engineCall.split(':');
  const { EmbeddedEngine } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'api', 'engine', 'embedded', 'runtime.ts')).href)});
  const original = EmbeddedEngine.prototype[method];
  if (typeof original !== 'function') throw new Error('BF_TEST_KILL_IN_ENGINE_CALL: no engine method ' + method);
  EmbeddedEngine.prototype[method] = function (...args) {
    if (!first || args[0] === first) process.kill(process.pid, 'SIGKILL');
    return original.apply(this, args);
  };
}`)}`;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ServerOptions {
  /** DATA_DIR: the embedded database (unless `databaseUrl`) and the document store */
  dataDir: string;
  /** a PostgreSQL database instead of PGlite (the server tier) */
  databaseUrl?: string;
  port: number;
  /** how far the child's clock runs ahead of the real one */
  clockOffsetMs?: number;
  env?: Record<string, string>;
  /** the entry module, relative to the repository root (default api/server.ts) */
  entry?: string;
  /** inline module source run instead of a file (for compositions a test needs) */
  source?: string;
  startTimeoutMs?: number;
}

export interface ServerProcess {
  url: string;
  pid: number;
  opts: ServerOptions;
  /** everything the process printed so far */
  output(): string;
  /** SIGKILL: no shutdown hook runs, as in a power cut of the process */
  kill9(): Promise<void>;
  /** SIGTERM: the server's own orderly stop */
  stop(): Promise<void>;
}

export async function startServer(opts: ServerOptions): Promise<ServerProcess> {
  const args = ['--import', 'tsx', '--import', SHIFT_CLOCK, '--import', KILL_POINTS, ...(opts.source ? ['--input-type=module', '--eval', opts.source] : [opts.entry ?? 'api/server.ts'])];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(opts.port),
      DATA_DIR: opts.dataDir,
      DATABASE_URL: opts.databaseUrl ?? '',
      WORKFLOW_ENGINE: 'embedded',
      BF_TEST_CLOCK_OFFSET_MS: String(opts.clockOffsetMs ?? 0),
      BF_TEST_KILL_BEFORE_RESPONSE: '',
      BF_TEST_KILL_IN_ENGINE_CALL: '',
      ...opts.env,
    },
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${opts.port}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${opts.startTimeoutMs ?? 120_000} ms:\n${out}`)), opts.startTimeoutMs ?? 120_000);
    const onData = () => {
      if (/listening on/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (code ${code}, signal ${signal}) before listening:\n${out}`));
    });
  });
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // the process group we started: the server and anything it spawned
    try {
      process.kill(-child.pid!, sig);
    } catch {
      child.kill(sig);
    }
    await exited;
  };
  return { url, pid: child.pid!, opts, output: () => out, kill9: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}

/** Starts the server again on the same data directory and port, with a clock at least as late. */
export function restartServer(prev: ServerProcess, opts: Partial<ServerOptions> = {}): Promise<ServerProcess> {
  const clockOffsetMs = opts.clockOffsetMs ?? prev.opts.clockOffsetMs ?? 0;
  if (clockOffsetMs < (prev.opts.clockOffsetMs ?? 0)) throw new Error('a restart cannot go back in time');
  return startServer({ ...prev.opts, ...opts, clockOffsetMs });
}

/**
 * Opens the database of a server: its PostgreSQL database, or its PGlite data directory — then
 * only while the server is NOT running (after a kill, before the restart): one process owns a
 * data directory at a time.
 */
export async function withDatabase<T>(where: { dataDir: string; databaseUrl?: string }, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(where);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Polls until `probe` returns a truthy value (or the time is up, then the last value). */
export async function eventually<T>(probe: () => Promise<T>, timeoutMs = 60_000, intervalMs = 250): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * The one open task of the case `businessKey` at `elementId` in the official's inbox, once the
 * engine of a server process got there (`output` is shown when it never does).
 */
export async function theOnlyTask(c: Client, businessKey: string, elementId: string, output: () => string) {
  const tasks = await eventually(async () => {
    const found = (await inbox(c)).body.filter((t: any) => t.businessKey === businessKey && t.elementId === elementId);
    return found.length ? found : null;
  });
  expect(tasks, `${c.username} should get ${elementId}:\n${output().slice(-3000)}`).toBeTruthy();
  expect(tasks!.map((t: any) => t.elementId)).toEqual([elementId]);
  return tasks![0];
}

/** Completes a task through the API and insists on success. */
export async function completeOk(c: Client, task: { id: string }, variables: Record<string, unknown>) {
  const res = await c.post(`/api/tasks/${task.id}/complete`, { variables });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}
