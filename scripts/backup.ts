/**
 * A consistent backup of the running system: the database (one snapshot) and the documents.
 *
 *   npx tsx scripts/backup.ts --out <dir>
 *
 * - PostgreSQL server (DATABASE_URL set): dumps directly in one REPEATABLE READ transaction,
 *   while the system runs; documents from DOCUMENTS_DIR or DATA_DIR/documents.
 * - Embedded PGlite (default): the running server owns DATA_DIR, so it makes the backup itself
 *   (`POST /api/admin/backup` at BACKUP_URL, default http://127.0.0.1:$PORT, as the process
 *   admin BACKUP_USERNAME with BACKUP_PASSWORD) into DATA_DIR/backups, and this script copies it
 *   to --out. With `--offline` it opens DATA_DIR itself: only while the system is stopped.
 *
 * Exit 0: backup complete; 1: failed; 3: written, but documents were missing from the store.
 */
import { cp } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../api/db/client';
import { createBackup, readManifest, type BackupManifest } from '../api/backup';

let args;
try {
  args = parseArgs({ options: { out: { type: 'string' }, offline: { type: 'boolean', default: false } } }).values;
} catch (err) {
  console.error((err as Error).message);
}
if (!args?.out) {
  console.error('usage: backup --out <dir> [--offline]');
  process.exit(2);
}
const out = resolve(args.out);
const dataDir = resolve(process.env.DATA_DIR ?? './data');
const databaseUrl = process.env.DATABASE_URL || undefined;
const documentsDir = resolve(process.env.DOCUMENTS_DIR ?? join(dataDir, 'documents'));

async function direct(): Promise<BackupManifest> {
  const db = await openDatabase({ databaseUrl, dataDir });
  try {
    return await createBackup(db, documentsDir, out);
  } finally {
    await db.close();
  }
}

/** Through the running server: it writes the backup, we copy it where asked. */
async function throughServer(): Promise<BackupManifest> {
  const base = process.env.BACKUP_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const username = process.env.BACKUP_USERNAME;
  const password = process.env.BACKUP_PASSWORD;
  if (!username || !password) throw new Error('请设置 BACKUP_USERNAME 和 BACKUP_PASSWORD（流程管理员账号），或停止系统后使用 --offline');
  const json = { 'content-type': 'application/json' };
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ username, password }) }).catch((err) => {
    throw new Error(`无法连接运行中的系统 ${base}（${(err as Error).cause ?? err}）；系统已停止时请使用 --offline`);
  });
  if (login.status !== 200) throw new Error(`登录失败（HTTP ${login.status}）：${await login.text()}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const res = await fetch(`${base}/api/admin/backup`, { method: 'POST', headers: { ...json, cookie }, body: '{}' });
  const body = await res.json().catch(() => ({}));
  await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { ...json, cookie }, body: '{}' }).catch(() => {});
  if (res.status === 404) throw new Error('运行中的系统没有备份接口 POST /api/admin/backup；请停止系统后使用 --offline');
  if (res.status !== 201) throw new Error(`备份失败（HTTP ${res.status}）：${body.message ?? ''}`);
  if (resolve(body.path) !== out) await cp(body.path, out, { recursive: true, errorOnExist: true, force: false });
  return readManifest(out);
}

try {
  const manifest = databaseUrl || args.offline ? await direct() : await throughServer();
  const rows = Object.values(manifest.tables).reduce((sum, t) => sum + t.rows, 0);
  console.log(`备份完成：${out}（${Object.keys(manifest.tables).length} 张表 ${rows} 行，材料 ${manifest.documents.count} 份）`);
  if (manifest.documents.missing.length) {
    console.error(`警告：${manifest.documents.missing.length} 份材料在材料库中缺失或已损坏，未能备份：${manifest.documents.missing.join(', ')}`);
    process.exit(3);
  }
} catch (err) {
  console.error(`备份失败：${(err as Error).message}`);
  process.exit(1);
}
