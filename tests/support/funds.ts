import { expect } from 'vitest';
import { ApplicationSchema } from '../../api/applications/application.schema';
import { normalizeResidentId } from '../../workers/identity/resident-id';
import type { Level } from '../../workers/funds';
import { DEMO_PASSWORD } from '../../prisma/seed';
import { demoApplication } from './fixtures';
import type { Client, TestSystem } from './system';

/**
 * A household already filed at a union with a level, written straight to the database: the
 * funds tests are about money, not about the filing chain (which its own tests drive).
 * The demo form carries a bank card unless `card: false`.
 */
export async function filedHousehold(sys: Pick<TestSystem, 'db'> & { clock: { now(): Date } }, seq: number, opts: { orgId?: string; level?: Level; card?: boolean } = {}) {
  const prisma = sys.db.prisma;
  const orgId = opts.orgId ?? '510502-01';
  const org = await prisma.org.findUniqueOrThrow({ where: { id: orgId } });
  const input = demoApplication(seq);
  const form = ApplicationSchema.parse(opts.card === false ? { ...input, bank: { bankName: '中国农业银行', branch: '泸州江阳支行' } } : input);
  const creator = await prisma.user.findUniqueOrThrow({ where: { username: 'staff' } });
  const file = await prisma.householdFile.create({
    data: {
      caseNo: `SQ-FUNDS-${String(seq).padStart(4, '0')}`,
      fileNo: `JY-2026-${String(seq).padStart(4, '0')}`,
      status: 'filed',
      level: opts.level ?? 'grassroots',
      orgId,
      orgPath: org.path,
      applicantName: form.applicant.name,
      idNumber: normalizeResidentId(form.applicant.idNumber),
      sex: 'male',
      birthDate: new Date('1980-03-15T00:00:00Z'),
      mainCause: form.hardship.mainCause,
      householdSize: 1 + form.members.length,
      annualIncome: 1_680_000n,
      perCapitaMonthly: 46_667,
      form: form as any,
      createdBy: creator.id,
      filedAt: sys.clock.now(),
    },
  });
  return file;
}

/** Opens an account through the API (as `opener`) and, when `deposit` is given, funds it as the city. */
export async function openAccount(opener: Client, city: Client, orgId: string, level: Level, deposit = 0, name?: string) {
  const created = await opener.post('/api/funds/accounts', { orgId, level, ...(name && { name }) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  if (deposit > 0) {
    const funded = await city.post(`/api/funds/accounts/${created.body.id}/deposits`, { amount: deposit, note: '测试资金' });
    expect(funded.status, JSON.stringify(funded.body)).toBe(201);
    return funded.body;
  }
  return created.body;
}

let keys = 0;
/** A fresh idempotency key, as the request form makes one when it opens. */
export const newKey = () => `test-key-${process.pid}-${++keys}-${Date.now()}`;

/** Requested by `requester`, approved by `approver`: ready to pay. */
export async function approvedDisbursement(requester: Client, approver: Client, body: { fileId: string; accountId: string; amount: number; kind?: string }) {
  const req = await requester.post('/api/funds/disbursements', { kind: 'living_aid', reason: '重病住院，生活困难', idempotencyKey: newKey(), ...body });
  expect(req.status, JSON.stringify(req.body)).toBe(201);
  const ok = await approver.post(`/api/funds/disbursements/${req.body.id}/approve`, {});
  expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  return ok.body as { id: string; status: string; amount: number };
}

/** A binary GET as a demo user (the JSON client cannot carry a workbook). */
export async function download(base: string, username: string, path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const res = await fetch(`${base}${path}`, { headers: { cookie } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Everything a funds call could write; "nothing written" means this does not change. */
export async function fundsFootprint(sys: TestSystem) {
  const p = sys.db.prisma;
  const [accounts, transactions, disbursements, paid, batches, audit, balance] = await Promise.all([
    p.fundAccount.count(),
    p.fundTransaction.count(),
    p.disbursement.count(),
    p.disbursement.count({ where: { status: 'paid' } }),
    p.paymentBatch.count(),
    p.auditLog.count(),
    p.fundAccount.aggregate({ _sum: { balance: true } }),
  ]);
  return { accounts, transactions, disbursements, paid, batches, audit, balance: Number(balance._sum.balance ?? 0n) };
}
