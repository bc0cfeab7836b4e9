import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../api/db/client';
import { audit } from '../../api/audit';
import { purgeAuditLog, verifyAuditChain, latestPurgeCutoff, minusMonths } from '../../api/audit-chain';
import type { AuthUser } from '../../api/auth/session';
import { testDatabase } from '../support/db';
import { testSystem, login } from '../support/system';
import { demoApplication } from '../support/fixtures';

const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules/.bin/tsx');

const USER: AuthUser = { id: 'u-audit', username: 'auditor', displayName: '审计', roles: [{ role: 'supervisor', orgId: '510500', orgName: '泸州市总工会', orgPath: '/100000/510000/510500/' }] };

/** Appends `n` audited entries, one transaction each, dated one day apart from `from`. */
async function appendDays(db: Database, n: number, from: string) {
  for (let i = 0; i < n; i++) {
    const at = new Date(new Date(from).getTime() + i * 86_400_000);
    await db.prisma.$transaction((tx) => audit(tx, USER, { action: 'update', entity: 'probe', entityId: `p${i}`, before: { n: i }, after: { n: i + 1, at } }, at));
  }
}

const ids = async (db: Database) => (await db.prisma.auditLog.findMany({ orderBy: { id: 'asc' }, select: { id: true } })).map((r) => r.id);

/** Tamper evidence of the audit trail (issue 7): each kind of tampering is found, at its row. */
describe('audit hash chain', () => {
  let db: Database;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(() => db.close());

  const reset = async () => {
    await db.prisma.auditLog.deleteMany();
  };

  it('a fresh chain verifies, with its head', async () => {
    await reset();
    expect(await verifyAuditChain(db.prisma)).toEqual({ ok: true, rows: 0, legacyRows: 0, head: null, anchoredAt: null });
    await appendDays(db, 5, '2026-01-01T02:00:00Z');
    const rows = await db.prisma.auditLog.findMany({ orderBy: { id: 'asc' } });
    expect(rows[0].prevHash).toBeNull();
    for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
    const verdict = await verifyAuditChain(db.prisma);
    expect(verdict).toEqual({ ok: true, rows: 5, legacyRows: 0, head: { id: rows[4].id.toString(), hash: rows[4].hash }, anchoredAt: null });
  });

  it('finds a changed row at that row', async () => {
    await reset();
    await appendDays(db, 6, '2026-01-01T02:00:00Z');
    const [, , third] = await ids(db);
    await db.prisma.$executeRaw`UPDATE "AuditLog" SET after = '{"n": 999}'::jsonb WHERE id = ${third}`;
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: false, brokenAt: { id: third.toString(), reason: 'hash_mismatch' } });
  });

  it('finds a changed outcome, user or time, not just the payload', async () => {
    for (const change of [`outcome = 'denied'`, `"userId" = 'someone-else'`, `at = at + interval '1 second'`]) {
      await reset();
      await appendDays(db, 3, '2026-01-01T02:00:00Z');
      const [, second] = await ids(db);
      await db.prisma.$executeRawUnsafe(`UPDATE "AuditLog" SET ${change} WHERE id = ${second}`);
      expect(await verifyAuditChain(db.prisma), change).toMatchObject({ ok: false, brokenAt: { id: second.toString(), reason: 'hash_mismatch' } });
    }
  });

  it('finds a row deleted in the middle at the row after it', async () => {
    await reset();
    await appendDays(db, 6, '2026-01-01T02:00:00Z');
    const all = await ids(db);
    await db.prisma.auditLog.delete({ where: { id: all[3] } });
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: false, brokenAt: { id: all[4].toString(), reason: 'link_broken' } });
  });

  it('finds two rows swapped (reordered)', async () => {
    await reset();
    await appendDays(db, 6, '2026-01-01T02:00:00Z');
    const all = await ids(db);
    const [a, b] = [all[1], all[4]];
    await db.prisma.$transaction([
      db.prisma.$executeRaw`UPDATE "AuditLog" SET id = -1 WHERE id = ${a}`,
      db.prisma.$executeRaw`UPDATE "AuditLog" SET id = ${a} WHERE id = ${b}`,
      db.prisma.$executeRaw`UPDATE "AuditLog" SET id = ${b} WHERE id = -1`,
    ]);
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: false, brokenAt: { id: a.toString() } });
  });

  it('finds rows whose whole content (hashes included) was moved to other positions', async () => {
    await reset();
    await appendDays(db, 5, '2026-01-01T02:00:00Z');
    const all = await ids(db);
    // keep the ids, exchange everything else of rows 2 and 3
    await db.prisma.$executeRawUnsafe(`
      WITH a AS (SELECT * FROM "AuditLog" WHERE id = ${all[1]}), b AS (SELECT * FROM "AuditLog" WHERE id = ${all[2]})
      UPDATE "AuditLog" t SET at = s.at, "userId" = s."userId", "orgId" = s."orgId", action = s.action, entity = s.entity,
        "entityId" = s."entityId", before = s.before, after = s.after, outcome = s.outcome, "prevHash" = s."prevHash", hash = s.hash
      FROM (SELECT ${all[1]}::bigint AS target, b.* FROM b UNION ALL SELECT ${all[2]}::bigint, a.* FROM a) s WHERE t.id = s.target`);
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: false, brokenAt: { id: all[1].toString() } });
  });

  it('finds a row written around audit() (no hash) once the chain has begun', async () => {
    await reset();
    await appendDays(db, 2, '2026-01-01T02:00:00Z');
    await db.prisma.auditLog.create({ data: { action: 'update', entity: 'probe', at: new Date('2026-01-05T00:00:00Z') } });
    const last = (await ids(db)).at(-1)!;
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: false, brokenAt: { id: last.toString(), reason: 'unsealed' } });
  });

  it('rows written before the chain existed are reported, and the chain after them verifies', async () => {
    await reset();
    await db.prisma.auditLog.create({ data: { action: 'login', entity: 'user', at: new Date('2025-01-01T00:00:00Z') } });
    await appendDays(db, 3, '2026-01-01T02:00:00Z');
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true, rows: 4, legacyRows: 1 });
  });

  it('stores and verifies content jsonb would refuse or reorder: NUL, lone surrogates, dates, bigints, key order', async () => {
    await reset();
    const at = new Date('2026-02-01T00:00:00.123Z');
    await db.prisma.$transaction((tx) =>
      audit(tx, USER, { action: 'update', entity: 'probe', before: { z: 1, a: [{ y: 2, b: 'x\u0000y' }], lone: 'a\ud800b' }, after: { when: at, big: 12n, n: 0.1 + 0.2, nested: { b: null, a: undefined } } }, at),
    );
    const row = await db.prisma.auditLog.findFirstOrThrow();
    expect(row.before).toEqual({ z: 1, a: [{ y: 2, b: 'x\uFFFDy' }], lone: 'a\uFFFDb' });
    expect(row.after).toEqual({ when: '2026-02-01T00:00:00.123Z', big: '12', n: 0.30000000000000004, nested: { b: null } });
    expect((await verifyAuditChain(db.prisma)).ok).toBe(true);
  });

  it('concurrent audited transactions keep one valid chain', async () => {
    await reset();
    const at = new Date('2026-03-01T00:00:00Z');
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db.prisma.$transaction(async (tx) => {
          await tx.counter.upsert({ where: { name: `probe-${i % 4}` }, update: { value: { increment: 1 } }, create: { name: `probe-${i % 4}`, value: 1 } });
          await audit(tx, USER, { action: 'update', entity: 'probe', entityId: String(i) }, at);
        }, { maxWait: 60_000, timeout: 60_000 }),
      ),
    );
    const verdict = await verifyAuditChain(db.prisma);
    expect(verdict).toMatchObject({ ok: true, rows: 40 });
    const rows = await db.prisma.auditLog.findMany({ select: { prevHash: true } });
    // no fork: every hash is somebody's predecessor at most once
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(40);
  });

  it('a rolled-back transaction leaves no row and no gap the chain notices', async () => {
    await reset();
    await appendDays(db, 2, '2026-01-01T02:00:00Z');
    await expect(
      db.prisma.$transaction(async (tx) => {
        await audit(tx, USER, { action: 'update', entity: 'probe' }, new Date());
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await appendDays(db, 1, '2026-01-05T02:00:00Z');
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true, rows: 3 });
  });
});

describe('audit retention: purge of rows older than six months', () => {
  let db: Database;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(() => db.close());
  const now = new Date('2026-11-25T04:00:00Z');

  it('knows six months back, clamping the day', () => {
    expect(latestPurgeCutoff(now)).toBe('2026-05-25');
    expect(minusMonths('2026-08-31', 6)).toBe('2026-02-28');
    expect(minusMonths('2024-08-31', 6)).toBe('2024-02-29');
    expect(minusMonths('2026-03-15', 15)).toBe('2024-12-15');
  });

  it('refuses a cut-off less than six months ago and deletes nothing', async () => {
    await db.prisma.auditLog.deleteMany();
    await appendDays(db, 3, '2025-01-01T02:00:00Z');
    await expect(purgeAuditLog(db.prisma, { before: '2026-05-26', now })).rejects.toThrow(/至少保留6个月.*2026-05-25/);
    await expect(purgeAuditLog(db.prisma, { before: '2026-13-01', now })).rejects.toThrow(/格式/);
    expect(await db.prisma.auditLog.count()).toBe(3);
  });

  it('purges the oldest rows, records the anchor, and the chain still verifies — twice', async () => {
    await db.prisma.auditLog.deleteMany();
    await appendDays(db, 30, '2025-01-01T02:00:00Z'); // 1 Jan … 30 Jan 2025
    const before = await db.prisma.auditLog.findMany({ orderBy: { id: 'asc' } });
    const first = await purgeAuditLog(db.prisma, { before: '2025-01-11', now, operator: 'ops@test' });
    expect(first.deleted).toBe(10);
    expect(first.anchor).toEqual({ id: before[10].id.toString(), prevHash: before[9].hash });
    const purgeRow = await db.prisma.auditLog.findUniqueOrThrow({ where: { id: BigInt(first.purgeRowId!) } });
    expect([purgeRow.action, purgeRow.entity, purgeRow.after]).toEqual(['purge', 'audit_log', { before: '2025-01-11', deleted: 10, deletedThroughId: before[9].id.toString(), anchor: first.anchor, operator: 'ops@test' }]);
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true, rows: 21, anchoredAt: before[10].id.toString() });

    const second = await purgeAuditLog(db.prisma, { before: '2025-01-21', now });
    expect(second.deleted).toBe(10);
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true, rows: 12, anchoredAt: before[20].id.toString() });
    // the same cut-off again: nothing left to purge, nothing written
    expect(await purgeAuditLog(db.prisma, { before: '2025-01-21', now })).toEqual({ deleted: 0, purgeRowId: null, anchor: null });
  });

  it('deleting the oldest rows without a recorded purge is found', async () => {
    await db.prisma.auditLog.deleteMany();
    await appendDays(db, 5, '2025-01-01T02:00:00Z');
    const all = await ids(db);
    await db.prisma.auditLog.deleteMany({ where: { id: { lt: all[2] } } });
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: false, brokenAt: { id: all[2].toString(), reason: 'unanchored_start' } });
    await expect(purgeAuditLog(db.prisma, { before: '2025-01-04', now })).rejects.toThrow(/拒绝清理/);
  });

  it('purging every row leaves the purge row linked to the last one, and verifiable', async () => {
    await db.prisma.auditLog.deleteMany();
    await appendDays(db, 4, '2025-01-01T02:00:00Z');
    const result = await purgeAuditLog(db.prisma, { before: '2025-03-01', now });
    expect(result.deleted).toBe(4);
    expect(result.anchor?.id).toBe(result.purgeRowId);
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true, rows: 1, anchoredAt: result.purgeRowId });
    await appendDays(db, 2, '2026-11-01T02:00:00Z');
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true, rows: 3 });
  });
});

describe('the running system writes one chain', () => {
  it('audited API writes from many officials at once verify, and every row is sealed', async () => {
    const sys = await testSystem();
    try {
      const admin = await login(sys.url!, 'admin');
      const staff = await login(sys.url!, 'staff');
      const writes = [
        ...Array.from({ length: 12 }, (_, i) => admin.put('/api/calendar/days', { date: `2026-10-${String(i + 1).padStart(2, '0')}`, kind: 'holiday', name: '国庆节' })),
        ...Array.from({ length: 6 }, (_, i) => staff.post('/api/applications', demoApplication(i + 1))),
        ...Array.from({ length: 6 }, () => login(sys.url!, 'chair')),
      ];
      await Promise.all(writes);
      expect(await sys.db.prisma.auditLog.count({ where: { hash: null } })).toBe(0);
      const verdict = await verifyAuditChain(sys.db.prisma);
      expect(verdict.ok, JSON.stringify(verdict)).toBe(true);
      expect(verdict.rows).toBeGreaterThanOrEqual(20);
    } finally {
      await sys.stop();
    }
  });
});

describe('scripts/audit-verify.ts and scripts/audit-purge.ts', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bf-audit-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const script = (name: string, args: string[] = []) =>
    run(TSX, [`scripts/${name}.ts`, ...args], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' } }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e) => ({ code: e.code as number, out: `${e.stdout}${e.stderr}` }),
    );
  const withDb = async <T>(fn: (db: Database) => Promise<T>) => {
    const db = await openDatabase({ dataDir });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };

  // six script processes, each opening the data directory: minutes on a loaded machine
  it('prints the verdict and the head; exits 1 on a changed row, on a cut-off tail (--anchor), and refuses a recent purge', { timeout: 240_000 }, async () => {
    await withDb((db) => appendDays(db, 4, '2026-01-01T02:00:00Z'));
    const ok = await script('audit-verify');
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain('审计链完整：共 4 条记录');
    const head = /链头.*：(\d+:[0-9a-f]{64})/.exec(ok.out)![1];

    // the last row cut off: the chain alone cannot tell, the recorded head can
    await withDb(async (db) => {
      const last = (await ids(db)).at(-1)!;
      await db.prisma.auditLog.delete({ where: { id: last } });
    });
    expect((await script('audit-verify')).code).toBe(0);
    const cut = await script('audit-verify', ['--anchor', head]);
    expect([cut.code, cut.out]).toEqual([1, expect.stringContaining('已不存在')]);

    await withDb(async (db) => {
      const [first] = await ids(db);
      await db.prisma.$executeRaw`UPDATE "AuditLog" SET "entityId" = 'forged' WHERE id = ${first}`;
    });
    const broken = await script('audit-verify', ['--json']);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.out)).toMatchObject({ ok: false, brokenAt: { reason: 'hash_mismatch' } });

    const recent = await script('audit-purge', ['--before', new Date().toISOString().slice(0, 10)]);
    expect([recent.code, recent.out]).toEqual([1, expect.stringContaining('至少保留6个月')]);
    expect((await script('audit-purge')).code).toBe(2);
  });
});
