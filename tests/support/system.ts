import { startSystem, type System, type SystemOptions } from '../../api/system';
import { ManualClock } from '../../api/clock';
import { DEMO_PASSWORD } from '../../prisma/seed';
import { freshDatabaseUrl } from './db';

/** The whole system on a random port with an in-memory database and a clock the test drives. */
export async function testSystem(opts: Partial<SystemOptions> = {}): Promise<System & { clock: ManualClock }> {
  const clock = (opts.clock as ManualClock) ?? new ManualClock('2026-03-02T01:00:00Z');
  // The server tier: a fresh database on TEST_DATABASE_URL, unless the test brings its own data dir.
  const fresh = opts.dataDir ? null : await freshDatabaseUrl();
  const system = await startSystem({ dataDir: 'memory://', databaseUrl: fresh?.url, port: 0, background: false, log: () => {}, ...opts, clock });
  const stop = system.stop;
  return Object.assign(system, {
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
}

/** Logs in as a demo user and returns a client that carries the session cookie. */
export async function login(base: string, username: string, password = DEMO_PASSWORD): Promise<Client> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { cookie, ...(method !== 'GET' && { 'content-type': 'application/json' }) },
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null, headers: r.headers };
  };
  return {
    username,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
  };
}

export const inbox = (c: Client, view = 'all') => c.get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ view }))}&range=[0,99]`);
