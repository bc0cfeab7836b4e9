import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSystem } from '../support/system';
import { demoApplication } from '../support/fixtures';
import { complete, officials, SURVEY, taskAt, userId } from '../support/filing';

/** 公示 on the working-day calendar, stalled-task reminders and escalations, the public page. */
describe('publicity, deadlines and escalation on the working-day calendar', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let o: Awaited<ReturnType<typeof officials>>;

  beforeAll(async () => {
    // Monday 2 March 2026, 09:00 in Luzhou
    sys = await testSystem();
    o = await officials(sys);
    expect((await o.admin.put('/api/calendar/days', { date: '2026-03-05', kind: 'holiday', name: '演示假日' })).status).toBe(200);
    expect((await o.staff.put('/api/calendar/days', { date: '2026-03-06', kind: 'holiday', name: 'x' })).status).toBe(403);
    const bad = await o.admin.put('/api/calendar/days', { date: '2026-02-30', kind: 'holiday', name: 'x' });
    expect([bad.status, Object.keys(bad.body.errors)]).toEqual([422, ['date']]);
  });
  afterAll(() => sys.stop());

  it('公示 lasts exactly five working days across a holiday and a weekend, and the public page shows masked data only', async () => {
    const { id, caseNo } = (await o.staff.post('/api/applications', demoApplication(1))).body;
    await sys.engine.drain();
    await complete(sys, o.staff, 'householdSurvey', caseNo, SURVEY);
    await complete(sys, o.staff, 'assignHelpers', caseNo, { firstHelperId: await userId(sys, 'helper'), secondHelperId: await userId(sys, 'helper2'), exitDeadline: '2027-12' });
    const file = await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id } });
    // Tue 3, Wed 4, (Thu 5 holiday), Fri 6, (weekend), Mon 9, Tue 10: ends at 00:00 on Wed 11 March in Luzhou
    expect(file.publicityEndsAt?.toISOString()).toBe('2026-03-10T16:00:00.000Z');

    const page = await fetch(`${sys.url}/public/publicity/510502`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('张*国');
    expect(html).toContain(demoApplication(1).applicant.idNumber.slice(-4));
    expect(html).not.toContain(demoApplication(1).applicant.idNumber);
    expect(html).not.toMatch(/\d{17}[\dX]/);
    expect(html).not.toContain('张建国');
    expect(html).not.toContain('13800138000');
    expect(html).not.toMatch(/¥|收入|18000|1,800,000|466/);

    sys.clock.set(new Date(file.publicityEndsAt!.getTime() - 1));
    await sys.engine.drain();
    expect((await o.chair.get('/api/tasks')).body.some((t: any) => t.businessKey === caseNo)).toBe(false);
    sys.clock.set(file.publicityEndsAt!);
    await sys.engine.drain();
    await taskAt(o.chair, 'grassrootsApproval', caseNo);
    expect(await (await fetch(`${sys.url}/public/publicity/510502`)).text()).not.toContain('张*国');
  });

  it('a stalled task reminds at its due date and escalates to the upper union at its escalation date', async () => {
    sys.clock.set('2026-03-16T01:00:00Z'); // Monday 16 March, 09:00
    await o.admin.put('/api/calendar/deadlines', { bpmnProcessId: 'filing', elementId: 'householdSurvey', dueWorkingDays: 3, escalateWorkingDays: 2 });
    const { caseNo } = (await o.staff.post('/api/applications', demoApplication(2))).body;
    await sys.engine.drain();
    const task = await taskAt(o.staff, 'householdSurvey', caseNo);
    // due: Tue 17, Wed 18, Thu 19 → 00:00 Fri 20; escalation: Fri 20, Mon 23 → 00:00 Tue 24 (Luzhou)
    expect([task.dueAt, task.followUpAt]).toEqual(['2026-03-19T16:00:00.000Z', '2026-03-23T16:00:00.000Z']);
    const notes = async () => (await sys.db.prisma.notification.findMany({ where: { taskId: task.id }, orderBy: { createdAt: 'asc' } })).map((n) => [n.kind, n.role, n.orgId]);

    sys.clock.set('2026-03-19T15:59:59Z');
    await sys.engine.drain();
    expect(await notes()).toEqual([]);
    sys.clock.set('2026-03-19T16:00:00Z');
    await sys.engine.drain();
    expect(await notes()).toEqual([['reminder', 'grassroots_staff', '510502-01']]);
    expect((await o.staff.get('/api/notifications')).body.map((n: any) => n.message)).toContain('任务“入户调查核实”已到办理期限，请尽快办理');
    expect((await o.staff_nx.get('/api/notifications')).body).toEqual([]);

    sys.clock.set('2026-03-23T16:00:00Z');
    await sys.engine.drain();
    expect(await notes()).toEqual([
      ['reminder', 'grassroots_staff', '510502-01'],
      ['escalation', 'supervisor', '510502'],
    ]);
    expect((await o.supervisor.get('/api/notifications')).body.map((n: any) => n.kind)).toContain('escalation');
    // overdue tasks are visible as such in the inbox
    const overdue = await o.staff.get(`/api/tasks?filter=${encodeURIComponent('{"view":"overdue"}')}`);
    expect(overdue.body.map((t: any) => [t.id, t.overdue])).toContainEqual([task.id, true]);
  });
});
