import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSystem, login, inbox, type Client } from '../support/system';
import { demoApplication } from '../support/fixtures';

/** The filing process (SPEC §5.1) through the API, one official after another. */
describe('filing: from application to filed, each task only in the inboxes it belongs to', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let staff: Client, chair: Client, county: Client, staff2: Client, staffNx: Client, countyNx: Client;

  beforeAll(async () => {
    sys = await testSystem();
    const base = sys.url!;
    [staff, chair, county, staff2, staffNx, countyNx] = await Promise.all(
      ['staff', 'chair', 'county', 'staff2', 'staff_nx', 'county_nx'].map((u) => login(base, u)),
    );
  });
  afterAll(() => sys.stop());

  const only = async (clients: Client[], elementId: string) => {
    const seen: Record<string, boolean> = {};
    for (const c of clients) seen[c.username] = (await inbox(c)).body.some((t: any) => t.elementId === elementId);
    return seen;
  };

  const openTask = async (c: Client, elementId: string, caseNo: string) => {
    const list = await inbox(c);
    const task = list.body.find((t: any) => t.elementId === elementId && t.businessKey === caseNo);
    expect(task, `${c.username} should see ${elementId}`).toBeTruthy();
    return task;
  };

  it('grassroots survey → chair approval → county review → filed with a file number', async () => {
    const created = await staff.post('/api/applications', demoApplication(1));
    expect(created.status).toBe(201);
    const { id, caseNo } = created.body;
    await sys.engine.drain();

    const everyone = [staff, chair, county, staff2, staffNx, countyNx];
    expect(await only(everyone, 'householdSurvey')).toEqual({ staff: true, chair: false, county: false, staff2: false, staff_nx: false, county_nx: false });

    const survey = await openTask(staff, 'householdSurvey', caseNo);
    expect(survey.variables.eligibility.eligible).toBe(true);
    expect(survey.variables.eligibility.criteria).toEqual(['BELOW_DIBAO_NO_AID']);
    expect(survey.file.applicantName).toBe('张*国');
    expect((await staff.post(`/api/tasks/${survey.id}/claim`)).status).toBe(200);
    const done = await staff.post(`/api/tasks/${survey.id}/complete`, {
      variables: { visitDate: '2026-03-03', visitors: '李保障、赵帮扶', findings: '家中确有重病患者，收入情况属实', factsConfirmed: true },
    });
    expect(done.status).toBe(200);
    await sys.engine.drain();

    expect(await only(everyone, 'grassrootsApproval')).toEqual({ staff: false, chair: true, county: false, staff2: false, staff_nx: false, county_nx: false });
    const approval = await openTask(chair, 'grassrootsApproval', caseNo);
    expect((await chair.post(`/api/tasks/${approval.id}/complete`, { variables: { decision: 'approve', comment: '' } })).status).toBe(200);
    await sys.engine.drain();

    expect(await only(everyone, 'countyReview')).toEqual({ staff: false, chair: false, county: true, staff2: false, staff_nx: false, county_nx: false });
    const review = await openTask(county, 'countyReview', caseNo);
    expect((await county.post(`/api/tasks/${review.id}/complete`, { variables: { decision: 'approve', comment: '复核通过' } })).status).toBe(200);
    await sys.engine.drain();

    const file = await staff.get(`/api/files/${id}`);
    expect(file.body.status).toBe('filed');
    expect(file.body.level).toBe('national');
    expect(file.body.fileNo).toBe('510502-2026-000001');
    expect(file.body.history.filter((h: any) => h.type === 'completed').map((h: any) => h.elementName)).toEqual([
      '提交建档申请',
      '查重与黑名单核查',
      '建档资格预审',
      '入户调查核实',
      '基层工会主席审批',
      '区县工会复核',
      '建档登记',
      '已建档',
    ]);
    // another county never sees the file at all
    expect((await countyNx.get(`/api/files/${id}`)).status).toBe(404);
    expect((await staff2.get(`/api/files/${id}`)).status).toBe(404);
    expect((await county.get(`/api/files/${id}`)).status).toBe(200);
  });

  it('county review returns the case; grassroots resubmits the same case; it is filed on the second pass', async () => {
    const created = await staff.post('/api/applications', demoApplication(2));
    const { id, caseNo } = created.body;
    await sys.engine.drain();
    const survey = await openTask(staff, 'householdSurvey', caseNo);
    await staff.post(`/api/tasks/${survey.id}/complete`, { variables: { visitDate: '2026-03-03', visitors: '李保障', findings: '属实', factsConfirmed: true } });
    await sys.engine.drain();
    await chair.post(`/api/tasks/${(await openTask(chair, 'grassrootsApproval', caseNo)).id}/complete`, { variables: { decision: 'approve' } });
    await sys.engine.drain();
    const missingReason = await county.post(`/api/tasks/${(await openTask(county, 'countyReview', caseNo)).id}/complete`, { variables: { decision: 'return' } });
    expect(missingReason.status).toBe(422);
    expect(missingReason.body.errors).toEqual({ comment: '退回重报须填写退回原因' });
    await county.post(`/api/tasks/${(await openTask(county, 'countyReview', caseNo)).id}/complete`, { variables: { decision: 'return', comment: '缺少医疗费用票据' } });
    await sys.engine.drain();
    expect((await staff.get(`/api/files/${id}`)).body.status).toBe('returned');

    const resubmit = await openTask(staff, 'resubmit', caseNo);
    const edited = await staff.put(`/api/files/${id}`, { ...demoApplication(2), remarks: '已补充医疗费用票据' });
    expect(edited.status).toBe(200);
    await staff.post(`/api/tasks/${resubmit.id}/complete`, { variables: { comment: '已补充票据' } });
    await sys.engine.drain();
    expect((await staff.get(`/api/files/${id}`)).body.status).toBe('in_review');
    const again = await openTask(staff, 'householdSurvey', caseNo);
    await staff.post(`/api/tasks/${again.id}/complete`, { variables: { visitDate: '2026-03-05', visitors: '李保障', findings: '票据已核', factsConfirmed: true } });
    await sys.engine.drain();
    await chair.post(`/api/tasks/${(await openTask(chair, 'grassrootsApproval', caseNo)).id}/complete`, { variables: { decision: 'approve' } });
    await sys.engine.drain();
    await county.post(`/api/tasks/${(await openTask(county, 'countyReview', caseNo)).id}/complete`, { variables: { decision: 'approve' } });
    await sys.engine.drain();
    const file = (await staff.get(`/api/files/${id}`)).body;
    expect([file.status, file.caseNo]).toEqual(['filed', caseNo]);
  });

  it('refuses an application for a person already in an active file, naming only the other union', async () => {
    const dup = await staff2.post('/api/applications', demoApplication(1));
    expect(dup.status).toBe(409);
    expect(dup.body.message).toBe('申请人或家庭成员已在江阳区北城街道工会的困难职工档案中，不能重复建档');
  });

  it('chair refusal closes the case as not filed, with the reason', async () => {
    const { id, caseNo } = (await staff.post('/api/applications', demoApplication(3))).body;
    await sys.engine.drain();
    await staff.post(`/api/tasks/${(await openTask(staff, 'householdSurvey', caseNo)).id}/complete`, { variables: { visitDate: '2026-03-03', visitors: '李保障', findings: '有两套住房未申报', factsConfirmed: false } });
    await sys.engine.drain();
    await chair.post(`/api/tasks/${(await openTask(chair, 'grassrootsApproval', caseNo)).id}/complete`, { variables: { decision: 'refuse', comment: '入户发现有两套住房' } });
    await sys.engine.drain();
    const file = (await staff.get(`/api/files/${id}`)).body;
    expect([file.status, file.closeReason]).toEqual(['refused', '基层工会不予建档：入户发现有两套住房']);
  });
});
