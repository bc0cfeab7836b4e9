import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbox, testSystem } from '../support/system';
import { officials } from '../support/filing';
import { ManualClock } from '../../api/clock';

const PLAN = {
  items: [
    { category: 'employment', measures: '组织技能培训和创业援助，推荐就业岗位', households: 12, budget: 5_000_000 },
    { category: 'medical_insurance', measures: '大病专项救助，纳入职工医疗互助', households: 8, budget: 3_000_000 },
  ],
  planText: '江阳区总工会2026年分类帮扶措施方案：统筹安排资金，指导基层工会落实一户一策。',
};

/** seed 四5: 各区县工会…“分类帮扶”措施…每年4月底前报市总工会备案. */
describe('yearly work plans and the April deadline', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let o: Awaited<ReturnType<typeof officials>>;
  let timelineId: string;

  beforeAll(async () => {
    sys = await testSystem({ clock: new ManualClock('2026-04-01T01:00:00Z') });
    o = await officials(sys);
  });
  afterAll(() => sys.stop());

  const taskOf = async (who: typeof o.county, elementId: string, union: string) => {
    const t = (await inbox(who)).body.find((t: any) => t.elementId === elementId && t.businessKey === `work-plan-2026-${union}`);
    expect(t, `${who.username}: ${elementId} of ${union}`).toBeTruthy();
    return t;
  };
  const completeTask = async (who: typeof o.county, elementId: string, union: string, variables: object) => {
    const t = await taskOf(who, elementId, union);
    const res = await who.post(`/api/tasks/${t.id}/complete`, { variables });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await sys.engine.drain();
  };

  it('the city asks every county-level union for its plan, due 30 April; only the city may', async () => {
    expect((await o.county.post('/api/work-plans', { year: 2026 })).status).toBe(403);
    const started = await o.city.post('/api/work-plans', { year: 2026 });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.map((p: any) => p.orgId).sort()).toEqual(['510500-XT', '510500-ZS', '510502', '510503', '510504', '510521', '510522', '510524', '510525']);
    expect(started.body.every((p: any) => p.dueDate === '2026-04-30' && p.status === 'pending')).toBe(true);
    expect((await o.city.post('/api/work-plans', { year: 2026 })).status).toBe(409);
    await sys.engine.drain();
    const task = await taskOf(o.county, 'submitPlan', '510502');
    expect(new Date(task.dueAt).toISOString()).toBe('2026-04-30T15:59:59.000Z');
    // 纳溪区's task is not 江阳区's to see
    expect((await inbox(o.county)).body.some((t: any) => t.businessKey === 'work-plan-2026-510503')).toBe(false);
    const timeline = await o.city.post('/api/timelines', { year: 2026, name: '2026年困难职工解困脱困工作' });
    expect(timeline.status, JSON.stringify(timeline.body)).toBe(201);
    timelineId = timeline.body.id;
    expect((timeline.body.milestones as any[]).find((m) => m.key === 'work_plan')).toMatchObject({ end: '2026-04-30' });
  });

  it('江阳区 submits, the city returns it for changes, 江阳区 resubmits and the city files it', async () => {
    sys.clock.set('2026-04-20T02:00:00Z');
    const bad = await (async () => {
      const t = await taskOf(o.county, 'submitPlan', '510502');
      return o.county.post(`/api/tasks/${t.id}/complete`, { variables: { items: [], planText: '' } });
    })();
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['items', 'planText']);
    await completeTask(o.county, 'submitPlan', '510502', PLAN);
    let plans = (await o.city.get('/api/work-plans?year=2026')).body;
    expect(plans.find((p: any) => p.orgId === '510502')).toMatchObject({ status: 'submitted', submitted: true, overdue: false });

    const noReason = await (async () => {
      const t = await taskOf(o.city, 'reviewPlan', '510502');
      return o.city.post(`/api/tasks/${t.id}/complete`, { variables: { decision: 'return' } });
    })();
    expect(noReason.status).toBe(422);
    expect(Object.keys(noReason.body.errors)).toEqual(['comment']);
    await completeTask(o.city, 'reviewPlan', '510502', { decision: 'return', comment: '就业类措施须写明培训人数和资金来源' });
    expect((await o.county.get(`/api/work-plans/${plans.find((p: any) => p.orgId === '510502').id}`)).body).toMatchObject({ status: 'returned', reviewComment: '就业类措施须写明培训人数和资金来源' });

    sys.clock.set('2026-05-06T02:00:00Z'); // revised after the due date: the first submission was on time
    await completeTask(o.county, 'submitPlan', '510502', { ...PLAN, planText: `${PLAN.planText}技能培训120人，资金来源为省总和区总工会。` });
    await completeTask(o.city, 'reviewPlan', '510502', { decision: 'approve', comment: '' });
    plans = (await o.city.get('/api/work-plans?year=2026')).body;
    expect(plans.find((p: any) => p.orgId === '510502')).toMatchObject({ status: 'accepted', overdue: false });
    const audits = await sys.db.prisma.auditLog.findMany({ where: { entity: 'work_plan', entityId: plans.find((p: any) => p.orgId === '510502').id }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => a.action)).toEqual(['submit', 'return', 'submit', 'accept']);
  });

  it('a county that missed the April plan deadline appears in the city’s missed-milestone list; one that met it does not', async () => {
    // 纳溪区 never submitted; the city sees who has not
    const plans = (await o.city.get('/api/work-plans?year=2026')).body;
    const naxi = plans.find((p: any) => p.orgId === '510503');
    expect(naxi).toMatchObject({ status: 'pending', submitted: false, overdue: true });

    const missed = await o.supervisor.get(`/api/timelines/${timelineId}/missed`);
    expect(missed.status, JSON.stringify(missed.body)).toBe(200);
    const planRows = missed.body.filter((m: any) => m.key === 'work_plan');
    expect(planRows.map((m: any) => m.orgId)).toContain('510503');
    expect(planRows.find((m: any) => m.orgId === '510503')).toMatchObject({ status: 'missed', orgName: '纳溪区总工会', end: '2026-04-30' });
    expect(planRows.map((m: any) => m.orgId)).not.toContain('510502');
    // eight county-level unions did not submit: all of them and nobody else
    expect(planRows.map((m: any) => m.orgId).sort()).toEqual(['510500-XT', '510500-ZS', '510503', '510504', '510521', '510522', '510524', '510525']);
    const cityList = await o.city.get(`/api/timelines/${timelineId}/missed`);
    expect(cityList.body.filter((m: any) => m.key === 'work_plan')).toHaveLength(8);

    // 纳溪区 submits late: still listed, as late
    sys.clock.set('2026-05-08T02:00:00Z');
    await completeTask(o.county_nx, 'submitPlan', '510503', PLAN);
    const after = (await o.supervisor.get(`/api/timelines/${timelineId}/missed`)).body;
    expect(after.find((m: any) => m.orgId === '510503' && m.key === 'work_plan')).toMatchObject({ status: 'late' });
    const progress = (await o.city.get(`/api/timelines/${timelineId}`)).body;
    expect(progress.unions.find((u: any) => u.orgId === '510502').milestones.find((m: any) => m.key === 'work_plan')).toMatchObject({ status: 'done', done: 1, total: 1 });
    // grassroots staff do not read the supervisors' list
    expect((await o.staff.get(`/api/timelines/${timelineId}/missed`)).status).toBe(403);
  });

  it('before the deadline the plan milestone is open, not missed', async () => {
    sys.clock.set('2027-04-02T02:00:00Z');
    expect((await o.city.post('/api/work-plans', { year: 2027 })).status).toBe(201);
    await sys.engine.drain();
    const timeline = await o.city.post('/api/timelines', { year: 2027, name: '2027年困难职工解困脱困工作' });
    const progress = (await o.city.get(`/api/timelines/${timeline.body.id}`)).body;
    expect(progress.unions.find((u: any) => u.orgId === '510503').milestones.find((m: any) => m.key === 'work_plan')).toMatchObject({ status: 'open', done: 0, total: 1 });
    expect((await o.supervisor.get(`/api/timelines/${timeline.body.id}/missed`)).body.filter((m: any) => m.key === 'work_plan')).toEqual([]);
  });
});
