import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSystem, login, type Client, type TestSystem } from '../support/system';
import { freshDatabaseUrl } from '../support/db';
import { demoApplication } from '../support/fixtures';
import { officials, toApproval, toCountyReview } from '../support/filing';
import { openDatabase, type Database } from '../../api/db/client';
import { KEY_FILE, resolveKeys } from '../../api/pii/keys';
import { maskResidentId } from '../../workers/identity/resident-id';

const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules/.bin/tsx');
const CARD = '6228480000000000001';

/** Every row of every table as text, read with raw SQL around the client's decryption. */
async function everyRow(db: Database): Promise<Map<string, string>> {
  const tables = await db.sql.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
  const out = new Map<string, string>();
  for (const { name } of tables) {
    const rows = await db.sql.query<{ t: string }>(`SELECT row_to_json(x)::text AS t FROM "${name}" x`);
    out.set(name, rows.map((r) => r.t).join('\n'));
  }
  return out;
}
const holding = (rows: Map<string, string>, secret: string) => [...rows].filter(([, text]) => text.includes(secret)).map(([t]) => t);

/**
 * Encryption at rest of ID and bank-card numbers (issue 7, api/pii): AES-256-GCM with the key id
 * in every value, an HMAC column for exact lookups, all transparent to the rest of the code.
 */
describe('ID and bank-card numbers encrypted at rest', () => {
  let sys: TestSystem;
  let staff: Client;
  let county: Client;
  const app = demoApplication(31);
  const applicantId = app.applicant.idNumber;
  const memberId = app.members![0]!.idNumber;
  let fileId: string;

  beforeAll(async () => {
    sys = await testSystem();
    staff = await login(sys.url!, 'staff');
    county = await login(sys.url!, 'county');
    const created = await staff.post('/api/applications', app);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    fileId = created.body.id;
    await sys.engine.drain();
  });
  afterAll(() => sys.stop());

  it('no table holds an ID number or the card number in clear: raw rows carry pii:1:<key id>: ciphertext and an HMAC', async () => {
    const rows = await everyRow(sys.db);
    expect(holding(rows, applicantId)).toEqual([]);
    expect(holding(rows, memberId)).toEqual([]);
    expect(holding(rows, CARD)).toEqual([]);
    const [file] = await sys.db.sql.query<{ idNumber: string; idNumberHash: string; card: string }>(
      `SELECT "idNumber", "idNumberHash", form->'bank'->>'cardNumber' AS card FROM "HouseholdFile" WHERE id = $1`,
      [fileId],
    );
    expect(file.idNumber).toMatch(/^pii:1:t1:[A-Za-z0-9+/=]+$/);
    expect(file.card).toMatch(/^pii:1:t1:/);
    expect(file.idNumberHash).toMatch(/^[0-9a-f]{64}$/);
    // a fresh IV per value: the same number encrypts differently every time
    const [again] = await sys.db.sql.query<{ idNumber: string }>(`SELECT form->'applicant'->>'idNumber' AS "idNumber" FROM "HouseholdFile" WHERE id = $1`, [fileId]);
    expect(again.idNumber).toMatch(/^pii:1:t1:/);
    expect(again.idNumber).not.toBe(file.idNumber);
  });

  it('the code reads the numbers as before: masked by default in lists and the file, in full only through the audited reveal', async () => {
    const list = await county.get('/api/files?range=[0,99]');
    const row = list.body.find((f: any) => f.id === fileId);
    expect(row.idNumberMasked).toBe(maskResidentId(applicantId));
    expect(row.idNumberMasked).not.toContain(applicantId.slice(6, 14));
    expect(JSON.stringify(list.body)).not.toContain(applicantId);
    const shown = await county.get(`/api/files/${fileId}`);
    expect(shown.status).toBe(200);
    expect(JSON.stringify(shown.body)).not.toContain(applicantId);
    expect(JSON.stringify(shown.body)).not.toContain(CARD);
    expect(JSON.stringify(shown.body)).not.toContain('pii:1:');
    expect(shown.body.form.bank.cardNumber).toBe(`**** **** ${CARD.slice(-4)}`);

    const audited = await sys.db.prisma.auditLog.count({ where: { action: 'reveal', entityId: fileId } });
    const revealed = await county.post(`/api/files/${fileId}/reveal`, {});
    expect(revealed.body).toMatchObject({ idNumber: applicantId, bankCardNumber: CARD });
    expect(revealed.body.members.map((m: any) => m.idNumber)).toContain(memberId);
    expect(await sys.db.prisma.auditLog.count({ where: { action: 'reveal', entityId: fileId } })).toBe(audited + 1);
  });

  it('exact lookup by ID number still finds the file (search and the client’s where), through the hash column', async () => {
    const found = await county.get(`/api/files?filter=${encodeURIComponent(JSON.stringify({ q: applicantId }))}`);
    expect(found.body.map((f: any) => f.id)).toEqual([fileId]);
    expect(await sys.db.prisma.householdFile.count({ where: { idNumber: applicantId } })).toBe(1);
    expect(await sys.db.prisma.householdFile.count({ where: { idNumber: { in: ['110101199003074514', applicantId] } } })).toBe(1);
    expect(await sys.db.prisma.householdFile.count({ where: { members: { some: { idNumber: memberId } } } })).toBe(1);
    expect(await sys.db.prisma.householdFile.count({ where: { idNumber: { not: applicantId }, id: fileId } })).toBe(0);
    await expect(sys.db.prisma.householdFile.count({ where: { idNumber: { startsWith: applicantId.slice(0, 6) } } })).rejects.toThrow(/only exact matches/);
  });

  it('duplicate detection: the same applicant, or someone filed as a member, cannot be filed twice', async () => {
    const again = await staff.post('/api/applications', demoApplication(31));
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    const asMember = demoApplication(32);
    asMember.members = [{ ...asMember.members![0]!, idNumber: memberId }];
    const conflict = await staff.post('/api/applications', asMember);
    expect(conflict.status, JSON.stringify(conflict.body)).toBe(409);
  });

  it('a case through the departments’ manual checks (findings list every person by ID number) leaves no ID number in clear anywhere', async () => {
    const o = await officials(sys);
    const { id, caseNo } = await toApproval(sys, o, 35);
    await toCountyReview(sys, o, caseNo);
    expect(await sys.db.prisma.crossCheckResult.count({ where: { fileId: id, source: 'manual' } })).toBe(5);
    const file = demoApplication(35);
    const rows = await everyRow(sys.db);
    for (const person of [file.applicant.idNumber, ...file.members!.map((m) => m.idNumber)]) expect(holding(rows, person), person).toEqual([]);
    // the findings still read in full through the client
    const result = await sys.db.prisma.crossCheckResult.findFirstOrThrow({ where: { fileId: id, department: 'tax' } });
    expect((result.findings as any).persons.map((p: any) => p.idNumber)).toContain(file.applicant.idNumber);
  });

  it('the blacklist is found by ID number: the eligibility pre-check and a new application are refused', async () => {
    const listed = demoApplication(33);
    await sys.db.prisma.blacklist.create({ data: { idNumber: listed.applicant.idNumber, reason: '两次上报不实信息（测试）', createdAt: sys.clock.now() } });
    const [raw] = await sys.db.sql.query<{ idNumber: string }>(`SELECT "idNumber" FROM "Blacklist"`);
    expect(raw.idNumber).toMatch(/^pii:1:t1:/);
    expect(await sys.db.prisma.blacklist.findUnique({ where: { idNumber: listed.applicant.idNumber } })).toMatchObject({ idNumber: listed.applicant.idNumber });
    const refused = await staff.post('/api/applications', listed);
    expect([refused.status, refused.body.message]).toEqual([409, '申请人或家庭成员已列入建档黑名单，不予受理']);
  });
});

/**
 * Keys: rotation re-encrypts every row to the current key while values under the old key still
 * read; a wrong key stops the start; rows from before encryption are encrypted at start-up; the
 * embedded default generates its key file with 0600.
 */
describe('keys: rotation, a wrong key, the start-up backfill and the key file', () => {
  const b64 = () => randomBytes(32).toString('base64');
  const HASH = process.env.PII_HASH_KEY!;
  const OLD = process.env.PII_KEYS!;
  const NEW = `t2:${b64()}`;
  let dataDir: string;
  let fresh: Awaited<ReturnType<typeof freshDatabaseUrl>>;
  const where = () => (fresh ? { databaseUrl: fresh.url } : { dataDir });
  const withKeys = (PII_KEYS: string) => resolveKeys({ ...where(), env: { PII_KEYS, PII_HASH_KEY: HASH } });
  const app = demoApplication(34);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bf-pii-'));
    fresh = await freshDatabaseUrl();
    const sys = await testSystem(where());
    const staff = await login(sys.url!, 'staff');
    expect((await staff.post('/api/applications', app)).status).toBe(201);
    await sys.stop();
  });
  afterAll(async () => {
    await fresh?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('npm run keys:rotate re-encrypts every row to the new key; before it, old rows still read; after it, the old key can go', async () => {
    // the new key first, the old one after it: new writes use t2, t1 rows still read
    let db = await openDatabase({ ...where(), piiKeys: withKeys(`${NEW},${OLD}`) });
    expect((await db.prisma.householdFile.findFirstOrThrow({ where: { idNumber: app.applicant.idNumber } })).idNumber).toBe(app.applicant.idNumber);
    await db.close();

    const env = { ...process.env, PII_KEYS: `${NEW},${OLD}`, ...(fresh ? { DATABASE_URL: fresh.url } : { DATA_DIR: dataDir }) };
    const { stdout } = await run(TSX, ['scripts/keys-rotate.ts'], { env });
    expect(stdout).toMatch(/re-encrypted \d+ rows with key t2/);

    db = await openDatabase({ ...where(), piiKeys: withKeys(NEW) });
    try {
      const rows = await everyRow(db);
      expect(rows.get('HouseholdFile')).not.toContain('pii:1:t1:');
      expect(rows.get('FamilyMember')).not.toContain('pii:1:t1:');
      expect(rows.get('HouseholdFile')).toContain('pii:1:t2:');
      const file = await db.prisma.householdFile.findFirstOrThrow({ where: { idNumber: app.applicant.idNumber }, include: { members: true } });
      expect(file.members.map((m) => m.idNumber)).toEqual(app.members!.map((m) => m.idNumber));
      expect((file.form as any).bank.cardNumber).toBe(CARD);
    } finally {
      await db.close();
    }
  });

  it('a wrong key fails loudly at start-up instead of reading garbage', async () => {
    await expect(openDatabase({ ...where(), piiKeys: withKeys(`t2:${b64()}`) })).rejects.toThrow(/did not decrypt with key "t2"/);
    await expect(openDatabase({ ...where(), piiKeys: withKeys(`t9:${b64()}`) })).rejects.toThrow(/key "t2", which is not configured/);
  });

  it('rows stored in clear before encryption (an older data directory) are encrypted at start-up and found by ID number', async () => {
    let db = await openDatabase({ ...where(), piiKeys: withKeys(NEW) });
    const plain = '510502198001010011';
    await db.sql.query(`INSERT INTO "Blacklist" ("idNumber", reason, "createdAt") VALUES ($1, '旧数据', now())`, [plain]);
    const [member] = await db.sql.query<{ id: string }>(`SELECT id FROM "FamilyMember" LIMIT 1`);
    await db.sql.query(`UPDATE "FamilyMember" SET "idNumber" = $1, "idNumberHash" = NULL, details = jsonb_set(details, '{idNumber}', to_jsonb($1::text)) WHERE id = $2`, [plain, member.id]);
    await db.close();

    db = await openDatabase({ ...where(), piiKeys: withKeys(NEW) });
    try {
      expect(holding(await everyRow(db), plain)).toEqual([]);
      expect(await db.prisma.blacklist.count({ where: { idNumber: plain } })).toBe(1);
      expect((await db.prisma.familyMember.findFirstOrThrow({ where: { idNumber: plain } })).id).toBe(member.id);
    } finally {
      await db.close();
    }
  });

  it('the embedded default generates DATA_DIR/pii-keys.json once, readable by its owner only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bf-keys-'));
    try {
      const first = resolveKeys({ dataDir: dir, env: {} });
      expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
      const second = resolveKeys({ dataDir: dir, env: {} });
      expect(second.keys.get(second.current)).toEqual(first.keys.get(first.current));
      expect(() => resolveKeys({ databaseUrl: 'postgresql://x', env: {} })).toThrow(/PII_KEYS/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
