import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSystem, login, type Client } from '../support/system';
import { demoApplication } from '../support/fixtures';

/** Issue 3 through the API: standards by region and date, level rule sets, the pre-check. */
describe('rule parameters and the eligibility pre-check', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let admin: Client, staff: Client;

  beforeAll(async () => {
    sys = await testSystem();
    [admin, staff] = await Promise.all([login(sys.url!, 'admin'), login(sys.url!, 'staff')]);
  });
  afterAll(() => sys.stop());

  const lookup = (c: Client, regionCode: string, date: string) => c.get(`/api/standards/lookup?regionCode=${regionCode}&date=${date}`);

  it('a process admin adds a dated standard; lookups before and after its date see the old and the new one', async () => {
    const created = await admin.post('/api/standards', { regionCode: '510502', validFrom: '2026-07-01', dibao: 70_000, note: '2026年7月调整（演示）' });
    expect(created.status).toBe(201);
    expect((await lookup(staff, '510502', '2026-06-30')).body).toMatchObject({ regionCode: '510502', validFrom: '2024-07-01', dibao: 68_000 });
    expect((await lookup(staff, '510502', '2026-07-01')).body).toMatchObject({ regionCode: '510502', validFrom: '2026-07-01', dibao: 70_000, isDemo: false });
    // a county without its own row falls back to the city's standard
    expect((await lookup(staff, '510599', '2026-07-01')).body).toMatchObject({ regionCode: '510500', dibao: 68_000 });
    expect((await lookup(staff, '510502', '2017-12-31')).status).toBe(404);

    const edited = await admin.put(`/api/standards/${created.body.id}`, { regionCode: '510502', validFrom: '2026-07-01', dibao: 71_000 });
    expect(edited.body.dibao).toBe(71_000);
    const trail = await sys.db.prisma.auditLog.findMany({ where: { entity: 'dibao_standard', entityId: created.body.id }, orderBy: { id: 'asc' } });
    expect(trail.map((a) => [a.action, (a.before as any)?.dibao ?? null, (a.after as any).dibao])).toEqual([
      ['create', null, 70_000],
      ['update', 70_000, 71_000],
    ]);
  });

  it('only a process admin may change standards, and bad figures are refused by field', async () => {
    const before = await sys.db.prisma.dibaoStandard.count();
    expect((await staff.post('/api/standards', { regionCode: '510502', validFrom: '2027-01-01', dibao: 72_000 })).status).toBe(403);
    const bad = await admin.post('/api/standards', { regionCode: '510502', validFrom: '2027-01-01', dibao: 720.5, lowIncomeLine: 1 });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toHaveProperty('dibao');
    const below = await admin.post('/api/standards', { regionCode: '510502', validFrom: '2027-01-01', dibao: 72_000, lowIncomeLine: 1 });
    expect(below.body.errors).toEqual({ lowIncomeLine: '低收入标准不得低于低保标准' });
    expect((await admin.post('/api/standards', { regionCode: '510502', validFrom: '2024-07-01', dibao: 1 })).status).toBe(409);
    expect(await sys.db.prisma.dibaoStandard.count()).toBe(before);
  });

  it('the pre-check explains the decision, reconciles the two income declarations and stores nothing', async () => {
    const files = await sys.db.prisma.householdFile.count();
    const res = await staff.post('/api/eligibility/evaluate', { application: demoApplication(1), date: '2026-03-02' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ eligible: true, criteria: ['BELOW_DIBAO_NO_AID'], exclusions: [], perCapitaMonthlyIncome: 46_667, levels: ['national'] });
    expect(res.body.standards).toMatchObject({ regionCode: '510502', dibao: 68_000, isDemo: true });
    expect(res.body.reconciliation).toEqual({ annual: 1_800_000, sixMonth: 900_000, sixMonthAnnualized: 1_800_000, difference: 0, consistent: true });
    const rule = res.body.checks.find((c: any) => c.id === 'BELOW_DIBAO_NO_AID');
    expect(rule.passed).toBe(true);
    expect(rule.explanation).toMatch(/¥466\.67/);
    expect(await sys.db.prisma.householdFile.count()).toBe(files);

    const uneven = demoApplication(1);
    uneven.income!.sixMonthIncome = 500_000;
    const flagged = await staff.post('/api/eligibility/evaluate', { application: uneven, date: '2026-03-02' });
    expect(flagged.body.reconciliation).toMatchObject({ sixMonthAnnualized: 1_000_000, difference: -800_000, consistent: false });
  });

  it('a migrant worker is judged on the work location standard', async () => {
    const app = demoApplication(2);
    app.applicant = { ...app.applicant, hukouRegion: '510525', isMigrantWorker: true, workRegion: '510502' };
    const res = await staff.post('/api/eligibility/evaluate', { application: app, date: '2026-03-02' });
    expect(res.body.standards.regionCode).toBe('510502');
    expect(res.body.criteria).toEqual(['BELOW_DIBAO_NO_AID', 'MIGRANT_WORKER']);
  });

  it('a city rule set a process admin configures files a household the national criteria do not reach', async () => {
    const ruleSet = {
      level: 'city',
      validFrom: '2026-01-01',
      title: '泸州市市级困难职工建档标准（演示）',
      perCapitaCeiling: { base: 'dibao', multiple: { num: 2, den: 1 }, inclusive: true },
      requireHardshipCause: true,
      netOfExpensesCeiling: null,
      acceptsNationalCriteria: true,
    };
    expect((await staff.post('/api/level-rule-sets', ruleSet)).status).toBe(403);
    const created = await admin.post('/api/level-rule-sets', ruleSet);
    expect(created.status).toBe(201);
    expect(created.body.version).toBe(1);

    // ¥1,000 per person per month: above the ¥680 dibao and the 1.5 × line, within 2 × dibao
    const app = demoApplication(3);
    app.income = { ...app.income!, annualWages: 3_600_000, annualSocialInsurance: 0, sixMonthIncome: 1_800_000, monthsBelowDibao: 0, annualNecessaryExpenses: 0 };
    const res = await staff.post('/api/eligibility/evaluate', { application: app, date: '2026-03-02' });
    expect(res.body.perCapitaMonthlyIncome).toBe(100_000);
    expect(res.body.eligible).toBe(false);
    expect(res.body.levels).toEqual(['city']);
    const city = res.body.levelVerdicts.find((v: any) => v.level === 'city');
    expect(city.ruleSet).toEqual({ version: 1, validFrom: '2026-01-01', title: ruleSet.title });
  });
  it('the due dates per step and the calendar keep their history: who changed what, when, from what to what', async () => {
    const put = (dueWorkingDays: number) => admin.put('/api/calendar/deadlines', { bpmnProcessId: 'filing', elementId: 'countyReview', dueWorkingDays, escalateWorkingDays: 3 });
    expect((await put(7)).status).toBe(200);
    sys.clock.advance(60_000);
    expect((await put(10)).status).toBe(200);
    expect((await admin.put('/api/calendar/days', { date: '2026-10-08', kind: 'holiday', name: '国庆节' })).status).toBe(200);
    const history = async (entity: string) => staff.get(`/api/calendar/history?filter=${encodeURIComponent(JSON.stringify({ entity }))}&sort=${encodeURIComponent('["at","DESC"]')}`);
    const deadlines = (await history('step_deadline')).body.filter((h: { entityId: string }) => h.entityId === 'filing:countyReview');
    expect(deadlines.map((h: any) => [h.action, h.before?.dueWorkingDays ?? null, h.after.dueWorkingDays, h.by])).toEqual([
      ['update', 7, 10, '孙流程'],
      ['create', null, 7, '孙流程'],
    ]);
    expect(new Date(deadlines[0].at).getTime()).toBeGreaterThan(new Date(deadlines[1].at).getTime());
    const days = (await history('calendar_day')).body;
    expect(days[0]).toMatchObject({ entityId: '2026-10-08', action: 'create', after: { kind: 'holiday', name: '国庆节' }, by: '孙流程' });
    // only these two histories: the audit chain is not readable through this route
    const other = await history('dibao_standard');
    expect(other.status).toBe(400);
    expect(other.body.errors['filter.entity']).toBeTruthy();
  });
});
