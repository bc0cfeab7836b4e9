import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbox, login, type Client } from '../support/system';
import { demoApplication } from '../support/fixtures';
import { PDF, SURVEY, uploadEvidence } from '../support/filing';
import { startDepartmentStandin, type DepartmentStandin } from '../support/department-standin';
import { completeOk, eventually, freePort, theOnlyTask, restartServer, startServer, withDatabase, type ServerProcess } from '../support/server-process';
import { freshDatabaseUrl } from '../support/db';
import type { Database } from '../../api/db/client';
import { verifyAuditChain } from '../../api/audit-chain';
import { testSystem } from '../support/system';
import { complete, userId } from '../support/filing';
import { recordingJob } from '../../workers/job';
import { startPublicity } from '../../workers/filing/handlers';

const MINUTE = 60_000;
const MANUAL: Record<string, string> = { manual_housing: 'housing', manual_hrss: 'hrss', manual_police: 'police', manual_tax: 'tax' };
const NEUTRAL: Record<string, object> = { housing: { homesOwned: 0 }, hrss: { insured: false }, police: { registered: true, vehicles: 0 }, tax: { annualIncome: 0 } };

/**
 * Crash safety (issue 7): the real server (`api/server.ts`, embedded PGlite in DATA_DIR; a
 * PostgreSQL database on the server tier) is
 * killed with SIGKILL at each kind of point of the filing chain — right after a request was
 * answered, while jobs run, while a department's answer is awaited, during 公示 — and started
 * again on the same data directory. After each restart: the open task is still in the inbox
 * (same task), no job's side effect happened twice (case and file numbers, the survey visit,
 * the cross-check results, the help cycle), and the case moves on to the next step.
 */
describe('SIGKILL at every kind of step of the filing chain, restart on the same DATA_DIR', { timeout: 300_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bf-crash-'));
  const application = demoApplication(41);
  const persons = [application.applicant.idNumber, ...application.members!.map((m) => m.idNumber)];
  let server: ServerProcess;
  let standin: DepartmentStandin;
  let offset = 0;
  let fileId = '';
  let caseNo = '';
  const clients: Record<string, Client> = {};
  // the server tier (TEST_DATABASE_URL): the same kills against a PostgreSQL database
  let fresh: Awaited<ReturnType<typeof freshDatabaseUrl>> = null;
  const where = () => ({ dataDir, databaseUrl: fresh?.url });
  const as = async (username: string) => (clients[username] ??= await login(server.url, username));

  /** SIGKILL; optionally look into the data directory while no process owns it; restart later. */
  async function crash<T>(opts: { inspect?: (db: Database) => Promise<T>; later?: number } = {}): Promise<T | undefined> {
    await server.kill9();
    const seen = opts.inspect ? await withDatabase(where(), opts.inspect) : undefined;
    // past every lease a killed worker held (60 s), as a real restart after a crash would be
    offset = Math.max(offset + 5 * MINUTE, opts.later ?? 0);
    server = await restartServer(server, { clockOffsetMs: offset });
    return seen;
  }

  const caseTasks = async (c: Client) => (await inbox(c)).body.filter((t: any) => t.businessKey === caseNo);
  const theTask = (c: Client, elementId: string) => theOnlyTask(c, caseNo, elementId, () => server.output());

  beforeAll(async () => {
    standin = await startDepartmentStandin();
    fresh = await freshDatabaseUrl();
    server = await startServer({ dataDir, databaseUrl: fresh?.url, port: await freePort() });
    // county-level criteria, so that the case is filed by the county (one review, not four)
    const rules = await (await as('admin')).post('/api/level-rule-sets', {
      level: 'county',
      validFrom: '2026-01-01',
      title: '江阳区县级困难职工建档标准（演示）',
      perCapitaCeiling: { base: 'dibao', multiple: { num: 2, den: 1 }, inclusive: true },
      requireHardshipCause: true,
      netOfExpensesCeiling: null,
      acceptsNationalCriteria: true,
    });
    expect(rules.status, JSON.stringify(rules.body)).toBe(201);
  });
  afterAll(async () => {
    await server?.kill9();
    await standin?.close();
    await fresh?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('killed right after an application is accepted: the case exists once, its jobs run after the restart, the survey task is there', async () => {
    const staff = await as('staff');
    const created = await staff.post('/api/applications', application);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ({ id: fileId, caseNo } = created.body);
    const seen = await crash({
      inspect: async (db) => ({
        files: await db.prisma.householdFile.count(),
        instances: await db.prisma.processInstance.count({ where: { businessKey: caseNo } }),
        caseCounters: (await db.prisma.counter.findMany({ where: { name: { startsWith: 'case:' } } })).map((c) => c.value),
      }),
    });
    // the data directory opens after SIGKILL, with the acknowledged write in it
    expect(seen).toEqual({ files: 1, instances: 1, caseCounters: [1] });
    const survey = await theTask(staff, 'householdSurvey');
    expect(survey.variables.eligibility?.eligible ?? true).toBe(true);

    // an open task survives a kill untouched: the same task, not a new one
    await crash();
    expect((await caseTasks(staff)).map((t: any) => [t.id, t.elementId])).toEqual([[survey.id, 'householdSurvey']]);
  });

  it('killed right after the household survey is completed: one visit recorded, the helpers task next', async () => {
    const staff = await as('staff');
    await completeOk(staff, await theTask(staff, 'householdSurvey'), SURVEY);
    await crash();
    await theTask(staff, 'assignHelpers');
    const visits = await staff.get(`/api/files/${fileId}/visits`);
    expect(visits.body.filter((v: any) => v.kind === 'survey')).toHaveLength(1);
  });

  it('killed during 公示 and started again after it ended: the chair’s approval is there, once', async () => {
    const staff = await as('staff');
    const helperId = (await staff.get('/api/users?filter=' + encodeURIComponent(JSON.stringify({ role: 'helper' })))).body;
    const first = helperId.find((u: any) => u.username === 'helper');
    const second = helperId.find((u: any) => u.username === 'helper2');
    await completeOk(staff, await theTask(staff, 'assignHelpers'), { firstHelperId: first.id, secondHelperId: second.id, exitDeadline: '2027-12' });
    // 公示 has begun: the public page lists the case and the process waits at its end timer
    const supervisor = await as('supervisor');
    const waiting = await eventually(async () => (await supervisor.get('/api/processes/filing/statistics')).body.elements?.some((e: any) => e.elementId === 'publicityEnded' && e.active > 0));
    expect(waiting).toBe(true);
    expect(await (await fetch(`${server.url}/public/publicity/510502-01`)).text()).toContain('张*国');
    await server.kill9();
    const endsAt = await withDatabase(where(), async (db) => (await db.prisma.householdFile.findUniqueOrThrow({ where: { id: fileId } })).publicityEndsAt!);
    expect(endsAt.getTime()).toBeGreaterThan(Date.now() + offset);
    offset = Math.max(offset + 5 * MINUTE, endsAt.getTime() - Date.now() + 5 * MINUTE);
    server = await restartServer(server, { clockOffsetMs: offset });
    await theTask(await as('chair'), 'grassrootsApproval');
    expect((await caseTasks(staff)).length).toBe(0);
  });

  it('killed right after the chair approves: the report-upward task is next', async () => {
    const chair = await as('chair');
    await completeOk(chair, await theTask(chair, 'grassrootsApproval'), { decision: 'approve', comment: '' });
    await crash();
    await theTask(await as('staff'), 'reportUpward');
    expect((await caseTasks(chair)).length).toBe(0);
  });

  it('killed while a department’s cross-check job waits for its answer: the job runs again, the result is recorded once', async () => {
    const admin = await as('admin');
    const connector = await admin.put('/api/department-connectors', { department: 'civil_affairs', mode: 'http', url: standin.url('civil_affairs'), credential: standin.credential });
    expect(connector.status, JSON.stringify(connector.body)).toBe(200);
    standin.failWith('civil_affairs', 'hang');
    const staff = await as('staff');
    await uploadEvidence(staff, fileId);
    await completeOk(staff, await theTask(staff, 'reportUpward'), { filingLevel: 'county', confirmed: true });
    const asked = await eventually(async () => standin.requests.some((r) => r.department === 'civil_affairs' && r.body?.caseNo === caseNo));
    expect(asked).toBe(true);

    const seen = await crash({
      inspect: async (db) => {
        const instance = await db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: caseNo, bpmnProcessId: 'filing' } });
        return {
          job: (await db.prisma.job.findMany({ where: { instanceId: instance.id, type: 'crosscheck-civil-affairs' } })).map((j) => j.status),
          results: await db.prisma.crossCheckResult.count({ where: { fileId, department: 'civil_affairs' } }),
        };
      },
    });
    // killed mid-job: the job was taken and nothing was recorded yet
    expect(seen).toEqual({ job: ['locked'], results: 0 });
    standin.failWith('civil_affairs', null);

    // the four departments without an endpoint come to the county by hand; answer them
    const county = await as('county');
    for (const elementId of Object.keys(MANUAL)) {
      const task = await theTask(county, elementId);
      const department = MANUAL[elementId];
      const letter = await county.upload(`/api/files/${fileId}/documents?kind=reply_letter&name=${department}.pdf&stepId=${elementId}`, new Uint8Array([...PDF, ...new TextEncoder().encode(`% ${department}\n`)]), 'application/pdf');
      expect(letter.status, JSON.stringify(letter.body)).toBeLessThan(300);
      await completeOk(county, task, { findings: { persons: persons.map((idNumber) => ({ idNumber, ...NEUTRAL[department] })) }, letterDocumentId: letter.body.id });
    }
    expect((await caseTasks(county)).some((t: any) => t.elementId === 'manual_civilAffairs')).toBe(false);
    await theTask(county, 'countyReview');
    // asked twice (the killed run and its rerun), recorded once
    expect(standin.requests.filter((r) => r.department === 'civil_affairs' && r.body?.caseNo === caseNo)).toHaveLength(2);
    const checks = await county.get(`/api/files/${fileId}/cross-checks`);
    expect(checks.body.departments.map((d: any) => [d.department, d.status, d.source])).toEqual([
      ['civil_affairs', 'checked', 'http'],
      ['housing', 'checked', 'manual'],
      ['hrss', 'checked', 'manual'],
      ['police', 'checked', 'manual'],
      ['tax', 'checked', 'manual'],
    ]);
  });

  it('killed right after the county approves: the file number is issued once, the help cycle starts once, the audit chain holds', async () => {
    const county = await as('county');
    await completeOk(county, await theTask(county, 'countyReview'), { decision: 'approve', comment: '' });
    const counter = await crash({ inspect: async (db) => (await db.prisma.counter.findMany({ where: { name: { startsWith: 'file:510502:' } } })).map((c) => c.value) });
    expect(counter!.length).toBeLessThanOrEqual(1);

    const staff = await as('staff');
    const filed = await eventually(async () => {
      const file = (await staff.get(`/api/files/${fileId}`)).body;
      return file.status === 'filed' && file.fileNo ? file : null;
    });
    expect(filed?.fileNo, server.output().slice(-3000)).toMatch(/^510502-\d{4}-000001$/);
    expect(filed.level).toBe('county');
    // the next step: the file's help cycle has started and waits (for its March visit)
    const supervisor = await as('supervisor');
    const helping = await eventually(async () => (await supervisor.get('/api/processes/help-cycle/statistics')).body.elements?.some((e: any) => e.active > 0));
    expect(helping, server.output().slice(-3000)).toBe(true);
    const after = await crash({
      inspect: async (db) => {
        const notifications = await db.prisma.notification.findMany({ select: { taskId: true, kind: true } });
        const instances = await db.prisma.processInstance.findMany({ where: { businessKey: caseNo }, select: { bpmnProcessId: true, status: true } });
        const helpCycles = await db.prisma.processInstance.findMany({ where: { bpmnProcessId: 'help-cycle' }, select: { variables: true, status: true } });
        const openTasks = await db.prisma.userTask.groupBy({ by: ['instanceId', 'elementId'], where: { status: 'created' }, _count: { _all: true } });
        return {
          fileCounter: (await db.prisma.counter.findMany({ where: { name: { startsWith: 'file:510502:' } } })).map((c) => c.value),
          caseCounter: (await db.prisma.counter.findMany({ where: { name: { startsWith: 'case:' } } })).map((c) => c.value),
          crossChecks: (await db.prisma.crossCheckResult.groupBy({ by: ['department'], where: { fileId }, _count: { _all: true } })).map((g) => [g.department, g._count._all]).sort(),
          surveyVisits: await db.prisma.visit.count({ where: { fileId, kind: 'survey' } }),
          duplicateNotifications: notifications.length - new Set(notifications.map((n) => `${n.taskId}:${n.kind}`)).size,
          filing: instances.filter((i) => i.bpmnProcessId === 'filing').map((i) => i.status),
          helpCycles: helpCycles.filter((h) => (h.variables as any).fileId === fileId).map((h) => h.status),
          duplicateOpenTasks: openTasks.filter((g) => g._count._all > 1).length,
          audit: await verifyAuditChain(db.prisma),
        };
      },
    });
    expect(after).toMatchObject({
      fileCounter: [1],
      caseCounter: [1],
      crossChecks: [
        ['civil_affairs', 1],
        ['housing', 1],
        ['hrss', 1],
        ['police', 1],
        ['tax', 1],
      ],
      surveyVisits: 1,
      duplicateNotifications: 0,
      filing: ['completed'],
      helpCycles: ['active'],
      duplicateOpenTasks: 0,
      audit: { ok: true },
    });
    // and the restarted system serves the filed case
    expect((await staff.get(`/api/files/${fileId}`)).body).toMatchObject({ status: 'filed', fileNo: filed.fileNo });
  });
});

/**
 * A job killed after its side effect but before its completion runs again (at least once). The
 * publicity job's side effect is the published end date: run again, it must not move.
 */
describe('a job run again after a crash does no harm', () => {
  it('公示 started again by a rerun of its job keeps the published end date (was moved: workers/filing/handlers.ts startPublicity)', async () => {
    const sys = await testSystem();
    try {
      const staff = await login(sys.url!, 'staff');
      const { id, caseNo } = (await staff.post('/api/applications', demoApplication(42))).body;
      await sys.engine.drain();
      await complete(sys, staff, 'householdSurvey', caseNo, SURVEY);
      await complete(sys, staff, 'assignHelpers', caseNo, { firstHelperId: await userId(sys, 'helper'), secondHelperId: await userId(sys, 'helper2'), exitDeadline: '2027-12' });
      const published = (await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id } })).publicityEndsAt;
      expect(published).toBeInstanceOf(Date);
      const job = await sys.db.prisma.job.findFirstOrThrow({ where: { type: 'filing-publicity-start', instanceId: (await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id } })).processInstanceId! } });
      // the restart comes two days later; the job's lease has run out, so it runs again
      sys.clock.advance(2 * 86_400_000);
      const rerun = recordingJob({ key: job.id, type: job.type, processInstanceKey: job.instanceId, bpmnProcessId: 'filing', elementId: job.elementId, businessKey: caseNo, retries: 3, variables: { fileId: id }, customHeaders: {} });
      await startPublicity(rerun.job, { db: sys.db, clock: sys.clock });
      expect((await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id } })).publicityEndsAt).toEqual(published);
    } finally {
      await sys.stop();
    }
  });
});
