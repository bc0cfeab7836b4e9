/**
 * Purges audit rows older than a cut-off while keeping the chain verifiable (issue 7: retention
 * of at least six months). Refuses a cut-off less than six months ago, and refuses to purge a
 * broken chain. Database as for `npm start` (DATABASE_URL, or DATA_DIR with the system stopped).
 *
 *   npx tsx scripts/audit-purge.ts --before YYYY-MM-DD
 *
 * Deletes the rows before the first row written on or after that day (00:00 Asia/Shanghai) and
 * appends a `purge` row recording how many went and the anchor the chain now starts from.
 */
import { hostname, userInfo } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../api/db/client';
import { purgeAuditLog, PurgeRefused } from '../api/audit-chain';

let before: string | undefined;
try {
  before = parseArgs({ options: { before: { type: 'string' } } }).values.before;
} catch (err) {
  console.error((err as Error).message);
}
if (!before) {
  console.error('usage: audit-purge --before YYYY-MM-DD');
  process.exit(2);
}

const databaseUrl = process.env.DATABASE_URL || undefined;
const db = await openDatabase({ databaseUrl, dataDir: resolve(process.env.DATA_DIR ?? './data') });
let code = 0;
try {
  const result = await purgeAuditLog(db.prisma, { before, now: new Date(), operator: `${userInfo().username}@${hostname()}` });
  if (!result.deleted) console.log(`没有 ${before} 之前的审计记录，无需清理。`);
  else console.log(`已清理 ${before} 之前的 ${result.deleted} 条审计记录；清理记录为第 ${result.purgeRowId} 条，审计链自第 ${result.anchor?.id} 条起继续校验。`);
} catch (err) {
  console.error(err instanceof PurgeRefused ? `拒绝清理：${err.message}` : `清理失败：${(err as Error).message}`);
  code = err instanceof PurgeRefused ? 1 : 2;
} finally {
  await db.close();
}
process.exit(code);
