import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inbox, login, type Client } from '../support/system';
import { completeOk, eventually, freePort, theOnlyTask, restartServer, startServer, withDatabase, type ServerProcess } from '../support/server-process';
import { freshDatabaseUrl } from '../support/db';
import { filedHousehold } from '../support/funds';
import { demoApplication } from '../support/fixtures';
import { SURVEY, complete, taskAt, userId } from '../support/filing';
import type { Database } from '../../api/db/client';
import { testSystem } from '../support/system';
import { startSystem } from '../../api/system';
import { ManualClock, systemClock } from '../../api/clock';
import { verifyAuditChain } from '../../api/audit-chain';
import { recordingJob } from '../../workers/job';
import { helpCancelExited, helpCycleStart, helpExitPending } from '../../workers/help/handlers';

const MINUTE = 60_000;

/**
 * Crash safety of the help cycle and of payments (issue 7): the real server (`api/server.ts` as a
 * child process, embedded PGlite in DATA_DIR; a PostgreSQL database on the server tier) is killed
 * with SIGKILL at each kind of step of a filed household's year — the March plan, a visit, a
 * payment's request, approval and payment (cut between commit and answer, then retried), the
 * December evaluation, the chair's signature, the roster's confirmation — and started again on the
 * same data directory. After each restart the next task is there once, no row is there twice,
 * every fund's balance is the sum of its transactions, the audit chain verifies, and the cycle
 * goes on to its end (the file cancelled as 脱困).
 *
 * The filing chain has its own crash test (crash.process.test.ts, which also sees the help cycle
 * start once); here the household is filed straight into the data directory and its help cycle
 * is started by the cycle's own start job (`help-cycle-start`) before the server first starts.
 */
describe('SIGKILL at every kind of step of the help cycle and of a payment, restart on the same DATA_DIR', { timeout: 300_000 }, () => {
  let dataDir = '';
  let server: ServerProcess;
  let offset = 0;
  let fileId = '';
  let cycleKey = '';
  let dates: { year: number; planFrom: string; evaluationFrom: string; evaluationMonth: string };
  let accountId = '';
  let disbursementId = '';
  const clients: Record<string, Client> = {};
  let fresh: Awaited<ReturnType<typeof freshDatabaseUrl>> = null;
  const where = () => ({ dataDir, databaseUrl: fresh?.url });
  const as = async (username: string) => (clients[username] ??= await login(server.url, username));

  /** What must never be there twice, and what must always add up, read while no server runs. */
  async function footprint(db: Database) {
    const p = db.prisma;
    const instances = await p.processInstance.findMany({ where: { bpmnProcessId: 'help-cycle' }, select: { id: true, businessKey: true, status: true } });
    const cycle = instances.find((i) => i.businessKey === cycleKey)!;
    const accounts = await p.fundAccount.findMany({ select: { id: true, balance: true } });
    const sums = await p.fundTransaction.groupBy({ by: ['accountId'], _sum: { amount: true } });
    const sum = (id: string) => sums.find((s) => s.accountId === id)?._sum.amount ?? 0n;
    const openTasks = await p.userTask.findMany({ where: { instanceId: cycle.id, status: 'created' }, select: { elementId: true } });
    const pendingTimers = await p.timer.findMany({ where: { instanceId: cycle.id, status: 'pending' }, select: { elementId: true } });
    const subscriptions = await p.messageSubscription.findMany({ where: { instanceId: cycle.id, status: 'open' }, select: { elementId: true } });
    return {
      cycles: instances.map((i) => [i.businessKey, i.status]),
      openTasks: openTasks.map((t) => t.elementId).sort(),
      waiting: [...pendingTimers, ...subscriptions].map((w) => w.elementId).sort(),
      helpPlans: await p.helpPlan.count({ where: { fileId } }),
      visits: await p.visit.count({ where: { fileId } }),
      evaluations: (await p.evaluation.findMany({ where: { fileId } })).map((e) => [e.year, e.outcome, !!e.signedAt]),
      rosters: (await p.roster.findMany()).map((r) => [r.kind, r.status, r.fileIds]),
      disbursements: (await p.disbursement.findMany({ where: { fileId } })).map((d) => d.status),
      // the household's fund (the demo year's own accounts are not this test's)
      fundTransactions: accountId ? (await p.fundTransaction.findMany({ where: { accountId }, orderBy: { createdAt: 'asc' } })).map((t) => [t.kind, Number(t.amount)]) : [],
      balancesAddUp: accounts.every((a) => a.balance === sum(a.id)),
      fileStatus: (await p.householdFile.findUniqueOrThrow({ where: { id: fileId } })).status,
      openIncidents: await p.incident.count({ where: { resolvedAt: null } }),
      audit: (await verifyAuditChain(p)).ok,
    };
  }

  /** SIGKILL (unless the server killed itself at a kill point), look into the data directory, restart. */
  async function crash(opts: { later?: number; env?: Record<string, string> } = {}) {
    await server.kill9();
    const seen = await withDatabase(where(), footprint);
    // past every lease a killed worker held (60 s), as a real restart after a crash would be
    offset = Math.max(offset + 5 * MINUTE, opts.later ?? 0);
    server = await restartServer(server, { clockOffsetMs: offset, env: opts.env ?? {} });
    return seen;
  }
  /** The server is told to kill itself at a point; restarted with it so. */
  async function armed(env: Record<string, string>) {
    await server.kill9();
    offset += MINUTE;
    server = await restartServer(server, { clockOffsetMs: offset, env });
  }

  const cycleTasks = async (c: Client) => (await inbox(c)).body.filter((t: any) => t.businessKey === cycleKey);
  const theTask = (c: Client, elementId: string) => theOnlyTask(c, cycleKey, elementId, () => server.output());
  /** The balance the API shows equals the sum of the account's transactions it lists. */
  async function balanceAddsUp(c: Client) {
    const account = (await c.get(`/api/funds/accounts/${accountId}`)).body;
    const txns = (await c.get(`/api/funds/accounts/${accountId}/transactions?range=[0,99]`)).body;
    expect(txns.reduce((s: number, t: any) => s + Number(t.amount), 0)).toBe(Number(account.balance));
    return { balance: Number(account.balance), transactions: txns.map((t: any) => [t.kind, Number(t.amount)]) };
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bf-crash-help-'));
    fresh = await freshDatabaseUrl();
    // The data directory as the filing chain leaves it: a household filed at county level with
    // its two helpers, and its help cycle started by the cycle's start job.
    const sys = await startSystem({ dataDir, databaseUrl: fresh?.url, background: false, log: () => {} });
    try {
      const file = await filedHousehold({ db: sys.db, clock: systemClock }, 71, { orgId: '510502-01', level: 'county' });
      const [helper, helper2] = await Promise.all(['helper', 'helper2'].map((username) => sys.db.prisma.user.findUniqueOrThrow({ where: { username } })));
      await sys.db.prisma.householdFile.update({ where: { id: file.id }, data: { firstHelperId: helper.id, secondHelperId: helper2.id } });
      fileId = file.id;
      const { job, outcome } = recordingJob({ key: 'bootstrap', type: 'help-cycle-start', processInstanceKey: 'bootstrap', bpmnProcessId: 'filing', elementId: 'startHelpCycle', businessKey: file.caseNo, retries: 3, variables: { fileId }, customHeaders: {} });
      await helpCycleStart(job, { db: sys.db, clock: systemClock, engine: sys.engine });
      expect(outcome()).toMatchObject({ kind: 'complete' });
      const cycle = await sys.db.prisma.processInstance.findFirstOrThrow({ where: { bpmnProcessId: 'help-cycle', businessKey: { startsWith: `${file.fileNo}/` } } });
      cycleKey = cycle.businessKey!;
      dates = (cycle.variables as any).dates;
    } finally {
      await sys.stop();
    }
    // the March timer is due when the cycle's March has come (the plan may be made from 1 March)
    offset = Math.max(0, new Date(dates.planFrom).getTime() - Date.now() + MINUTE);
    server = await startServer({ dataDir, databaseUrl: fresh?.url, port: await freePort(), clockOffsetMs: offset });
  });
  afterAll(async () => {
    await server?.kill9();
    await fresh?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('killed while the March plan task is open: the same task is there after the restart, once', async () => {
    const helper = await as('helper');
    const plan = await theTask(helper, 'marchPlan');
    const seen = await crash();
    expect(seen).toMatchObject({ cycles: [[cycleKey, 'active']], openTasks: ['marchPlan'], helpPlans: 0, visits: 0, audit: true, openIncidents: 0 });
    expect((await cycleTasks(helper)).map((t: any) => [t.id, t.elementId])).toEqual([[plan.id, 'marchPlan']]);
  });

  it('killed right after the March plan is completed: one plan, one visit, the cycle waits for December', async () => {
    const helper = await as('helper');
    await completeOk(helper, await theTask(helper, 'marchPlan'), {
      visitDate: `${dates.year}-03-02`,
      measures: ['employment', 'medical_insurance'],
      programmes: ['skills_training'],
      planText: '推荐参加技能培训促就业，配偶纳入职工医疗互助',
      promisedExitDate: `${dates.year}-12`,
    });
    const seen = await crash();
    expect(seen).toMatchObject({ openTasks: [], waiting: ['untilDecember'], helpPlans: 1, visits: 1, audit: true, openIncidents: 0 });
    expect(await cycleTasks(helper)).toEqual([]);
    const plan = (await (await as('staff')).get(`/api/files/${fileId}/visits`)).body;
    expect(plan).toHaveLength(1);
  });

  it('killed right after a visit is recorded: the visit and its income month are there once', async () => {
    const helper = await as('helper');
    const visit = await helper.post(`/api/files/${fileId}/visits`, { visitDate: `${dates.year}-06-15`, visitors: '赵帮扶', notes: '入户了解就业和收入情况', incomeObserved: 75_000 });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    const seen = await crash();
    expect(seen).toMatchObject({ openTasks: [], waiting: ['untilDecember'], helpPlans: 1, visits: 2, audit: true });
    const staff = await as('staff');
    expect((await staff.get(`/api/files/${fileId}/visits`)).body.map((v: any) => v.id)).toContain(visit.body.id);
    expect((await staff.get(`/api/files/${fileId}/income`)).body.map((r: any) => [r.month, r.perCapita])).toEqual([[`${dates.year}-06`, 75_000]]);
  });

  it('a payment request cut between its commit and its answer, sent again with the same idempotency key: one request', async () => {
    const city = await as('city');
    const account = await city.post('/api/funds/accounts', { orgId: '510502', level: 'county' });
    expect(account.status, JSON.stringify(account.body)).toBe(201);
    accountId = account.body.id;
    expect((await city.post(`/api/funds/accounts/${accountId}/deposits`, { amount: 1_000_000, note: '区县帮扶资金' })).status).toBe(201);

    await armed({ BF_TEST_KILL_BEFORE_RESPONSE: '^POST /api/funds/disbursements$' });
    const request = { fileId, accountId, kind: 'medical_aid', amount: 200_000, reason: '配偶透析医疗救助', idempotencyKey: `crash-help-${fileId}` };
    await expect((await as('county')).post('/api/funds/disbursements', request)).rejects.toThrow();
    const seen = await crash();
    // the request was committed, its answer never arrived
    expect(seen).toMatchObject({ disbursements: ['requested'], fundTransactions: [['retained', 1_000_000]], balancesAddUp: true, audit: true });
    // the form sends it again with the key it made when it opened: the same request comes back
    const county = await as('county');
    const retried = await county.post('/api/funds/disbursements', request);
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body).toMatchObject({ status: 'requested', amount: 200_000, idempotencyKey: request.idempotencyKey });
    disbursementId = retried.body.id;
    const listed = (await county.get(`/api/funds/disbursements?filter=${encodeURIComponent(JSON.stringify({ fileId }))}`)).body;
    expect(listed.map((d: any) => d.id)).toEqual([disbursementId]);
  });

  it('killed right after the payment is approved: approved once, nothing paid', async () => {
    const county = await as('county');
    const approved = await county.post(`/api/funds/disbursements/${disbursementId}/approve`, {});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const seen = await crash();
    expect(seen).toMatchObject({ disbursements: ['approved'], fundTransactions: [['retained', 1_000_000]], balancesAddUp: true, audit: true });
    expect((await (await as('county')).get(`/api/funds/disbursements/${disbursementId}`)).body.status).toBe('approved');
  });

  it('a payment cut between its commit and its answer, then sent again: paid once, the fund debited once', async () => {
    await armed({ BF_TEST_KILL_BEFORE_RESPONSE: '^POST /api/funds/disbursements/[^/]+/pay$' });
    await expect((await as('county')).post(`/api/funds/disbursements/${disbursementId}/pay`, {})).rejects.toThrow();
    const seen = await crash();
    expect(seen).toMatchObject({ disbursements: ['paid'], fundTransactions: [['retained', 1_000_000], ['payment', -200_000]], balancesAddUp: true, audit: true });
    const county = await as('county');
    // the official presses 支付 again: refused with a clear message, nothing debited
    const again = await county.post(`/api/funds/disbursements/${disbursementId}/pay`, {});
    expect([again.status, again.body.message ?? JSON.stringify(again.body)]).toEqual([409, expect.stringContaining('已支付')]);
    // and the request form sent again with the same key finds the paid request, not a new one
    const request = await county.post('/api/funds/disbursements', { fileId, accountId, kind: 'medical_aid', amount: 200_000, reason: '配偶透析医疗救助', idempotencyKey: `crash-help-${fileId}` });
    expect([request.status, request.body.id, request.body.status]).toEqual([200, disbursementId, 'paid']);
    expect(await balanceAddsUp(county)).toEqual({ balance: 800_000, transactions: expect.arrayContaining([['retained', 1_000_000], ['payment', -200_000]]) });
    expect((await balanceAddsUp(county)).transactions).toHaveLength(2);
  });

  it('killed while the December evaluation waits, after the restart on 20 December: the same evaluation task, once', async () => {
    const staff = await as('staff');
    // the second half-year above the dibao: the judgement proposes 脱困
    const [y, m] = dates.evaluationMonth.split('-').map(Number);
    for (let back = 5; back >= 0; back--) {
      const d = new Date(Date.UTC(y, m - 1 - back, 1));
      const month = d.toISOString().slice(0, 7);
      expect((await staff.put(`/api/files/${fileId}/income`, { month, perCapita: 78_000 + back * 1_000 })).status).toBe(200);
    }
    // the restart comes after 20 December: the December timer fires, the judgement job runs
    await crash({ later: new Date(dates.evaluationFrom).getTime() - Date.now() + 5 * MINUTE });
    const evaluation = await theTask(await as('staff'), 'decemberEvaluation');
    expect(evaluation.variables.exitJudgement.outcome).toBe('exited');
    const seen = await crash();
    expect(seen).toMatchObject({ openTasks: ['decemberEvaluation'], waiting: [], evaluations: [], audit: true, openIncidents: 0 });
    expect((await cycleTasks(await as('staff'))).map((t: any) => [t.id, t.elementId])).toEqual([[evaluation.id, 'decemberEvaluation']]);
  });

  it('killed right after the evaluation is completed: one evaluation, the chair’s signature task once', async () => {
    const staff = await as('staff');
    await completeOk(staff, await theTask(staff, 'decemberEvaluation'), { outcome: 'exited', causesRemoved: true, effectDescription: '家庭人均收入连续6个月超过低保标准' });
    const seen = await crash();
    expect(seen).toMatchObject({ openTasks: ['chairSign'], evaluations: [[dates.year, 'exited', false]], audit: true });
    await theTask(await as('chair'), 'chairSign');
    expect(await cycleTasks(await as('staff'))).toEqual([]);
  });

  it('killed right after the chair signs: the file is put on the exit roster once and waits for the confirmation', async () => {
    const chair = await as('chair');
    const sign = await theTask(chair, 'chairSign');
    await completeOk(chair, sign, { signed: true });
    const seen = await crash();
    expect(seen).toMatchObject({ openTasks: [], evaluations: [[dates.year, 'exited', true]], audit: true });
    // after the restart the roster job has run (again, if the kill cut it): the file is on it once
    const staff = await as('staff');
    const pending = await eventually(async () => ((await staff.get(`/api/files/${fileId}`)).body.status === 'exit_pending' ? true : null));
    expect(pending, server.output().slice(-3000)).toBe(true);
    // the roster job completed: the cycle waits for the upper union's confirmation
    const waits = await eventually(async () => {
      const diagram = (await (await as('chair')).get(`/api/tasks/${sign.id}/diagram`)).body;
      return diagram.active?.includes('exitConfirmed') ? diagram.active : null;
    });
    expect(waits, server.output().slice(-3000)).toEqual(['exitConfirmed']);
    const rosters = (await (await as('chair')).get(`/api/rosters?year=${dates.year}`)).body;
    expect(rosters.map((r: any) => [r.kind, r.status, r.fileIds])).toEqual([['exit', 'draft', [fileId]]]);
    expect((await (await as('chair')).post(`/api/rosters/${rosters[0].id}/submit`, {})).status).toBe(200);
  });

  it('killed while the roster’s confirmation reaches the waiting cycle: confirmed with its message or not at all', async () => {
    const [roster] = (await (await as('chair')).get(`/api/rosters?year=${dates.year}`)).body;
    await armed({ BF_TEST_KILL_IN_ENGINE_CALL: 'correlateMessage:exit-confirmed' });
    await expect((await as('county')).post(`/api/rosters/${roster.id}/confirm`, {})).rejects.toThrow();
    const seen = await crash();
    // a confirmed roster whose message was lost would leave the file waiting for ever
    expect(seen).toMatchObject({ rosters: [['exit', 'submitted', [fileId]]], waiting: ['exitConfirmed'], fileStatus: 'exit_pending', audit: true });
  });

  it('killed right after the roster is confirmed (answer lost): the file is cancelled once, the cycle ends, everything adds up', async () => {
    const [roster] = (await (await as('chair')).get(`/api/rosters?year=${dates.year}`)).body;
    expect(roster.status).toBe('submitted');
    await armed({ BF_TEST_KILL_BEFORE_RESPONSE: '^POST /api/rosters/[^/]+/confirm$' });
    await expect((await as('county')).post(`/api/rosters/${roster.id}/confirm`, {})).rejects.toThrow();
    await crash();
    const staff = await as('staff');
    const cancelled = await eventually(async () => {
      const file = (await staff.get(`/api/files/${fileId}`)).body;
      return file.status === 'cancelled' ? file : null;
    });
    expect(cancelled?.closeReason, server.output().slice(-3000)).toBe('解困脱困，经上级工会确认注销');
    // a confirmation sent again is refused: the message is not delivered twice
    expect((await (await as('county')).post(`/api/rosters/${roster.id}/confirm`, {})).status).toBe(409);
    const final = await crash();
    expect(final).toEqual({
      cycles: [[cycleKey, 'completed']],
      openTasks: [],
      waiting: [],
      helpPlans: 1,
      visits: 2,
      evaluations: [[dates.year, 'exited', true]],
      rosters: [['exit', 'confirmed', [fileId]]],
      disbursements: ['paid'],
      fundTransactions: [
        ['retained', 1_000_000],
        ['payment', -200_000],
      ],
      balancesAddUp: true,
      fileStatus: 'cancelled',
      openIncidents: 0,
      audit: true,
    });
    expect(await balanceAddsUp(await as('county'))).toMatchObject({ balance: 800_000 });
  });
});

/**
 * A job killed after its side effect but before its completion runs again (at least once): the
 * help cycle's roster and cancel jobs, run twice, must act once.
 */
describe('a help-cycle job run again after a crash does no harm', () => {
  it('the roster job run twice lists the file once; the cancel job run again keeps the first run’s dates (were moved: workers/help/handlers.ts helpCancelExited)', async () => {
    const sys = await testSystem({ clock: new ManualClock('2026-12-21T01:00:00Z') });
    try {
      const file = await filedHousehold(sys, 72, { orgId: '510502-01', level: 'county' });
      const run = async (type: string, handler: typeof helpExitPending, variables: Record<string, unknown>) => {
        const { job, outcome } = recordingJob({ key: `rerun-${type}`, type, processInstanceKey: 'rerun', bpmnProcessId: 'help-cycle', elementId: type, businessKey: `${file.fileNo}/2026`, retries: 3, variables, customHeaders: {} });
        await handler(job, { db: sys.db, clock: sys.clock, engine: sys.engine });
        expect(outcome()).toMatchObject({ kind: 'complete' });
      };
      await run('help-exit-pending', helpExitPending, { fileId: file.id, year: 2026 });
      await run('help-exit-pending', helpExitPending, { fileId: file.id, year: 2026 });
      expect((await sys.db.prisma.roster.findMany()).map((r) => [r.kind, r.year, r.status, r.fileIds])).toEqual([['exit', 2026, 'draft', [file.id]]]);

      await run('help-cancel-exited', helpCancelExited, { fileId: file.id });
      const first = await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id: file.id } });
      expect([first.status, first.closedAt, first.exitedAt]).toEqual(['cancelled', sys.clock.now(), sys.clock.now()]);
      // the restart comes two days later; the job's lease has run out, so it runs again
      sys.clock.advance(2 * 86_400_000);
      await run('help-cancel-exited', helpCancelExited, { fileId: file.id });
      const again = await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id: file.id } });
      expect([again.status, again.closedAt, again.exitedAt, again.closeReason]).toEqual(['cancelled', first.closedAt, first.exitedAt, first.closeReason]);
    } finally {
      await sys.stop();
    }
  });
});

/**
 * 公示 (the filing chain): an objection and its message to the waiting case. A crash between the
 * two — here the delivery fails as a killed process would — must not leave an objection that the
 * case never heard of.
 */
describe('an objection during 公示 and its message to the case commit together', () => {
  it('cut before the message reached the case: no objection is left behind; recorded again, it opens the investigation (was: kept, never investigated)', async () => {
    const sys = await testSystem();
    try {
      const staff = await login(sys.url!, 'staff');
      const { id, caseNo } = (await staff.post('/api/applications', demoApplication(43))).body;
      await sys.engine.drain();
      await complete(sys, staff, 'householdSurvey', caseNo, SURVEY);
      await complete(sys, staff, 'assignHelpers', caseNo, { firstHelperId: await userId(sys, 'helper'), secondHelperId: await userId(sys, 'helper2'), exitDeadline: '2027-12' });
      const dies = vi.spyOn(sys.engine, 'correlateMessage').mockRejectedValueOnce(new Error('SIGKILL'));
      const cut = await staff.post(`/api/files/${id}/objections`, { content: '群众反映其配偶经营一家超市' });
      expect(dies).toHaveBeenCalledTimes(1);
      expect(cut.status).toBe(500);
      expect(await sys.db.prisma.objection.count({ where: { fileId: id } })).toBe(0);
      dies.mockRestore();
      const again = await staff.post(`/api/files/${id}/objections`, { content: '群众反映其配偶经营一家超市' });
      expect(again.status, JSON.stringify(again.body)).toBe(201);
      await sys.engine.drain();
      expect(await sys.db.prisma.objection.count({ where: { fileId: id } })).toBe(1);
      await taskAt(await login(sys.url!, 'chair'), 'investigateObjection', caseNo);
    } finally {
      await sys.stop();
    }
  });
});
