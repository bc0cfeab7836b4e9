/**
 * The browser tests need the built admin UI (the API serves `admin-ui/dist`). `npm test` builds it
 * in scripts/setup.sh; a browser test run on its own builds it here when the build is missing or
 * older than the sources it bundles (the UI imports zod schemas and pure rules from api/ and
 * workers/). Test files run in parallel: a lock directory keeps two builds from emptying `dist`
 * under each other.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const DIST_INDEX = join(ROOT, 'admin-ui', 'dist', 'index.html');
const SOURCES = ['admin-ui/src', 'admin-ui/index.html', 'admin-ui/vite.config.ts', 'api', 'workers'].map((p) => join(ROOT, p));
const LOCK = join(tmpdir(), `bf-admin-ui-build-${Buffer.from(ROOT).toString('hex').slice(-32)}.lock`);

function newestMtime(path: string): number {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), info.mtimeMs);
}

const isFresh = () => {
  const built = statSync(DIST_INDEX, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return built > 0 && SOURCES.every((p) => newestMtime(p) <= built);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds `admin-ui/dist` unless it is up to date; waits for a build another test file started. */
export async function ensureAdminUiBuilt(): Promise<void> {
  for (let waited = 0; !isFresh(); waited += 250) {
    try {
      mkdirSync(LOCK);
    } catch {
      // Another file builds; a lock older than two minutes belongs to a crashed run.
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) rmSync(LOCK, { recursive: true, force: true });
      if (waited > 180_000) throw new Error('timed out waiting for the admin UI build');
      await sleep(250);
      continue;
    }
    try {
      if (!isFresh()) {
        execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', 'admin-ui/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
      }
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
