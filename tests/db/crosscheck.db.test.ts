import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../support/db';
import { demoApplication, residentId } from '../support/fixtures';
import { startDepartmentStandin, type DepartmentStandin } from '../support/department-standin';
import { seedDemo } from '../../prisma/seed';
import { ManualClock } from '../../api/clock';
import { loadUser, type AuthUser } from '../../api/auth/session';
import { submitApplication } from '../../api/applications/submit';
import { ApplicationSchema, type ApplicationInput } from '../../api/applications/application.schema';
import { AppError } from '../../api/errors';
import type { Database } from '../../api/db/client';
import type { AppContext } from '../../api/context';
import type { WorkflowEngine } from '../../api/engine/port';
import { recordingJob, type JobOutcome } from '../../workers/job';
import { CROSSCHECK_HANDLERS, MANUAL_CHECK, RETRY_BACKOFF_MS } from '../../workers/crosscheck/handlers';
import { DEPARTMENTS, type Department } from '../../workers/crosscheck/contract';
import { compareFindings, householdHomes } from '../../workers/crosscheck/compare';
import { configureDepartmentConnector, crossCheckSummary, recordManualCrossCheck } from '../../workers/crosscheck/results';

const JOB_TYPE: Record<Department, string> = {
  civil_affairs: 'crosscheck-civil-affairs',
  housing: 'crosscheck-housing',
  hrss: 'crosscheck-hrss',
  police: 'crosscheck-police',
  tax: 'crosscheck-tax',
};

/** The three persons of demoApplication(seq): applicant, spouse, son. */
const ids = (seq: number) => {
  const n = String(seq).padStart(3, '0');
  return { applicant: residentId(`51050219800315${n}`), spouse: residentId(`51050219820607${n}`), son: residentId(`51050220100901${n}`) };
};

describe('county cross-checks with five departments, over HTTP against a department stand-in', () => {
  let db: Database;
  let clock: ManualClock;
  let standin: DepartmentStandin;
  let staff: AuthUser, admin: AuthUser, county: AuthUser;
  let ctx: AppContext;
  let jobSeq = 0;

  beforeAll(async () => {
    db = await testDatabase();
    await seedDemo(db.prisma);
    clock = new ManualClock('2026-03-10T02:00:00Z');
    // These tests are about the workers and the database; no process runs here.
    const engine = { startInstance: async () => ({ instanceId: 'no-process' }) } as unknown as WorkflowEngine;
    ctx = { db, clock, engine };
    const user = async (username: string) => (await loadUser(db.prisma, (await db.prisma.user.findUniqueOrThrow({ where: { username } })).id))!;
    [staff, admin, county] = await Promise.all([user('staff'), user('admin'), user('county')]);
    standin = await startDepartmentStandin({ credential: 'stand-in-token-2026' });
  });
  afterAll(async () => {
    await standin?.close();
    await db?.close();
  });

  beforeEach(async () => {
    standin.reset();
    await connect(DEPARTMENTS, { mode: 'http' });
  });

  async function connect(departments: readonly Department[], c: { mode: 'http' | 'manual'; url?: string | null; credential?: string }) {
    for (const department of departments) {
      const data = { mode: c.mode, url: c.url === undefined ? standin.url(department) : c.url, credential: c.credential ?? standin.credential, updatedAt: clock.now() };
      await db.prisma.departmentConnector.upsert({ where: { department }, create: { department, ...data }, update: data });
    }
  }

  async function newFile(seq: number, overrides: Partial<ApplicationInput> = {}) {
    const created = await submitApplication(ctx, staff, demoApplication(seq, overrides));
    return created.id as string;
  }

  async function run(department: Department, variables: Record<string, unknown>, opts: { key?: string; retries?: number; headers?: Record<string, string> } = {}) {
    const key = opts.key ?? `job-${++jobSeq}`;
    const { job, outcome } = recordingJob({
      key,
      type: JOB_TYPE[department],
      processInstanceKey: 'pi-1',
      bpmnProcessId: 'filing',
      elementId: `crossCheck_${department}`,
      businessKey: null,
      retries: opts.retries ?? 3,
      variables,
      customHeaders: opts.headers ?? {},
    });
    await CROSSCHECK_HANDLERS[JOB_TYPE[department]](job, { db, clock });
    return { key, outcome: outcome() as JobOutcome };
  }

  const resultsOf = (fileId: string) => db.prisma.crossCheckResult.findMany({ where: { fileId } });
  const flagged = async (fileId: string) => (await db.prisma.householdFile.findUniqueOrThrow({ where: { id: fileId } })).flagged;

  it('handles exactly the five job types of the county review', () => {
    expect(Object.keys(CROSSCHECK_HANDLERS).sort()).toEqual(Object.values(JOB_TYPE).sort());
  });

  it('every department consistent with the declaration: five results, no contradiction, the case not flagged', async () => {
    const fileId = await newFile(1);
    const file = await db.prisma.householdFile.findUniqueOrThrow({ where: { id: fileId } });
    const { applicant } = ids(1);
    standin.answer('hrss', applicant, { insured: true, employer: '江阳区环卫服务中心', monthlyWage: 150_000 });
    standin.answer('tax', applicant, { annualIncome: 1_800_000 });
    for (const department of DEPARTMENTS) {
      const { key, outcome } = await run(department, { fileId });
      expect(outcome).toEqual({ kind: 'complete', variables: { [`crossCheck_${department}`]: { source: 'http', contradictions: 0, resultId: expect.any(String) } } });
      const request = standin.requests.at(-1)!;
      expect(request.department).toBe(department);
      expect(request.authorization).toBe(`Bearer ${standin.credential}`);
      expect(request.body.requestId).toBe(key);
      expect(request.body.caseNo).toBe(file.caseNo);
      expect(request.body.persons).toEqual([
        { idNumber: ids(1).applicant, name: '张建国', relation: '本人' },
        { idNumber: ids(1).spouse, name: '刘秀英', relation: '配偶' },
        { idNumber: ids(1).son, name: '张小明', relation: '子' },
      ]);
    }
    const results = await resultsOf(fileId);
    expect(results.map((r) => r.department).sort()).toEqual([...DEPARTMENTS].sort());
    expect(results.every((r) => r.source === 'http' && (r.contradictions as unknown[]).length === 0)).toBe(true);
    expect(await flagged(fileId)).toBe(false);
  });

  it('housing finds two homes: the contradiction is recorded, the case flagged and shown beside the declaration', async () => {
    const fileId = await newFile(2);
    const { applicant, spouse } = ids(2);
    standin.answer('housing', applicant, { homesOwned: 1, certificates: ['川(2019)泸州市不动产权第0000101号'] });
    standin.answer('housing', spouse, { homesOwned: 1, certificates: ['川(2021)泸州市不动产权第0000202号'] });
    const { outcome } = await run('housing', { fileId });
    expect(outcome).toMatchObject({ kind: 'complete', variables: { crossCheck_housing: { source: 'http', contradictions: 1 } } });
    const [result] = await resultsOf(fileId);
    expect(result.contradictions).toEqual([
      { field: 'assets.homesOwned', declared: 0, found: 2, message: '住建部门核查：家庭名下住房2套，申报0套；拥有2套（含）以上住宅的不予建档' },
    ]);
    expect(await flagged(fileId)).toBe(true);

    const summary = await crossCheckSummary(db.prisma, fileId);
    expect(summary.flagged).toBe(true);
    const housing = summary.departments.find((d) => d.department === 'housing')!;
    expect(housing).toMatchObject({ label: '住建', status: 'checked', source: 'http', contradictions: 1 });
    expect(housing.rows).toEqual([{ field: 'assets.homesOwned', label: '自有产权住房（套）', declared: 0, found: 2, contradiction: expect.stringContaining('2套') }]);
    expect(summary.departments.filter((d) => d.status === 'pending').map((d) => d.department)).toEqual(['civil_affairs', 'hrss', 'police', 'tax']);
    // Side by side for the screen, without the family's ID numbers.
    expect(JSON.stringify(summary)).not.toContain(applicant);
  });

  it('a job run twice records one result and asks the department once', async () => {
    const fileId = await newFile(3);
    standin.answer('police', ids(3).applicant, { registered: true, vehicles: 1 });
    const first = await run('police', { fileId }, { key: 'job-twice' });
    const second = await run('police', { fileId }, { key: 'job-twice' });
    expect(first.outcome).toMatchObject({ kind: 'complete', variables: { crossCheck_police: { contradictions: 1 } } });
    expect(second.outcome).toEqual(first.outcome);
    expect(await db.prisma.crossCheckResult.count({ where: { jobKey: 'job-twice' } })).toBe(1);
    expect(standin.requests.filter((r) => r.body?.requestId === 'job-twice')).toHaveLength(1);
  });

  describe('an endpoint that is down fails the job for a retry, and the last retry raises an incident', () => {
    let fileId: string;
    beforeAll(async () => {
      fileId = await newFile(4);
    });

    it.each([
      ['answers 500', 'status500', 'HTTP 500'],
      ['cuts the connection', 'close', '连接失败'],
      ['answers an HTML error page', 'not-json', '不是有效的 JSON'],
    ] as const)('%s', async (_name, failure, message) => {
      standin.failWith('tax', failure);
      const { outcome } = await run('tax', { fileId }, { retries: 3 });
      expect(outcome).toEqual({ kind: 'fail', errorMessage: expect.stringContaining(message), retries: 2, retryBackOff: RETRY_BACKOFF_MS });
      expect(outcome.kind === 'fail' && outcome.errorMessage).toContain('税务部门接口');
      const last = await run('tax', { fileId }, { retries: 1 });
      expect(last.outcome).toMatchObject({ kind: 'fail', retries: 0 });
      expect(await resultsOf(fileId)).toHaveLength(0);
      expect(await flagged(fileId)).toBe(false);
    });

    it('hangs: the call times out', async () => {
      standin.failWith('hrss', 'hang');
      const started = Date.now();
      const { outcome } = await run('hrss', { fileId }, { headers: { timeoutMs: '300', retryBackOffMs: '5000' } });
      expect(outcome).toEqual({ kind: 'fail', errorMessage: '人社部门接口超时（300 毫秒无应答）', retries: 2, retryBackOff: 5000 });
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('refuses connections', async () => {
      const gone = await startDepartmentStandin();
      await gone.close();
      await connect(['civil_affairs'], { mode: 'http', url: gone.url('civil_affairs') });
      const { outcome } = await run('civil_affairs', { fileId });
      expect(outcome).toMatchObject({ kind: 'fail', retries: 2, errorMessage: expect.stringContaining('民政部门接口连接失败') });
    });
  });

  it('a department without an endpoint goes to the manual task: BPMN error MANUAL_CHECK, nobody called', async () => {
    const fileId = await newFile(5);
    await connect(['housing'], { mode: 'manual' });
    await connect(['police'], { mode: 'http', url: null });
    await db.prisma.departmentConnector.delete({ where: { department: 'tax' } });
    for (const [department, label] of [['housing', '住建'], ['police', '公安'], ['tax', '税务']] as const) {
      const { outcome } = await run(department, { fileId });
      expect(outcome).toEqual({ kind: 'error', errorCode: MANUAL_CHECK, errorMessage: `${label}部门未配置接口，转人工核查`, variables: {} });
    }
    expect(standin.requests).toHaveLength(0);
  });

  it('a wrong credential: the stand-in answers 401 and the job fails without retries', async () => {
    const fileId = await newFile(6);
    await connect(['civil_affairs'], { mode: 'http', credential: 'not-the-credential' });
    const { outcome } = await run('civil_affairs', { fileId });
    expect(outcome).toEqual({ kind: 'fail', errorMessage: '民政部门接口拒绝了凭据（HTTP 401），请检查接口凭据配置', retries: 0 });
    expect(standin.requests[0].authorization).toBe('Bearer not-the-credential');
  });

  it('an answer that breaks the contract fails without retries, naming what is wrong', async () => {
    const fileId = await newFile(7);
    const { applicant, spouse } = ids(7);
    standin.respondWith('housing', () => ({ persons: [{ idNumber: applicant, homesOwned: '2' }] }));
    const wrongType = await run('housing', { fileId });
    expect(wrongType.outcome).toMatchObject({ kind: 'fail', retries: 0, errorMessage: expect.stringContaining('persons.0.homesOwned') });
    standin.respondWith('housing', () => ({ persons: [{ idNumber: applicant, homesOwned: 0 }, { idNumber: spouse, homesOwned: 0 }] }));
    const missing = await run('housing', { fileId });
    expect(missing.outcome).toMatchObject({ kind: 'fail', retries: 0, errorMessage: expect.stringContaining('缺少张小明的核查结果') });
    expect(await resultsOf(fileId)).toHaveLength(0);
  });

  it('bad variables fail without retries', async () => {
    const { outcome } = await run('tax', { caseNo: 'x' });
    expect(outcome).toMatchObject({ kind: 'fail', retries: 0 });
    const missing = await run('tax', { fileId: 'no-such-file' });
    expect(missing.outcome).toEqual({ kind: 'fail', errorMessage: '档案 no-such-file 不存在', retries: 0 });
  });

  describe('manual cross-check from a reply letter', () => {
    let fileId: string;
    let letterId: string;
    beforeAll(async () => {
      fileId = await newFile(8);
      const letter = await db.prisma.document.create({
        data: { fileId, kind: 'reply_letter', name: '民政局复函.pdf', mime: 'application/pdf', size: 10, sha256: 'a'.repeat(64), uploadedBy: county.id, createdAt: clock.now() },
      });
      letterId = letter.id;
    });

    const findings = () => ({ persons: [{ idNumber: ids(8).applicant, isDibao: false }, { idNumber: ids(8).spouse, isDibao: true, dibaoSince: '2024-03' }, { idNumber: ids(8).son, isDibao: false }] });
    const record = (input: Partial<Parameters<typeof recordManualCrossCheck>[1]>) =>
      db.prisma.$transaction((tx) => recordManualCrossCheck(tx, { fileId, department: 'civil_affairs', findings: findings(), letterDocumentId: letterId, userId: county.id, at: clock.now(), ...input }));
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e) => (e instanceof AppError ? { code: e.code, errors: e.errors } : e),
      );

    it('records the entered answer with its letter, computes the contradiction and flags the case', async () => {
      const result = await record({ taskId: 'task-1' });
      expect(result.contradictions).toEqual([{ field: 'income.isDibaoHousehold', declared: false, found: true, message: '民政部门核查：刘秀英为低保对象（自2024-03起），申报为非低保户' }]);
      const row = await db.prisma.crossCheckResult.findUniqueOrThrow({ where: { id: result.id } });
      expect(row).toMatchObject({ source: 'manual', department: 'civil_affairs', letterDocumentId: letterId, createdBy: county.id, jobKey: 'task:task-1' });
      expect(await flagged(fileId)).toBe(true);
      const again = await record({ taskId: 'task-1' });
      expect(again.id).toBe(result.id);
      const audit = await db.prisma.auditLog.findMany({ where: { entity: 'cross_check_result', entityId: result.id } });
      expect(audit).toHaveLength(1);
      expect(audit[0].userId).toBe(county.id);
      const summary = await crossCheckSummary(db.prisma, fileId);
      expect(summary.departments.find((d) => d.department === 'civil_affairs')).toMatchObject({ source: 'manual', letterDocumentId: letterId, contradictions: 1 });
    });

    it('refuses findings that break the contract, an incomplete list and a missing letter, writing nothing', async () => {
      const before = await db.prisma.crossCheckResult.count();
      expect(await refusal(record({ findings: { persons: [{ idNumber: ids(8).applicant, isDibao: 'yes' }] } }))).toEqual({ code: 'UNPROCESSABLE', errors: { 'findings.persons.0.isDibao': '请选择是否为低保对象' } });
      expect(await refusal(record({ findings: { persons: [{ idNumber: ids(8).applicant, isDibao: false }] } }))).toEqual({
        code: 'UNPROCESSABLE',
        errors: { 'findings.persons': '缺少刘秀英的核查结果；缺少张小明的核查结果' },
      });
      expect(await refusal(record({ letterDocumentId: 'nope' }))).toEqual({ code: 'UNPROCESSABLE', errors: { letterDocumentId: '请上传民政部门的复函（材料类别：部门复函）' } });
      expect(await db.prisma.crossCheckResult.count()).toBe(before);
    });
  });

  it('an official switches a department to manual after its endpoint went down; the retried job then goes to the manual task', async () => {
    const fileId = await newFile(9);
    standin.failWith('police', 'status500');
    const down = await run('police', { fileId }, { retries: 1 });
    expect(down.outcome).toMatchObject({ kind: 'fail', retries: 0 });
    await expect(configureDepartmentConnector(db, county, { department: 'police', mode: 'manual' }, clock.now())).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const view = await configureDepartmentConnector(db, admin, { department: 'police', mode: 'manual' }, clock.now());
    expect(view).toMatchObject({ department: 'police', mode: 'manual', credentialSet: true });
    expect(JSON.stringify(view)).not.toContain(standin.credential);
    const retried = await run('police', { fileId }, { key: down.key, retries: 1 });
    expect(retried.outcome).toMatchObject({ kind: 'error', errorCode: MANUAL_CHECK });
  });
});

describe('compareFindings: what contradicts the declaration', () => {
  const app = ApplicationSchema.parse(demoApplication(1));
  const { applicant, spouse, son } = ids(1);
  const all = <T extends object>(each: T) => [applicant, spouse, son].map((idNumber) => ({ idNumber, ...each }));

  it('civil affairs: dibao found but not declared, or declared but not found', () => {
    expect(compareFindings('civil_affairs', app, { persons: all({ isDibao: false }) })).toEqual([]);
    expect(compareFindings('civil_affairs', app, { persons: [...all({ isDibao: false }).slice(1), { idNumber: applicant, isDibao: true }] })).toHaveLength(1);
    const declaredDibao = { ...app, income: { ...app.income, isDibaoHousehold: true } };
    expect(compareFindings('civil_affairs', declaredDibao, { persons: all({ isDibao: false }) })).toEqual([
      { field: 'income.isDibaoHousehold', declared: true, found: false, message: '申报为低保户，民政部门核查无低保记录' },
    ]);
  });

  it('housing: a home held jointly counts once; without certificates homes are summed', () => {
    const joint = { persons: [{ idNumber: applicant, homesOwned: 1, certificates: ['C1'] }, { idNumber: spouse, homesOwned: 1, certificates: ['C1'] }, { idNumber: son, homesOwned: 0 }] };
    expect(householdHomes(joint)).toBe(1);
    expect(householdHomes({ persons: [{ idNumber: applicant, homesOwned: 1 }, { idNumber: spouse, homesOwned: 1 }] })).toBe(2);
    const oneHome = { ...app, assets: { ...app.assets, homesOwned: 1 } };
    expect(compareFindings('housing', oneHome, joint)).toEqual([]);
    expect(compareFindings('housing', app, joint)).toEqual([{ field: 'assets.homesOwned', declared: 0, found: 1, message: '住建部门核查：家庭名下住房1套，申报0套' }]);
  });

  it('tax: income above declared wages and business beyond the tolerance', () => {
    // declared ¥18,000 a year; tolerance max(10 %, ¥1,200) = ¥1,800
    expect(compareFindings('tax', app, { persons: [{ idNumber: applicant, annualIncome: 1_980_000 }, { idNumber: spouse, annualIncome: 0 }, { idNumber: son, annualIncome: 0 }] })).toEqual([]);
    expect(compareFindings('tax', app, { persons: [{ idNumber: applicant, annualIncome: 1_980_000 }, { idNumber: spouse, annualIncome: 1 }, { idNumber: son, annualIncome: 0 }] })).toEqual([
      { field: 'income.annualWages', declared: 1_800_000, found: 1_980_001, message: '税务部门核查：家庭年度申报收入¥19,800.01，高于申报的工薪与经营净收入¥18,000.00' },
    ]);
  });

  it('police: vehicles while none declared; a member without household registration', () => {
    expect(compareFindings('police', app, { persons: all({ registered: true, vehicles: 0 }) })).toEqual([]);
    const found = compareFindings('police', app, { persons: [{ idNumber: applicant, registered: true, vehicles: 1 }, { idNumber: spouse, registered: true, vehicles: 0 }, { idNumber: son, registered: false, vehicles: 0 }] });
    expect(found.map((c) => c.field)).toEqual(['members.1', 'assets.usesVehicleOrMachinery']);
    expect(found[1].message).toBe('公安部门核查：家庭名下机动车1辆，申报未使用机动车辆');
    const declaresVehicle = { ...app, assets: { ...app.assets, usesVehicleOrMachinery: true } };
    expect(compareFindings('police', declaresVehicle, { persons: all({ registered: true, vehicles: 2 }) })).toEqual([]);
  });

  it('hrss: a wage above the declared income, work found for a member declared unemployed, insurance against the declared cause', () => {
    // applicant declares ¥1,500 a month; tolerance ¥150
    const ok = { persons: [{ idNumber: applicant, insured: true, employer: '江阳区环卫服务中心', monthlyWage: 165_000 }, { idNumber: spouse, insured: false }, { idNumber: son, insured: false }] };
    expect(compareFindings('hrss', app, ok)).toEqual([]);
    const found = compareFindings('hrss', app, { persons: [{ idNumber: applicant, insured: true, monthlyWage: 165_001 }, { idNumber: spouse, insured: true, employer: '泸州某物流公司', monthlyWage: 0 }, { idNumber: son, insured: false }] });
    expect(found).toEqual([
      { field: 'applicant.monthlyIncome', declared: 150_000, found: 165_001, message: '人社部门核查：张建国（本人）月工资¥1,650.01，申报月收入¥1,500.00' },
      { field: 'members.0.identity', declared: 'unemployed', found: '泸州某物流公司', message: '人社部门核查：刘秀英（配偶）在泸州某物流公司就业，申报为失业' },
    ]);
    const uninsured = { ...app, hardship: { mainCause: 'no_social_insurance' as const, secondaryCauses: [] } };
    expect(compareFindings('hrss', uninsured, ok).map((c) => c.field)).toEqual(['hardship.mainCause']);
  });
});
