import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../../api/db/client';

/**
 * Where db and process tests run: in-memory PGlite by default; a PostgreSQL server when
 * TEST_DATABASE_URL is set (the server tier), with a fresh database per test file, dropped after.
 */
export async function freshDatabaseUrl(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) return null;
  const name = `bf_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function testDatabase(): Promise<Database> {
  const fresh = await freshDatabaseUrl();
  if (!fresh) return openDatabase({ dataDir: 'memory://' });
  const db = await openDatabase({ databaseUrl: fresh.url });
  return { ...db, close: async () => { await db.close(); await fresh.drop(); } };
}
