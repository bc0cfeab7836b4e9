/**
 * `npm run keys:rotate`: re-encrypts every stored ID and bank-card number with the current key
 * (issue 7). Database as for `npm start`: DATABASE_URL or DATA_DIR (embedded: stop the system
 * first, the data directory belongs to one process).
 *
 *  - Keys in the environment: put the NEW key first in PII_KEYS and keep the old one after it
 *    (`PII_KEYS=k2:<new>,k1:<old>`), restart the system on it, run this; when it reports no row
 *    left on an old key, drop the old key from PII_KEYS.
 *  - Embedded key file (DATA_DIR/pii-keys.json): this adds a new key, makes it current (the old
 *    ones stay in the file to read backups taken before), then re-encrypts.
 *
 * The lookup-hash key (PII_HASH_KEY) is not rotated: every hash would change with it.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase } from '../api/db/client';
import { KEY_FILE, keysFromEnv, readKeyFile, withNewKey, writeKeyFile } from '../api/pii/keys';
import { reencryptToCurrentKey } from '../api/pii/rewrite';

const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = resolve(process.env.DATA_DIR ?? './data');
let keys = keysFromEnv();
if (!keys) {
  const path = join(dataDir, KEY_FILE);
  if (databaseUrl || !existsSync(path)) {
    console.error(`no keys to rotate: set PII_KEYS and PII_HASH_KEY${databaseUrl ? '' : `, or start the system once so that it creates ${path}`}`);
    process.exit(2);
  }
  keys = withNewKey(readKeyFile(path));
  writeKeyFile(path, keys);
  console.log(`new current key ${keys.current} written to ${path} (old keys kept for reading)`);
}
const db = await openDatabase({ databaseUrl, dataDir, piiKeys: keys });
try {
  const counts = await reencryptToCurrentKey(db.sql, keys);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`re-encrypted ${total} rows with key ${keys.current}: ${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ')}`);
} finally {
  await db.close();
}
