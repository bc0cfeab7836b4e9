import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../../prisma/generated/client';
import { applyMigrations, type SqlRunner } from './migrations';
import { resolveKeys, type PiiKeys } from '../pii/keys';
import { withPiiEncryption } from '../pii/extension';
import { checkKeysReadStoredData, encryptExistingRows } from '../pii/rewrite';

export type Db = PrismaClient;
/** The transaction client handed to `db.$transaction(async tx => ...)`. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface Database {
  /** the client with ID and card numbers encrypted at rest, transparently (api/pii/extension.ts) */
  prisma: PrismaClient;
  /** the keys of personal data (api/pii/keys.ts) */
  piiKeys: PiiKeys;
  kind: 'pglite' | 'postgres';
  /** raw SQL for migrations and the runtime's hot paths */
  sql: SqlRunner;
  close(): Promise<void>;
}

export function pgliteRunner(client: PGlite): SqlRunner {
  const runner = (c: Pick<PGlite, 'exec' | 'query'>): SqlRunner => ({
    exec: async (sql) => void (await c.exec(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await c.query<T>(sql, params as any[])).rows,
    transaction: async (fn) => {
      await client.transaction(async (tx) => fn(runner(tx as any)));
    },
  });
  return runner(client);
}

function pgRunner(pool: pg.Pool): SqlRunner {
  const runner = (c: pg.Pool | pg.PoolClient): SqlRunner => ({
    exec: async (sql) => void (await c.query(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await c.query(sql, params)).rows as T[],
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await fn(runner(client));
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    },
  });
  return runner(pool);
}

export interface OpenOptions {
  /** `postgresql://...` selects a PostgreSQL server; otherwise PGlite in `dataDir`. */
  databaseUrl?: string;
  /** PGlite data directory; `memory://` for a throwaway database. */
  dataDir?: string;
  /** the keys of personal data; default: PII_KEYS, else DATA_DIR/pii-keys.json (api/pii/keys.ts) */
  piiKeys?: PiiKeys;
}

/**
 * After the migrations: rows stored in clear before encryption existed are encrypted, and the
 * keys are proven to read what is stored (a wrong key stops the start, loudly).
 */
async function preparePersonalData(sql: SqlRunner, keys: PiiKeys): Promise<void> {
  const counts = await encryptExistingRows(sql, keys);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (total) console.warn(`[pii] encrypted personal data stored in clear: ${Object.entries(counts).filter(([, n]) => n).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  await checkKeysReadStoredData(sql, keys);
}

/**
 * Opens the database of this deployment and brings it to the committed schema.
 * Embedded default: PGlite with its files under DATA_DIR/pgdata. PGlite is one connection in one
 * process: always use `tx` inside `$transaction` (TOOLCHAIN.md).
 */
export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  if (opts.databaseUrl?.startsWith('postgres')) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle connection the server closes (restart, failover) must not crash the process:
    // the pool drops it and opens a new one on the next query.
    pool.on('error', (err) => console.error('[db] idle connection lost:', err.message));
    const sql = pgRunner(pool);
    const piiKeys = opts.piiKeys ?? resolveKeys({ databaseUrl: opts.databaseUrl });
    await applyMigrations(sql);
    await preparePersonalData(sql, piiKeys);
    const base = new PrismaClient({ adapter: new PrismaPg(pool as any) as any });
    const prisma = withPiiEncryption(base, piiKeys);
    return {
      prisma,
      piiKeys,
      kind: 'postgres',
      sql,
      close: async () => {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }
  const dataDir = opts.dataDir ?? 'memory://';
  let location = dataDir;
  if (!dataDir.startsWith('memory://')) {
    location = join(dataDir, 'pgdata');
    mkdirSync(location, { recursive: true });
  }
  const client = await PGlite.create(location);
  const sql = pgliteRunner(client);
  const piiKeys = opts.piiKeys ?? resolveKeys({ dataDir });
  await applyMigrations(sql);
  await preparePersonalData(sql, piiKeys);
  const prisma = withPiiEncryption(new PrismaClient({ adapter: new PrismaPGlite(client) }), piiKeys);
  return {
    prisma,
    piiKeys,
    kind: 'pglite',
    sql,
    close: async () => {
      await prisma.$disconnect();
      await client.close();
    },
  };
}
