/**
 * Consistent backup and restore of the whole system (issue 7): the database as a logical dump,
 * every table's rows as JSON lines read in ONE repeatable-read transaction (one snapshot, taken
 * while the system runs), plus the evidence documents those rows refer to.
 *
 * Layout of a backup directory:
 *   manifest.json               format, time, migrations, per table its row count and sha256
 *   tables/<Table>.jsonl        `row_to_json` of every row, as PostgreSQL printed it (bigints and
 *                               timestamps exact: the text is never parsed into JS numbers)
 *   documents/<ab>/<sha256>     the blobs of the Document rows of the snapshot
 *
 * The document store is content-addressed and append-only (a blob is removed only when no row
 * refers to it), so copying the blobs the snapshot's rows name after the snapshot is consistent.
 * A backup is written to `<out>.partial` and renamed when complete: a directory without that
 * suffix is a whole backup.
 *
 * On PGlite the data directory belongs to the running process, so a backup of a running system
 * goes through that process (`POST /api/admin/backup`, `backupRoutes` below); its transaction
 * holds PGlite's one connection, so other requests wait for the seconds it takes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Router } from 'express';
import type { Database } from './db/client';
import type { SqlRunner } from './db/migrations';
import type { AppContext } from './context';
import { hasRole, requireUser } from './auth/session';
import { AppError } from './errors';
import { audit } from './audit';
import { documentPath } from './documents/documents';

export const BACKUP_FORMAT = 'kunnan-bangfu-backup/1';
const FETCH = 1000;
const INSERT_BATCH = 500;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  source: Database['kind'];
  /** the migrations the database had: a backup restores only into the same schema */
  migrations: string[];
  tables: Record<string, { rows: number; sha256: string }>;
  documents: { count: number; bytes: number; missing: string[] };
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Login sessions are not backed up: a restored system starts with everyone logged out, and a
 * stolen backup holds no live session.
 */
const NOT_BACKED_UP = ['_prisma_migrations', 'Session'];

async function userTables(sql: SqlRunner): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((r) => r.name).filter((name) => !NOT_BACKED_UP.includes(name));
}

async function appliedMigrations(sql: SqlRunner): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(
    `SELECT migration_name AS name FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL ORDER BY migration_name`,
  );
  return rows.map((r) => r.name);
}

/** Writes lines to a file, honouring back-pressure, and hashes what it wrote. */
function lineWriter(path: string) {
  const out = createWriteStream(path, { flags: 'wx' });
  const hash = createHash('sha256');
  let rows = 0;
  return {
    async write(line: string) {
      const chunk = `${line}\n`;
      hash.update(chunk);
      rows++;
      if (!out.write(chunk)) await once(out, 'drain');
    },
    async close() {
      out.end();
      await once(out, 'finish');
      return { rows, sha256: hash.digest('hex') };
    },
  };
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Backs up the database and the documents it refers to into `outDir` (which must not exist).
 * Safe while the system runs: one snapshot for every table.
 */
export async function createBackup(db: Database, documentsDir: string, outDir: string): Promise<BackupManifest> {
  if (existsSync(outDir)) throw new Error(`备份目录已存在：${outDir}`);
  const partial = `${outDir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(join(partial, 'tables'), { recursive: true });
  try {
    const tables: BackupManifest['tables'] = {};
    let migrations: string[] = [];
    let blobs: string[] = [];
    const createdAt = new Date().toISOString();
    await db.sql.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      migrations = await appliedMigrations(tx);
      for (const table of await userTables(tx)) {
        const file = lineWriter(join(partial, 'tables', `${table}.jsonl`));
        const cursor = `backup_${table.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
        await tx.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS line FROM ${quote(table)} t`);
        for (;;) {
          const rows = await tx.query<{ line: string }>(`FETCH FORWARD ${FETCH} FROM ${cursor}`);
          for (const r of rows) await file.write(r.line);
          if (rows.length < FETCH) break;
        }
        await tx.query(`CLOSE ${cursor}`);
        tables[table] = await file.close();
      }
      if (tables.Document) blobs = (await tx.query<{ sha256: string }>('SELECT DISTINCT sha256 FROM "Document"')).map((r) => r.sha256);
    });

    const documents: BackupManifest['documents'] = { count: 0, bytes: 0, missing: [] };
    for (const sha of blobs.sort()) {
      const from = documentPath(documentsDir, sha);
      const info = await stat(from).catch(() => null);
      // A blob lost (or damaged) before the backup is reported, not copied as if it were whole.
      if (!info?.isFile() || (await sha256File(from)) !== sha) {
        documents.missing.push(sha);
        continue;
      }
      const to = documentPath(join(partial, 'documents'), sha);
      await mkdir(join(to, '..'), { recursive: true });
      await copyFile(from, to);
      documents.count++;
      documents.bytes += info.size;
    }

    const manifest: BackupManifest = { format: BACKUP_FORMAT, createdAt, source: db.kind, migrations, tables, documents };
    await writeFile(join(partial, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(partial, outDir);
    return manifest;
  } catch (err) {
    await rm(partial, { recursive: true, force: true });
    throw err;
  }
}

export async function readManifest(fromDir: string): Promise<BackupManifest> {
  const raw = await readFile(join(fromDir, 'manifest.json'), 'utf8').catch(() => null);
  if (raw === null) throw new Error(`${fromDir} 不是完整的备份（没有 manifest.json）`);
  const manifest = JSON.parse(raw) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT) throw new Error(`不支持的备份格式：${manifest.format}`);
  return manifest;
}

interface ForeignKey {
  child: string;
  parent: string;
  cols: string[];
  refcols: string[];
}

async function foreignKeys(sql: SqlRunner): Promise<ForeignKey[]> {
  return sql.query<ForeignKey>(`
    SELECT (SELECT relname FROM pg_class WHERE oid = c.conrelid)::text AS child,
           (SELECT relname FROM pg_class WHERE oid = c.confrelid)::text AS parent,
           (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum)::text[] AS cols,
           (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum)::text[] AS refcols
    FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`);
}

/** Parents before children; a table referring to itself is ordered row by row (see `selfOrdered`). */
function insertOrder(tables: string[], fks: ForeignKey[]): string[] {
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (done.has(t)) return;
    if (path.has(t)) throw new Error(`外键循环：${[...path, t].join(' → ')}`);
    path.add(t);
    for (const fk of fks) if (fk.child === t && fk.parent !== t && tables.includes(fk.parent)) visit(fk.parent, path);
    path.delete(t);
    done.add(t);
    order.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return order;
}

/** Rows of a self-referencing table (the org tree) with every parent before its children. */
function selfOrdered(lines: string[], fk: ForeignKey): string[] {
  const rows = lines.map((line) => ({ line, row: JSON.parse(line) as Record<string, unknown> }));
  const key = (r: Record<string, unknown>, cols: string[]) => (cols.some((c) => r[c] == null) ? null : JSON.stringify(cols.map((c) => r[c])));
  const placed = new Set<string>();
  const out: string[] = [];
  let pending = rows;
  while (pending.length) {
    const next = pending.filter(({ line, row }) => {
      const parent = key(row, fk.cols);
      if (parent !== null && !placed.has(parent)) return true;
      out.push(line);
      const own = key(row, fk.refcols);
      if (own !== null) placed.add(own);
      return false;
    });
    if (next.length === pending.length) throw new Error(`表 ${fk.child} 的记录引用了不存在的上级记录`);
    pending = next;
  }
  return out;
}

async function* fileLines(path: string): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) if (line) yield line;
}

export interface RestoreSummary {
  tables: Record<string, number>;
  documents: number;
}

/**
 * Restores a backup into an EMPTY database of the same schema (a fresh DATA_DIR, or a new
 * PostgreSQL database, both migrated by `openDatabase`), and its documents into `documentsDir`.
 * Everything is checked against the manifest's hashes before a row is written; the rows go in
 * one transaction, so a failed restore leaves the database empty and can simply be run again.
 */
export async function restoreBackup(db: Database, fromDir: string, documentsDir: string): Promise<RestoreSummary> {
  const manifest = await readManifest(fromDir);
  const migrations = await appliedMigrations(db.sql);
  if (JSON.stringify(migrations) !== JSON.stringify(manifest.migrations)) {
    throw new Error(`数据库结构与备份不一致：恢复须使用与备份时相同版本的系统（备份 ${manifest.migrations.at(-1)}，当前 ${migrations.at(-1)}）`);
  }
  const tables = await userTables(db.sql);
  const unknown = Object.keys(manifest.tables).filter((t) => !tables.includes(t));
  if (unknown.length) throw new Error(`备份中有当前数据库没有的表：${unknown.join('、')}`);
  for (const table of tables) {
    const [{ n }] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quote(table)}`);
    if (n > 0) throw new Error(`目标数据库不是空的（表 ${table} 有 ${n} 行）：只能恢复到新的 DATA_DIR 或新建的数据库`);
  }
  for (const [table, { sha256 }] of Object.entries(manifest.tables)) {
    if ((await sha256File(join(fromDir, 'tables', `${table}.jsonl`))) !== sha256) throw new Error(`备份文件 tables/${table}.jsonl 已损坏（校验和不符）`);
  }

  // Documents first: content-addressed copies are harmless to repeat, rows are not.
  let documents = 0;
  const docRoot = join(fromDir, 'documents');
  for (const prefix of existsSync(docRoot) ? await readdir(docRoot) : []) {
    for (const sha of await readdir(join(docRoot, prefix))) {
      const from = join(docRoot, prefix, sha);
      if ((await sha256File(from)) !== sha) throw new Error(`备份中的材料 ${sha} 已损坏（校验和不符）`);
      const to = documentPath(documentsDir, sha);
      await mkdir(join(to, '..'), { recursive: true });
      const tmp = `${to}.${randomBytes(6).toString('hex')}.tmp`;
      await copyFile(from, tmp);
      await rename(tmp, to);
      documents++;
    }
  }

  const fks = await foreignKeys(db.sql);
  const counts: Record<string, number> = {};
  await db.sql.transaction(async (tx) => {
    for (const table of insertOrder(Object.keys(manifest.tables), fks)) {
      const path = join(fromDir, 'tables', `${table}.jsonl`);
      const self = fks.find((fk) => fk.child === table && fk.parent === table);
      let batch: string[] = [];
      let n = 0;
      const flush = async () => {
        if (!batch.length) return;
        await tx.query(`INSERT INTO ${quote(table)} SELECT * FROM json_populate_recordset(NULL::${quote(table)}, $1::json)`, [`[${batch.join(',')}]`]);
        n += batch.length;
        batch = [];
      };
      let source: AsyncIterable<string> | string[] = fileLines(path);
      if (self) {
        const all: string[] = [];
        for await (const line of fileLines(path)) all.push(line);
        source = selfOrdered(all, self);
      }
      for await (const line of source) {
        batch.push(line);
        if (batch.length >= INSERT_BATCH) await flush();
      }
      await flush();
      if (n !== manifest.tables[table].rows) throw new Error(`表 ${table}：恢复了 ${n} 行，备份记载 ${manifest.tables[table].rows} 行`);
      counts[table] = n;
    }
    // Serial columns continue after the restored rows.
    const serials = await tx.query<{ tbl: string; col: string; seq: string }>(
      `SELECT table_name::text AS tbl, column_name::text AS col, pg_get_serial_sequence(format('%I', table_name), column_name) AS seq
       FROM information_schema.columns WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'`,
    );
    for (const s of serials) {
      if (s.seq) await tx.query(`SELECT setval($1, COALESCE((SELECT max(${quote(s.col)}) FROM ${quote(s.tbl)}), 0) + 1, false)`, [s.seq]);
    }
  });

  return { tables: counts, documents };
}

export interface BackupRouteOptions {
  documentsDir: string;
  /** where the server writes backups, e.g. `${DATA_DIR}/backups`; never taken from a request */
  backupDir: string;
}

/**
 * `POST /api/admin/backup` (mount under `/api/admin`): a process admin has the running system
 * write a backup into its own backup directory. The response names it; the data never travels
 * over HTTP, and the caller chooses no path.
 */
export function backupRoutes(ctx: AppContext, opts: BackupRouteOptions): Router {
  const r = Router();
  r.post('/backup', async (req, res) => {
    const user = requireUser(req);
    if (!hasRole(user, 'process_admin')) throw new AppError('FORBIDDEN', '只有流程管理员可以备份系统');
    const now = ctx.clock.now();
    const name = `backup-${now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(3).toString('hex')}`;
    await mkdir(opts.backupDir, { recursive: true });
    const path = join(opts.backupDir, name);
    const manifest = await createBackup(ctx.db, opts.documentsDir, path);
    const rows = Object.values(manifest.tables).reduce((sum, t) => sum + t.rows, 0);
    await ctx.db.prisma.$transaction((tx) =>
      audit(tx, user, { action: 'backup', entity: 'system', entityId: name, after: { rows, documents: manifest.documents.count, missingDocuments: manifest.documents.missing.length } }, now),
    );
    res.status(201).json({ name, path, createdAt: manifest.createdAt, rows, documents: manifest.documents });
  });
  return r;
}
