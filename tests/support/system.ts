import { startSystem, type System, type SystemOptions } from '../../api/system';
import type { EmbeddedEngine } from '../../api/engine/embedded/runtime';
import type { WorkerContext } from '../../workers/context';

/** A test system runs the embedded runtime, whose loops the test drives by hand. */
export type TestSystem = Omit<System, 'engine'> & { engine: EmbeddedEngine<WorkerContext>; clock: ManualClock };
import { ManualClock } from '../../api/clock';
import { DEMO_PASSWORD } from '../../prisma/seed';
import { freshDatabaseUrl } from './db';

/** The whole system on a random port with an in-memory database and a clock the test drives. */
export async function testSystem(opts: Partial<SystemOptions> = {}): Promise<TestSystem> {
  const clock = (opts.clock as ManualClock) ?? new ManualClock('2026-03-02T01:00:00Z');
  // The server tier: a fresh database on TEST_DATABASE_URL, unless the test brings its own data dir.
  const fresh = opts.dataDir ? null : await freshDatabaseUrl();
  const system = await startSystem({ dataDir: 'memory://', databaseUrl: fresh?.url, port: 0, background: false, log: () => {}, ...opts, clock });
  const stop = system.stop;
  if (!system.embedded) throw new Error('test systems run the embedded engine');
  return Object.assign(system, {
    engine: system.embedded,
    clock,
    stop: async () => {
      await stop();
      await fresh?.drop();
    },
  });
}

export interface Client {
  username: string;
  get(path: string): Promise<{ status: number; body: any; headers: Headers }>;
  post(path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
  put(path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
  /** a raw upload: the body is the file itself */
  upload(path: string, body: Uint8Array, contentType: string): Promise<{ status: number; body: any; headers: Headers }>;
}

/**
 * Logs in as a demo user and returns a client that carries the session cookie. Tests move the
 * clock by days, which ends idle sessions (30 minutes): the client then logs in again, as the
 * official would, and repeats the request once.
 */
export async function login(base: string, username: string, password = DEMO_PASSWORD): Promise<Client> {
  const signIn = async () => {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    return res.headers.get('set-cookie')!.split(';')[0];
  };
  let cookie = await signIn();
  const send = (method: string, path: string, body?: unknown, contentType?: string) =>
    fetch(`${base}${path}`, {
      method,
      headers: { cookie, ...(method !== 'GET' && { 'content-type': contentType ?? 'application/json' }) },
      body: method === 'GET' ? undefined : contentType ? Buffer.from(body as Uint8Array) : JSON.stringify(body ?? {}),
    });
  const call = async (method: string, path: string, body?: unknown, contentType?: string) => {
    let r = await send(method, path, body, contentType);
    if (r.status === 401) {
      cookie = await signIn();
      r = await send(method, path, body, contentType);
    }
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null, headers: r.headers };
  };
  return {
    username,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
    upload: (path, body, contentType) => call('POST', path, body, contentType),
  };
}

export const inbox = (c: Client, view = 'all') => c.get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ view }))}&range=[0,99]`);
