import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../api/db/client';
import { restoreBackup } from '../../api/backup';
import { verifyAuditChain } from '../../api/audit-chain';
import { inbox, login, type Client } from '../support/system';
import { demoApplication } from '../support/fixtures';
import { SURVEY, uploadEvidence } from '../support/filing';
import { eventually, freePort, startServer, withDatabase, type ServerProcess } from '../support/server-process';
import { freshDatabaseUrl } from '../support/db';

const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules/.bin/tsx');
const USERS = ['staff', 'chair', 'helper', 'county', 'city', 'admin'] as const;

/** What officials see: files, each one's inbox, account balances — the comparison of "same system". */
async function observe(server: ServerProcess) {
  const c = Object.fromEntries(await Promise.all(USERS.map(async (u) => [u, await login(server.url, u)] as const))) as Record<(typeof USERS)[number], Client>;
  const files = (await c.county.get('/api/files?range=[0,199]&sort=["caseNo","ASC"]')).body;
  const tasks = Object.fromEntries(
    await Promise.all(USERS.map(async (u) => [u, (await inbox(c[u])).body.map((t: any) => [t.id, t.elementId, t.businessKey, t.assignee]).sort()] as const)),
  );
  const accounts = (await c.city.get('/api/funds/accounts?range=[0,199]')).body.map((a: any) => [a.id, a.orgId, a.level, a.balance]).sort();
  const documents = await Promise.all(files.map(async (f: any) => (await c.county.get(`/api/files/${f.id}/documents`)).body.map((d: any) => [d.id, d.sha256, d.size])));
  return { files, tasks, accounts, documents };
}

/** Money never appears or vanishes: every balance is the sum of its ledger. */
async function ledgerHolds(db: Database) {
  const rows = await db.prisma.$queryRaw<{ id: string; balance: bigint; ledger: bigint | null }[]>`
    SELECT a.id, a.balance, (SELECT sum(t.amount) FROM "FundTransaction" t WHERE t."accountId" = a.id)::bigint AS ledger FROM "FundAccount" a`;
  return rows.filter((r) => r.balance !== (r.ledger ?? 0n)).map((r) => r.id);
}

/**
 * Backup and restore (issue 7): `scripts/backup.ts` takes a consistent backup of the running
 * system (database snapshot and document store) while officials keep writing; `scripts/restore.ts`
 * puts it on a fresh data directory; the system started there shows the same files, tasks,
 * balances and documents, and the cases go on.
 */
describe('backup of the running system, restore on a fresh data directory', { timeout: 300_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'bf-backup-'));
  const source = join(root, 'source');
  const target = join(root, 'target');
  let server: ServerProcess;
  let original: Awaited<ReturnType<typeof observe>>;
  const cases: Array<{ id: string; caseNo: string }> = [];
  const script = (name: string, args: string[], env: Record<string, string>) =>
    run(TSX, [`scripts/${name}.ts`, ...args], { env: { ...process.env, DATABASE_URL: '', ...env }, timeout: 120_000 }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e) => ({ code: e.code as number, out: `${e.stdout}${e.stderr}` }),
    );
  // the server tier (TEST_DATABASE_URL): source and target are PostgreSQL databases, and the
  // backup script dumps the source directly while the server runs
  let sourceDb: Awaited<ReturnType<typeof freshDatabaseUrl>> = null;
  let targetDb: Awaited<ReturnType<typeof freshDatabaseUrl>> = null;
  const backupEnv = (): Record<string, string> =>
    sourceDb ? { DATA_DIR: source, DATABASE_URL: sourceDb.url } : { DATA_DIR: source, BACKUP_URL: server.url, BACKUP_USERNAME: 'admin', BACKUP_PASSWORD: 'Demo@2026' };

  beforeAll(async () => {
    const port = await freePort();
    sourceDb = await freshDatabaseUrl();
    targetDb = await freshDatabaseUrl();
    server = await startServer({ dataDir: source, databaseUrl: sourceDb?.url, port });
    const staff = await login(server.url, 'staff');
    for (const seq of [61, 62]) {
      const created = await staff.post('/api/applications', demoApplication(seq));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      cases.push(created.body);
    }
    // the first case one step further, with its evidence documents
    const survey = await eventually(async () => (await inbox(staff)).body.find((t: any) => t.businessKey === cases[0].caseNo && t.elementId === 'householdSurvey'));
    expect((await staff.post(`/api/tasks/${survey.id}/complete`, { variables: SURVEY })).status).toBe(200);
    await uploadEvidence(staff, cases[0].id);
    expect(await eventually(async () => (await inbox(staff)).body.some((t: any) => t.businessKey === cases[0].caseNo && t.elementId === 'assignHelpers'))).toBe(true);
    expect(await eventually(async () => (await inbox(staff)).body.some((t: any) => t.businessKey === cases[1].caseNo && t.elementId === 'householdSurvey'))).toBe(true);
  });
  afterAll(async () => {
    await server?.kill9();
    await sourceDb?.drop();
    await targetDb?.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('takes a consistent backup while deposits keep coming', async () => {
    const county = await login(server.url, 'county');
    const account = (await county.get(`/api/funds/accounts?filter=${encodeURIComponent(JSON.stringify({ orgId: '510502', level: 'county' }))}`)).body[0];
    expect(account, 'a county fund account of 江阳区').toBeTruthy();
    // three officials' worth of deposits keep coming from before the backup starts until it is done
    let writing = true;
    const statuses: number[] = [];
    const writer = async (w: number) => {
      for (let i = 0; writing; i++) statuses.push((await county.post(`/api/funds/accounts/${account.id}/deposits`, { amount: 100 + i, note: `追加 ${w}-${i}` })).status);
    };
    const writers = [0, 1, 2].map(writer);
    await eventually(async () => statuses.length >= 3);
    const done = await script('backup', ['--out', join(root, 'under-load')], backupEnv());
    await eventually(async () => statuses.length >= 6);
    writing = false;
    await Promise.all(writers);
    expect(done.code, done.out).toBe(0);
    expect(statuses.every((s) => s === 201), JSON.stringify(statuses)).toBe(true);

    // restored, the snapshot is whole: every ledger adds up, the audit chain verifies, and it
    // holds some prefix of the deposits — each one completely or not at all
    const db = await openDatabase({ dataDir: 'memory://' });
    try {
      await restoreBackup(db, join(root, 'under-load'), join(root, 'under-load-documents'));
      expect(await ledgerHolds(db)).toEqual([]);
      expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true });
      const seen = await db.prisma.fundTransaction.count({ where: { accountId: account.id, note: { startsWith: '追加' } } });
      const audited = await db.prisma.auditLog.count({ where: { entityId: account.id, action: { not: 'create' } } });
      // taken in the middle of the stream: some deposits are in it, later ones are not
      expect(seen).toBeGreaterThan(0);
      expect(seen).toBeLessThan(statuses.length);
      expect(audited).toBe(seen);
      expect(await db.prisma.session.count()).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('restores on a fresh data directory: the same files, tasks, balances and documents; the cases go on', async () => {
    original = await observe(server);
    const taken = await script('backup', ['--out', join(root, 'quiet')], backupEnv());
    expect(taken.code, taken.out).toBe(0);
    expect(taken.out).toMatch(/备份完成.*材料 5 份/);
    await server.stop();

    const restoreEnv = { DATA_DIR: target, DATABASE_URL: targetDb?.url ?? '' };
    const restored = await script('restore', ['--from', join(root, 'quiet')], restoreEnv);
    expect(restored.code, restored.out).toBe(0);
    expect(restored.out).toContain('审计链完整');
    // a second restore onto the now non-empty target is refused
    const again = await script('restore', ['--from', join(root, 'quiet')], restoreEnv);
    expect([again.code, again.out]).toEqual([1, expect.stringContaining('不是空的')]);

    server = await startServer({ dataDir: target, databaseUrl: targetDb?.url, port: await freePort() });
    const copy = await observe(server);
    expect(copy.files).toEqual(original.files);
    expect(copy.tasks).toEqual(original.tasks);
    expect(copy.accounts).toEqual(original.accounts);
    expect(copy.documents).toEqual(original.documents);
    expect(original.files).toHaveLength(2);
    expect(original.accounts.length).toBeGreaterThan(0);

    // the documents' bytes came along: downloaded from the restored system, they hash as before
    const signIn = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'county', password: 'Demo@2026' }) });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const staff = await login(server.url, 'staff');
    for (const doc of (await staff.get(`/api/files/${cases[0].id}/documents`)).body) {
      const content = await fetch(`${server.url}${doc.contentUrl}`, { headers: { cookie } });
      expect(content.status).toBe(200);
      expect(createHash('sha256').update(Buffer.from(await content.arrayBuffer())).digest('hex')).toBe(doc.sha256);
    }

    // the restored system continues: the helpers are assigned and 公示 starts; the second case's survey is done
    const users = (await staff.get('/api/users?filter=' + encodeURIComponent(JSON.stringify({ role: 'helper' })))).body;
    const assign = (await inbox(staff)).body.find((t: any) => t.businessKey === cases[0].caseNo && t.elementId === 'assignHelpers');
    const helpers = { firstHelperId: users.find((u: any) => u.username === 'helper').id, secondHelperId: users.find((u: any) => u.username === 'helper2').id, exitDeadline: '2027-12' };
    expect((await staff.post(`/api/tasks/${assign.id}/complete`, { variables: helpers })).status).toBe(200);
    const survey = (await inbox(staff)).body.find((t: any) => t.businessKey === cases[1].caseNo && t.elementId === 'householdSurvey');
    expect((await staff.post(`/api/tasks/${survey.id}/complete`, { variables: SURVEY })).status).toBe(200);
    expect(await eventually(async () => (await (await fetch(`${server.url}/public/publicity/510502-01`)).text()).includes('张*国'))).toBe(true);
    expect(await eventually(async () => (await inbox(staff)).body.some((t: any) => t.businessKey === cases[1].caseNo && t.elementId === 'assignHelpers'))).toBe(true);
    // new audit rows continue the restored chain
    await server.stop();
    expect(await withDatabase({ dataDir: target, databaseUrl: targetDb?.url }, (db) => verifyAuditChain(db.prisma))).toMatchObject({ ok: true });
  });

  it('refuses a damaged backup before writing anything', async () => {
    const file = join(root, 'quiet', 'tables', 'HouseholdFile.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace('张建国', '张建军'));
    const db = await openDatabase({ dataDir: 'memory://' });
    try {
      await expect(restoreBackup(db, join(root, 'quiet'), join(root, 'damaged-documents'))).rejects.toThrow(/HouseholdFile\.jsonl 已损坏/);
      expect(await db.prisma.user.count()).toBe(0);
    } finally {
      await db.close();
    }
  });
});
