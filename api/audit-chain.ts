/**
 * The audit trail as a hash chain (issue 7, MLPS 2.0 level 3 "审计记录保护"): every row carries
 * `prevHash`, the `hash` of the row before it in id order, and `hash = sha256(canonical JSON of
 * its content and prevHash)`. Changing a row breaks its own hash; deleting or reordering rows
 * breaks the link of the row after them. `verifyAuditChain` walks the chain; `purgeAuditLog`
 * removes the oldest rows (retention ≥ 6 months) and records where the chain now starts.
 *
 * What the chain cannot show on its own: rows cut off at the end (nothing follows them), and a
 * writer with database access who rewrites the whole chain. Both are caught by comparing the
 * head (`id:hash`, printed by `scripts/audit-verify.ts`) with one recorded outside the database
 * (docs/security.md).
 */
import { createHash } from 'node:crypto';
import type { PrismaClient } from '../prisma/generated/client';
import { Router } from 'express';
import type { Tx } from './db/client';
import type { AppContext } from './context';
import { requireUser } from './auth/session';
import { AppError } from './errors';
import { shanghaiDate } from './time';

/** `pg_advisory_xact_lock` key of the chain: appends queue behind each other until commit. */
export const CHAIN_LOCK = 7263002;
const PAGE = 1000;
/** Issue 7 (and the 网络安全法 art. 21 log retention): audit rows are kept at least six months. */
export const MIN_RETENTION_MONTHS = 6;

/** The content of a row as it is hashed; `id` and `at` make position and time part of it. */
export interface AuditContent {
  id: bigint;
  at: Date;
  userId: string | null;
  orgId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  outcome: string;
}

type ChainRow = AuditContent & { prevHash: string | null; hash: string | null };

/**
 * A JSON value as PostgreSQL `jsonb` stores it and gives it back: dates as ISO strings, no
 * `undefined`, bigints as strings, and every string well-formed without U+0000 (which `jsonb`
 * refuses). Hashing this, and storing exactly this, makes the hash reproducible from the row.
 */
export function storableJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  const text = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  if (text === undefined) return null;
  return clean(JSON.parse(text));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const cleanString = (s: string) => s.replace(LONE_SURROGATE, '\uFFFD').replace(/\u0000/g, '\uFFFD');

function clean(v: unknown): unknown {
  if (typeof v === 'string') return cleanString(v);
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [cleanString(k), clean(x)]));
  return v;
}

/** JSON with object keys sorted at every depth: `jsonb` does not keep key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function rowHash(row: AuditContent, prevHash: string | null): string {
  const content = {
    v: 1,
    id: row.id.toString(),
    at: row.at.toISOString(),
    userId: row.userId,
    orgId: row.orgId,
    action: row.action,
    entity: row.entity,
    entityId: row.entityId,
    before: row.before ?? null,
    after: row.after ?? null,
    outcome: row.outcome,
    prevHash,
  };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/**
 * Appends one row at the end of the chain, inside the caller's transaction. The advisory lock
 * is held until that transaction ends, so concurrent appends (several API processes on one
 * PostgreSQL server, or interleaved transactions) take their turn and each reads the hash its
 * predecessor committed. Write the audit row last in a transaction: the lock then waits only
 * for the commit, and no lock is taken after it (no deadlocks with row locks).
 *
 * `build` receives the row's id so that content referring to its own position (a purge's
 * anchor) can be written in the same statement.
 */
export async function appendChained(
  tx: Tx,
  build: (id: bigint) => Omit<AuditContent, 'id'>,
  opts: { linkTo?: string } = {},
): Promise<{ id: bigint; hash: string }> {
  const [lock] = await tx.$queryRawUnsafe<{ iso: string }[]>(
    `SELECT current_setting('transaction_isolation') AS iso FROM (SELECT pg_advisory_xact_lock(${CHAIN_LOCK})) AS locked`,
  );
  // Under REPEATABLE READ the snapshot could predate the lock and miss the last append.
  if (lock.iso !== 'read committed') throw new Error(`audit rows must be appended in a READ COMMITTED transaction, not ${lock.iso}`);
  const [next] = await tx.$queryRaw<{ id: string; prev: string | null }[]>`
    SELECT nextval(pg_get_serial_sequence('"AuditLog"', 'id'))::text AS id,
           (SELECT hash FROM "AuditLog" ORDER BY id DESC LIMIT 1) AS prev`;
  const id = BigInt(next.id);
  const fields = build(id);
  const content: AuditContent = { ...fields, id, before: storableJson(fields.before), after: storableJson(fields.after) };
  const prevHash = opts.linkTo ?? next.prev;
  const hash = rowHash(content, prevHash);
  await tx.auditLog.create({
    data: {
      ...content,
      before: (content.before ?? undefined) as any,
      after: (content.after ?? undefined) as any,
      prevHash,
      hash,
    },
  });
  return { id, hash };
}

export type ChainBreak = 'hash_mismatch' | 'link_broken' | 'unanchored_start' | 'unsealed';

export type ChainVerdict =
  | {
      ok: true;
      /** rows checked */
      rows: number;
      /** rows written before the chain existed (no hash), all before its first row */
      legacyRows: number;
      /** the last row: record it outside the database to detect rows cut off at the end */
      head: { id: string; hash: string } | null;
      /** where the chain starts after purges, if it does not start at its genesis */
      anchoredAt: string | null;
    }
  | { ok: false; rows: number; brokenAt: { id: string; reason: ChainBreak; message: string } };

const MESSAGES: Record<ChainBreak, string> = {
  hash_mismatch: '该条审计记录的内容与其哈希不符（记录被修改，或与其他记录交换了位置）',
  link_broken: '该条审计记录的前序哈希与上一条记录不符（其前面的记录被删除、插入或调换了顺序）',
  unanchored_start: '审计链的起点之前的记录被删除，且没有经过登记的清理（purge）',
  unsealed: '该条审计记录没有哈希（绕过审计接口写入）',
};

interface PurgeAnchor {
  id: string;
  prevHash: string;
}

/** Anchors recorded by purges: `{ id, prevHash }` of the row the chain starts at after each. */
async function purgeAnchors(db: PrismaClient): Promise<PurgeAnchor[]> {
  const rows = await db.auditLog.findMany({ where: { entity: 'audit_log', action: 'purge' }, select: { after: true } });
  return rows
    .map((r) => (r.after as { anchor?: PurgeAnchor } | null)?.anchor)
    .filter((a): a is PurgeAnchor => !!a && typeof a.id === 'string' && typeof a.prevHash === 'string');
}

/**
 * Walks the whole chain in id order and returns the first broken row, or ok with the head.
 * Reads page by page, so it runs on millions of rows in constant memory.
 */
export async function verifyAuditChain(db: PrismaClient): Promise<ChainVerdict> {
  const anchors = await purgeAnchors(db);
  let rows = 0;
  let legacyRows = 0;
  let started = false;
  let anchoredAt: string | null = null;
  let prev: { id: bigint; hash: string } | null = null;
  let cursor: bigint | null = null;
  const broken = (row: ChainRow, reason: ChainBreak): ChainVerdict => ({ ok: false, rows, brokenAt: { id: row.id.toString(), reason, message: MESSAGES[reason] } });
  for (;;) {
    const page: ChainRow[] = await db.auditLog.findMany({ where: cursor === null ? {} : { id: { gt: cursor } }, orderBy: { id: 'asc' }, take: PAGE });
    if (!page.length) break;
    for (const row of page) {
      rows++;
      cursor = row.id;
      if (row.hash === null) {
        if (started) return broken(row, 'unsealed');
        legacyRows++;
        continue;
      }
      if (!started) {
        started = true;
        if (row.prevHash !== null) {
          if (!anchors.some((a) => a.id === row.id.toString() && a.prevHash === row.prevHash)) return broken(row, 'unanchored_start');
          anchoredAt = row.id.toString();
        }
      } else if (row.prevHash !== prev!.hash) {
        return broken(row, 'link_broken');
      }
      if (rowHash(row, row.prevHash) !== row.hash) return broken(row, 'hash_mismatch');
      prev = { id: row.id, hash: row.hash };
    }
  }
  return { ok: true, rows, legacyRows, head: prev && { id: prev.id.toString(), hash: prev.hash }, anchoredAt };
}

/** `YYYY-MM-DD` minus whole months, the day clamped to the month's end (31 Aug − 6 months = 28/29 Feb). */
export function minusMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The latest cut-off a purge accepts today (Asia/Shanghai): six months back. */
export const latestPurgeCutoff = (now: Date) => minusMonths(shanghaiDate(now), MIN_RETENTION_MONTHS);

export class PurgeRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PurgeRefused';
  }
}

export interface PurgeResult {
  deleted: number;
  /** the id of the purge's own audit row */
  purgeRowId: string | null;
  anchor: PurgeAnchor | null;
}

/**
 * Deletes the oldest audit rows, those before `before` (a date, 00:00 Asia/Shanghai), keeping
 * at least six months. Only a prefix of the chain goes: the rows before the first row written on
 * or after the cut-off. The purge's own audit row records the anchor — the first kept row's id
 * and `prevHash` — so that the chain verifies from there. Refused on a broken chain: the
 * evidence of tampering must not be purged away.
 */
export async function purgeAuditLog(db: PrismaClient, opts: { before: string; now: Date; operator?: string | null }): Promise<PurgeResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.before) || Number.isNaN(Date.parse(`${opts.before}T00:00:00+08:00`))) {
    throw new PurgeRefused(`清理截止日期应为“年-月-日”格式，如 2025-01-01：${opts.before}`);
  }
  const latest = latestPurgeCutoff(opts.now);
  if (opts.before > latest) throw new PurgeRefused(`审计记录至少保留${MIN_RETENTION_MONTHS}个月：截止日期不能晚于 ${latest}`);
  const verdict = await verifyAuditChain(db);
  if (!verdict.ok) throw new PurgeRefused(`审计链在第 ${verdict.brokenAt.id} 条记录处断开（${verdict.brokenAt.message}），拒绝清理：请先调查`);
  const cut = new Date(`${opts.before}T00:00:00+08:00`);
  return db.$transaction(
    async (tx) => {
      // Take the chain's lock first: no append may slip in between the cut and the purge row.
      await tx.$queryRawUnsafe(`SELECT 1 FROM (SELECT pg_advisory_xact_lock(${CHAIN_LOCK})) AS locked`);
      const firstKept = await tx.auditLog.findFirst({ where: { at: { gte: cut } }, orderBy: { id: 'asc' }, select: { id: true, prevHash: true } });
      const doomed = firstKept ? { id: { lt: firstKept.id } } : {};
      const lastDeleted = await tx.auditLog.findFirst({ where: doomed, orderBy: { id: 'desc' }, select: { id: true, hash: true } });
      if (!lastDeleted) return { deleted: 0, purgeRowId: null, anchor: null };
      const { count } = await tx.auditLog.deleteMany({ where: doomed });
      const anchorOf = (id: bigint): PurgeAnchor | null => (lastDeleted.hash ? { id: (firstKept?.id ?? id).toString(), prevHash: lastDeleted.hash } : null);
      // With nothing kept, the purge row itself follows the last deleted row and is the anchor.
      const row = await appendChained(
        tx,
        (id) => ({
          at: opts.now,
          userId: null,
          orgId: null,
          action: 'purge',
          entity: 'audit_log',
          entityId: null,
          before: null,
          after: { before: opts.before, deleted: count, deletedThroughId: lastDeleted.id.toString(), anchor: anchorOf(id), operator: opts.operator ?? null },
          outcome: 'ok',
        }),
        firstKept || !lastDeleted.hash ? {} : { linkTo: lastDeleted.hash },
      );
      const anchor = anchorOf(row.id);
      return { deleted: count, purgeRowId: row.id.toString(), anchor };
    },
    { timeout: 120_000 },
  );
}

/**
 * `GET /api/admin/audit-chain` (mount under `/api/admin`): the chain's verdict from the running
 * system, for supervisors (审计) and process admins — the way to verify an embedded deployment
 * without stopping it. Ids and hashes only, no audited content.
 */
export function auditChainRoutes(ctx: Pick<AppContext, 'db'>): Router {
  const r = Router();
  r.get('/audit-chain', async (req, res) => {
    const user = requireUser(req);
    if (!user.roles.some((role) => role.role === 'supervisor' || role.role === 'process_admin')) {
      throw new AppError('FORBIDDEN', '只有督查组和流程管理员可以校验审计记录');
    }
    res.json(await verifyAuditChain(ctx.db.prisma));
  });
  return r;
}
