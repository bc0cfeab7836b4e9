import { openDatabase, type Database } from '../../api/db/client';

/** A fresh, migrated database per test file: in-memory PGlite (or TEST_DATABASE_URL's server). */
export async function testDatabase(): Promise<Database> {
  return openDatabase({ dataDir: 'memory://' });
}
