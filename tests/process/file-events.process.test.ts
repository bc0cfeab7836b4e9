import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSystem, inbox, login, type Client } from '../support/system';
import { ManualClock } from '../../api/clock';
import { APPROVE, complete, officials, toApproval, toCountyReview, userId } from '../support/filing';
import { demoApplication } from '../support/fixtures';
import { CANCELLATION_REASONS, CANCELLATION_REASON_LABELS } from '../../workers/life-events/vocabulary';

/**
 * File life events at any time (issue 10; seed 一(二), 一(三)4, 二(一)1): cancellation with each
 * reason approved by the chair, the upper union informed, the help cycle ended; transfer to
 * another union approved by both chairs, the file moving with its history and open tasks.
 */
describe('file life events', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let o: Awaited<ReturnType<typeof officials>>;
  let chairNx: Client;
  let helperNx: Client;

  beforeAll(async () => {
    sys = await testSystem({ clock: new ManualClock('2026-01-05T01:00:00Z') });
    o = await officials(sys);
    [chairNx, helperNx] = await Promise.all([login(sys.url!, 'chair_nx'), login(sys.url!, 'helper_nx')]);
    const rules = await o.admin.post('/api/level-rule-sets', {
      level: 'county',
      validFrom: '2026-01-01',
      title: '江阳区县级困难职工建档标准（演示）',
      perCapitaCeiling: { base: 'dibao', multiple: { num: 2, den: 1 }, inclusive: true },
      requireHardshipCause: true,
      netOfExpensesCeiling: null,
      acceptsNationalCriteria: true,
    });
    expect(rules.status).toBe(201);
  });
  afterAll(() => sys.stop());

  async function filed(seq: number) {
    const { id, caseNo } = await toApproval(sys, o, seq);
    await toCountyReview(sys, o, caseNo, 'county');
    await complete(sys, o.county, 'countyReview', caseNo, APPROVE);
    const file = (await o.staff.get(`/api/files/${id}`)).body;
    expect(file.status).toBe('filed');
    return { id, fileNo: file.fileNo as string };
  }
  const helpCycle = (fileNo: string) => sys.db.prisma.processInstance.findFirstOrThrow({ where: { bpmnProcessId: 'help-cycle', businessKey: `${fileNo}/2026` } });
  const eventTask = async (who: Client, elementId: string, businessKey: string) => {
    const t = (await inbox(who)).body.find((x: any) => x.elementId === elementId && x.businessKey === businessKey);
    expect(t, `${who.username}: ${elementId} of ${businessKey}`).toBeTruthy();
    return t;
  };
  const decide = async (who: Client, elementId: string, businessKey: string, variables: object) => {
    const t = await eventTask(who, elementId, businessKey);
    const res = await who.post(`/api/tasks/${t.id}/complete`, { variables });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await sys.engine.drain();
  };

  it('a transfer to the street union of another county moves the file, its open help-cycle task and its history; both approvals are audited', async () => {
    sys.clock.set('2026-01-05T01:00:00Z');
    const { id, fileNo } = await filed(1);
    sys.clock.set('2026-03-02T01:00:00Z');
    await sys.engine.drain();
    const plan = (await inbox(o.helper)).body.find((t: any) => t.elementId === 'marchPlan' && t.businessKey === `${fileNo}/2026`);
    expect(plan, 'the March plan waits for the old union’s helper').toBeTruthy();
    expect((await o.helper.post(`/api/tasks/${plan.id}/claim`)).status).toBe(200);

    // only the file's own grassroots staff request; a helper may not, another union cannot see it
    const body = { toOrgId: '510503-01', reason: 'unemployment', note: '解除劳动合同后领取失业保险金，由街道工会负责帮扶' };
    expect((await o.helper.post(`/api/files/${id}/transfer`, body)).status).toBe(403);
    expect((await o.staff_nx.post(`/api/files/${id}/transfer`, body)).status).toBe(404);
    const bad = await o.staff.post(`/api/files/${id}/transfer`, { ...body, toOrgId: '510503' });
    expect([bad.status, Object.keys(bad.body.errors)]).toEqual([422, ['toOrgId']]);
    const requested = await o.staff.post(`/api/files/${id}/transfer`, body);
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    await sys.engine.drain();
    expect((await o.staff.post(`/api/files/${id}/cancellation`, { reason: 'death', note: '' })).status).toBe(409); // one open event at a time
    const key = `transfer-${requested.body.id}`;

    // the new union's chair sees nothing before the old union's chair approved
    expect((await inbox(chairNx)).body.some((t: any) => t.businessKey === key)).toBe(false);
    await decide(o.chair, 'fromApproval', key, { decision: 'approve', comment: '同意转出' });
    const toTask = await eventTask(chairNx, 'toApproval', key);
    expect(toTask.variables.event).toMatchObject({ reason: 'unemployment', fromOrgName: '江阳区北城街道工会', toOrgName: '纳溪区安富街道工会' });
    const wrongHelper = await chairNx.post(`/api/tasks/${toTask.id}/complete`, { variables: { decision: 'approve', comment: '', helperId: await userId(sys, 'helper') } });
    expect([wrongHelper.status, Object.keys(wrongHelper.body.errors ?? {})]).toEqual([422, ['helperId']]);
    expect((await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id } })).orgId).toBe('510502-01');
    await decide(chairNx, 'toApproval', key, { decision: 'approve', comment: '同意接收', helperId: await userId(sys, 'helper_nx') });

    // the file moved, keeping its number, history and records
    const moved = await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id } });
    expect([moved.orgId, moved.orgPath, moved.fileNo, moved.status, moved.firstHelperId]).toEqual(['510503-01', '/100000/510000/510500/510503/510503-01/', fileNo, 'filed', await userId(sys, 'helper_nx')]);
    expect(moved.secondHelperId, 'the second helper of 江阳区 does not cover 纳溪区').toBeNull();
    for (const who of [o.staff, o.chair, o.helper, o.county]) expect((await who.get(`/api/files/${id}`)).status, who.username).toBe(404);
    for (const who of [o.staff_nx, o.county_nx, chairNx]) expect((await who.get(`/api/files/${id}`)).status, who.username).toBe(200);
    const seen = (await o.staff_nx.get(`/api/files/${id}`)).body;
    expect(seen.orgName).toBe('纳溪区安富街道工会');
    expect(seen.history.some((h: any) => h.elementId === 'countyReview' && h.type === 'completed')).toBe(true);
    const visits = (await o.staff_nx.get(`/api/files/${id}/visits`)).body;
    expect(visits.map((v: any) => v.kind)).toContain('survey');
    const events = (await o.staff_nx.get(`/api/files/${id}/events`)).body;
    expect(events.map((e: any) => [e.kind, e.status, e.fromOrgName, e.toOrgName, e.newHelperName])).toEqual([['transfer', 'approved', '江阳区北城街道工会', '纳溪区安富街道工会', '卫帮扶']]);
    expect((await o.staff.get(`/api/files/${id}/events`)).status).toBe(404);

    // the open help-cycle task moved too: the old helper's claim is released and the task is gone for him
    expect((await o.helper.get(`/api/tasks/${plan.id}`)).status).toBe(404);
    expect((await inbox(o.helper)).body.some((t: any) => t.id === plan.id)).toBe(false);
    const movedTask = (await inbox(helperNx)).body.find((t: any) => t.id === plan.id);
    expect([movedTask?.candidateOrgId, movedTask?.assignee]).toEqual(['510503-01', null]);
    // the new union enrols the household into a project of the city above it; the March plan links it
    const demoProject = await sys.db.prisma.assistanceProject.findFirstOrThrow({ where: { orgId: '510500', isDemo: true } });
    expect((await o.staff.post(`/api/projects/${demoProject.id}/enrolments`, { fileId: id })).status).toBe(422); // no longer the old union's household
    expect((await o.staff_nx.post(`/api/projects/${demoProject.id}/enrolments`, { fileId: id })).status).toBe(201);
    const done = await helperNx.post(`/api/tasks/${plan.id}/complete`, {
      variables: { visitDate: '2026-03-05', measures: ['employment'], programmes: ['skills_training'], planText: '领取失业保险金期间参加技能培训', promisedExitDate: '2026-12' },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    await sys.engine.drain();
    const savedPlan = await sys.db.prisma.helpPlan.findUniqueOrThrow({ where: { fileId_year: { fileId: id, year: 2026 } } });
    expect([savedPlan.projectIds, savedPlan.createdBy]).toEqual([[demoProject.id], await userId(sys, 'helper_nx')]);
    const cycle = await helpCycle(fileNo);
    expect([cycle.orgPath, (cycle.variables as any).orgs.grassroots, (cycle.variables as any).orgs.county]).toEqual(['/100000/510000/510500/510503/510503-01/', '510503-01', '510503']);

    // both approvals and the move are in the audit trail
    const trail = await sys.db.prisma.auditLog.findMany({ where: { entity: 'household_file', entityId: id }, orderBy: { id: 'asc' } });
    const names = new Map((await sys.db.prisma.user.findMany({ select: { id: true, username: true } })).map((u) => [u.id, u.username]));
    expect(trail.filter((a) => a.action !== 'create' && a.action !== 'assign_helpers').map((a) => [a.action, a.userId ? names.get(a.userId) : null])).toEqual([
      ['request_transfer', 'staff'],
      ['approve_transfer_out', 'chair'],
      ['approve_transfer_in', 'chair_nx'],
      ['transfer', null],
    ]);
    // both county unions are informed
    for (const who of [o.county, o.county_nx]) {
      const notes = (await who.get('/api/notifications')).body;
      expect(notes.some((n: any) => n.kind === 'file_event' && n.message.includes(fileNo) && n.message.includes('纳溪区安富街道工会')), who.username).toBe(true);
    }
  });

  it('a transfer declined by the new union leaves the file where it was', async () => {
    sys.clock.set('2026-01-05T01:00:00Z');
    const { id } = await filed(2);
    const requested = await o.staff.post(`/api/files/${id}/transfer`, { toOrgId: '510503-01', reason: 'new_employer', note: '' });
    expect(requested.status).toBe(201);
    await sys.engine.drain();
    const key = `transfer-${requested.body.id}`;
    await decide(o.chair, 'fromApproval', key, APPROVE);
    const t = await eventTask(chairNx, 'toApproval', key);
    const noReason = await chairNx.post(`/api/tasks/${t.id}/complete`, { variables: { decision: 'reject', comment: '' } });
    expect([noReason.status, Object.keys(noReason.body.errors)]).toEqual([422, ['comment']]);
    await decide(chairNx, 'toApproval', key, { decision: 'reject', comment: '新单位不在本街道辖区' });
    expect((await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id } })).orgId).toBe('510502-01');
    expect((await o.staff.get(`/api/files/${id}/events`)).body[0].status).toBe('rejected');
    expect((await o.staff_nx.get(`/api/files/${id}`)).status).toBe(404);
  });

  it('cancellation with each reason: chair approves, the file is cancelled, its help cycle ends, the county is informed; an untrue declaration blacklists', async () => {
    let seq = 10;
    for (const reason of CANCELLATION_REASONS) {
      sys.clock.set('2026-01-05T01:00:00Z');
      const { id, fileNo } = await filed(++seq);
      const before = await helpCycle(fileNo);
      expect(before.status).toBe('active');
      if (reason === 'untrue_declaration') {
        const noNote = await o.staff.post(`/api/files/${id}/cancellation`, { reason, note: '' });
        expect([noNote.status, Object.keys(noNote.body.errors)]).toEqual([422, ['note']]);
      }
      expect((await o.chair.post(`/api/files/${id}/cancellation`, { reason, note: '' })).status).toBe(403);
      const note = reason === 'untrue_declaration' ? '经税务部门复核，隐瞒经营收入' : '';
      const requested = await o.staff.post(`/api/files/${id}/cancellation`, { reason, note });
      expect(requested.status, JSON.stringify(requested.body)).toBe(201);
      await sys.engine.drain();
      expect((await o.staff.get(`/api/files/${id}`)).body.status).toBe('filed'); // until the chair approves
      await decide(o.chair, 'chairApproval', `cancellation-${requested.body.id}`, { decision: 'approve', comment: '' });

      const file = (await o.staff.get(`/api/files/${id}`)).body;
      expect([reason, file.status, file.closeReason.includes(CANCELLATION_REASON_LABELS[reason])]).toEqual([reason, 'cancelled', true]);
      expect(!!file.exitedAt).toBe(reason === 'exited');
      const after = await helpCycle(fileNo);
      expect(after.status).toBe('terminated');
      expect(await sys.db.prisma.timer.count({ where: { instanceId: after.id, status: 'pending' } })).toBe(0);
      const notes = (await o.county.get('/api/notifications')).body;
      expect(notes.some((n: any) => n.kind === 'file_event' && n.message.includes(fileNo) && n.message.includes(CANCELLATION_REASON_LABELS[reason]))).toBe(true);
      const blacklisted = await sys.db.prisma.blacklist.findUnique({ where: { idNumber: (await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id } })).idNumber } });
      expect([reason, !!blacklisted]).toEqual([reason, reason === 'untrue_declaration']);
      if (reason === 'untrue_declaration') {
        const again = await o.staff.post('/api/applications', demoApplication(seq));
        expect([again.status, again.body.message]).toEqual([409, '申请人或家庭成员已列入建档黑名单，不予受理']);
      }
    }
  });

  it('a cancellation the chair declines keeps the file and its help cycle', async () => {
    sys.clock.set('2026-01-05T01:00:00Z');
    const { id, fileNo } = await filed(30);
    const requested = await o.staff.post(`/api/files/${id}/cancellation`, { reason: 'resignation', note: '' });
    await sys.engine.drain();
    await decide(o.chair, 'chairApproval', `cancellation-${requested.body.id}`, { decision: 'reject', comment: '本人仍在职，未辞职' });
    expect((await o.staff.get(`/api/files/${id}`)).body.status).toBe('filed');
    expect((await helpCycle(fileNo)).status).toBe('active');
    expect((await o.staff.get(`/api/files/${id}/events`)).body[0]).toMatchObject({ kind: 'cancellation', status: 'rejected' });
  });

  it('re-entry: a new filing of a household whose file was cancelled links the old file, and each file page shows the link', async () => {
    sys.clock.set('2026-01-05T01:00:00Z');
    const { id } = await filed(40);
    const requested = await o.staff.post(`/api/files/${id}/cancellation`, { reason: 'contract_ended', note: '劳动合同期满终止' });
    await sys.engine.drain();
    await decide(o.chair, 'chairApproval', `cancellation-${requested.body.id}`, APPROVE);
    const again = await o.staff.post('/api/applications', demoApplication(40));
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    const fresh = (await o.staff.get(`/api/files/${again.body.id}`)).body;
    expect(fresh.previousFile).toMatchObject({ id, status: 'cancelled', visible: true });
    expect(fresh.previousFile.closeReason).toContain('解除（终止）劳动合同');
    expect((await o.staff.get(`/api/files/${id}`)).body.laterFile).toMatchObject({ id: again.body.id, caseNo: again.body.caseNo });
    // a household never filed before links nothing
    const first = await o.staff.post('/api/applications', demoApplication(41));
    expect((await o.staff.get(`/api/files/${first.body.id}`)).body.previousFile).toBeNull();
  });
});
