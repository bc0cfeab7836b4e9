/**
 * Restores a backup made by scripts/backup.ts into a FRESH deployment, before the system starts:
 * an empty DATA_DIR (embedded PGlite; the documents go to DATA_DIR/documents or DOCUMENTS_DIR) or
 * an empty database at DATABASE_URL. Refuses a non-empty target and a backup of another schema
 * version; every file is checked against the backup's hashes before anything is written.
 *
 *   npx tsx scripts/restore.ts --from <dir>
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../api/db/client';
import { restoreBackup } from '../api/backup';
import { verifyAuditChain } from '../api/audit-chain';
import { decryptValue } from '../api/pii/crypto';
import { KEY_FILE } from '../api/pii/keys';

let from: string | undefined;
try {
  from = parseArgs({ options: { from: { type: 'string' } } }).values.from;
} catch (err) {
  console.error((err as Error).message);
}
if (!from) {
  console.error('usage: restore --from <dir>');
  process.exit(2);
}
const dataDir = resolve(process.env.DATA_DIR ?? './data');
const databaseUrl = process.env.DATABASE_URL || undefined;
const documentsDir = resolve(process.env.DOCUMENTS_DIR ?? join(dataDir, 'documents'));

const db = await openDatabase({ databaseUrl, dataDir });
let code = 0;
try {
  // ID and card numbers are encrypted in the backup: this deployment needs the source's keys
  // (DATA_DIR/pii-keys.json copied over, or the same PII_KEYS) — checked before anything is written.
  const sample = join(resolve(from), 'tables', 'HouseholdFile.jsonl');
  const first = existsSync(sample) ? readFileSync(sample, 'utf8').split('\n').find(Boolean) : undefined;
  if (first) {
    try {
      decryptValue(db.piiKeys, JSON.parse(first).idNumber);
    } catch (err) {
      throw new Error(`备份中的身份证号、银行卡号无法用本机密钥解密（${(err as Error).message}）：请先把原系统的 ${KEY_FILE} 复制到 DATA_DIR（或设置相同的 PII_KEYS），再恢复`);
    }
  }
  const summary = await restoreBackup(db, resolve(from), documentsDir);
  const rows = Object.values(summary.tables).reduce((a, b) => a + b, 0);
  console.log(`恢复完成：${Object.keys(summary.tables).length} 张表 ${rows} 行，材料 ${summary.documents} 份。`);
  const chain = await verifyAuditChain(db.prisma);
  console.log(chain.ok ? `审计链完整（${chain.rows} 条）。` : `警告：恢复后的审计链在第 ${chain.brokenAt.id} 条记录处断开：${chain.brokenAt.message}`);
  if (!chain.ok) code = 3;
} catch (err) {
  console.error(`恢复失败：${(err as Error).message}`);
  code = 1;
} finally {
  await db.close();
}
process.exit(code);
