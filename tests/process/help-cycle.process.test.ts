import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSystem, inbox } from '../support/system';
import { ManualClock } from '../../api/clock';
import { APPROVE, complete, officials, toApproval, toCountyReview } from '../support/filing';

/** The year after filing (SPEC §5.2, seed 二(二), 三, 四5): plan, visits, December evaluation, exit. */
describe('yearly help cycle', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let o: Awaited<ReturnType<typeof officials>>;

  beforeAll(async () => {
    sys = await testSystem({ clock: new ManualClock('2026-01-05T01:00:00Z') });
    o = await officials(sys);
    expect(
      (
        await o.admin.post('/api/level-rule-sets', {
          level: 'county',
          validFrom: '2026-01-01',
          title: '江阳区县级困难职工建档标准（演示）',
          perCapitaCeiling: { base: 'dibao', multiple: { num: 2, den: 1 }, inclusive: true },
          requireHardshipCause: true,
          netOfExpensesCeiling: null,
          acceptsNationalCriteria: true,
        })
      ).status,
    ).toBe(201);
  });
  afterAll(() => sys.stop());

  /** Files a household at county level and returns its file id. */
  async function filed(seq: number) {
    const { id, caseNo } = await toApproval(sys, o, seq);
    await toCountyReview(sys, o, caseNo, 'county');
    await complete(sys, o.county, 'countyReview', caseNo, APPROVE);
    const file = (await o.staff.get(`/api/files/${id}`)).body;
    expect(file.status).toBe('filed');
    return { id, fileNo: file.fileNo as string };
  }
  const at = async (iso: string) => {
    sys.clock.set(iso);
    await sys.engine.drain();
  };
  const income = async (id: string, months: Record<string, number>) => {
    for (const [month, perCapita] of Object.entries(months)) expect((await o.staff.put(`/api/files/${id}/income`, { month, perCapita })).status).toBe(200);
  };
  const taskOf = async (who: typeof o.staff, elementId: string, fileNo: string) => {
    const t = (await inbox(who)).body.find((t: any) => t.elementId === elementId && t.businessKey === `${fileNo}/2026`);
    expect(t, `${who.username}: ${elementId} of ${fileNo}`).toBeTruthy();
    return t;
  };
  const completeTask = async (who: typeof o.staff, elementId: string, fileNo: string, variables: object) => {
    const t = await taskOf(who, elementId, fileNo);
    const res = await who.post(`/api/tasks/${t.id}/complete`, { variables });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await sys.engine.drain();
  };

  it('plan in March, two visits, a payment, December evaluation to exited, chair signs, roster confirmed upward, file cancelled', async () => {
    const { id, fileNo } = await filed(1);
    // the plan waits for March
    expect((await inbox(o.helper)).body.some((t: any) => t.elementId === 'marchPlan')).toBe(false);
    await at('2026-03-02T01:00:00Z');
    const helperClient = o.helper;
    await completeTask(helperClient, 'marchPlan', fileNo, {
      visitDate: '2026-03-02',
      measures: ['employment', 'medical_insurance'],
      programmes: ['skills_training', 'medical_mutual_aid'],
      planText: '推荐参加技能培训促就业，配偶纳入职工医疗互助',
      promisedExitDate: '2026-12',
    });
    const plan = await sys.db.prisma.helpPlan.findUniqueOrThrow({ where: { fileId_year: { fileId: id, year: 2026 } } });
    expect([plan.measures, plan.programmes]).toEqual([['employment', 'medical_insurance'], ['skills_training', 'medical_mutual_aid']]);

    for (const [date, observed] of [['2026-06-15', 75_000], ['2026-09-20', 82_000]] as const) {
      const visit = await helperClient.post(`/api/files/${id}/visits`, { visitDate: date, visitors: '赵帮扶', notes: '入户了解就业和收入情况', incomeObserved: observed });
      expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    }
    // a payment under the level rule: a county-level file from the county union's fund
    const account = await o.city.post('/api/funds/accounts', { orgId: '510502', level: 'county' });
    expect(account.status, JSON.stringify(account.body)).toBe(201);
    expect((await o.city.post(`/api/funds/accounts/${account.body.id}/deposits`, { amount: 1_000_000, note: '2026年区县帮扶资金' })).status).toBe(201);
    const request = await o.county.post('/api/funds/disbursements', { fileId: id, accountId: account.body.id, kind: 'medical_aid', amount: 200_000, reason: '配偶透析医疗救助', idempotencyKey: `help-cycle-${id}` });
    expect(request.status, JSON.stringify(request.body)).toBe(201);
    expect((await o.county.post(`/api/funds/disbursements/${request.body.id}/approve`)).status).toBe(200);
    const paid = await o.county.post(`/api/funds/disbursements/${request.body.id}/pay`);
    expect([paid.status, paid.body.status, paid.body.bankCardLast4]).toEqual([200, 'paid', '0001']);
    expect((await o.county.get(`/api/funds/accounts/${account.body.id}`)).body.balance).toBe(800_000);

    // the other months of the second half-year, above the ¥680 dibao
    await income(id, { '2026-07': 78_000, '2026-08': 79_000, '2026-10': 80_000, '2026-11': 81_000, '2026-12': 82_000 });

    await at('2026-12-20T01:00:00Z');
    const evaluation = await taskOf(o.staff, 'decemberEvaluation', fileNo);
    expect(evaluation.variables.exitJudgement.outcome).toBe('exited');
    await completeTask(o.staff, 'decemberEvaluation', fileNo, { outcome: 'exited', causesRemoved: true, effectDescription: '家庭人均收入达到820元/月，连续6个月超过低保标准' });
    await completeTask(o.chair, 'chairSign', fileNo, { signed: true });
    expect((await o.staff.get(`/api/files/${id}`)).body.status).toBe('exit_pending');
    const signed = await sys.db.prisma.evaluation.findUniqueOrThrow({ where: { fileId_year: { fileId: id, year: 2026 } } });
    expect([signed.proposed, signed.outcome, !!signed.signedAt]).toEqual(['exited', 'exited', true]);
    // a token waiting for a message counts as waiting in the statistics (the heatmap's source)
    const definitionId = (await sys.db.prisma.processInstance.findFirstOrThrow({ where: { bpmnProcessId: 'help-cycle', status: 'active' } })).definitionId;
    expect((await sys.engine.elementStatistics(definitionId)).find((e) => e.elementId === 'exitConfirmed')?.active).toBe(1);

    const [roster] = (await o.chair.get('/api/rosters?year=2026')).body;
    expect([roster.kind, roster.status, roster.fileIds]).toEqual(['exit', 'draft', [id]]);
    expect((await o.county.post(`/api/rosters/${roster.id}/confirm`)).status).toBe(409); // not submitted yet
    expect((await o.staff.post(`/api/rosters/${roster.id}/submit`)).status).toBe(403);
    expect((await o.chair.post(`/api/rosters/${roster.id}/submit`)).status).toBe(200);
    expect((await o.county_nx.post(`/api/rosters/${roster.id}/confirm`)).status).toBe(404);
    expect((await o.county.post(`/api/rosters/${roster.id}/confirm`)).status).toBe(200);
    await sys.engine.drain();
    const file = (await o.staff.get(`/api/files/${id}`)).body;
    expect([file.status, file.closeReason]).toEqual(['cancelled', '解困脱困，经上级工会确认注销']);
  });

  it('relieved stays in help: the next year starts; exited is refused when a month of the last six is at the dibao', async () => {
    sys.clock.set('2026-01-05T01:00:00Z');
    const { id, fileNo } = await filed(2);
    await at('2026-03-02T01:00:00Z');
    const helperClient = o.helper;
    await completeTask(helperClient, 'marchPlan', fileNo, { visitDate: '2026-03-03', measures: ['social_assistance'], programmes: ['winter_warmth'], planText: '协助申请临时救助', promisedExitDate: '2027-12' });
    // September exactly at the ¥680 dibao breaks the run of six months above it
    await income(id, { '2026-07': 70_000, '2026-08': 71_000, '2026-09': 68_000, '2026-10': 72_000, '2026-11': 73_000, '2026-12': 74_000 });
    await at('2026-12-20T01:00:00Z');
    const evaluation = await taskOf(o.staff, 'decemberEvaluation', fileNo);
    expect(evaluation.variables.exitJudgement.outcome).not.toBe('exited');
    expect(evaluation.variables.exitJudgement.months.find((m: any) => m.month === '2026-09')).toMatchObject({ perCapita: 68_000, dibao: 68_000, above: false });
    const refused = await o.staff.post(`/api/tasks/${evaluation.id}/complete`, { variables: { outcome: 'exited', causesRemoved: true, effectDescription: '收入上升' } });
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.body.errors)).toEqual(['overrideReason']);
    await completeTask(o.staff, 'decemberEvaluation', fileNo, { outcome: 'relieved', causesRemoved: false, effectDescription: '收入明显增加，困境缓解', overrideReason: evaluation.variables.exitJudgement.outcome === 'relieved' ? undefined : '收入较建档时明显增加' });
    await completeTask(o.chair, 'chairSign', fileNo, { signed: true });
    expect((await o.staff.get(`/api/files/${id}`)).body.status).toBe('filed');
    const next = await sys.db.prisma.processInstance.findFirst({ where: { bpmnProcessId: 'help-cycle', businessKey: `${fileNo}/2027` } });
    expect(next?.status).toBe('active');
  });
});
