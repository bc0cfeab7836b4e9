import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSystem, inbox, type Client } from '../support/system';
import { demoApplication, residentId } from '../support/fixtures';
import { APPROVE, complete, officials, PDF, SURVEY, taskAt, toApproval, toCountyReview, uploadEvidence, userId } from '../support/filing';

/** The filing chain (SPEC §5.1, seed 一(三)5) through the API, one official after another. */
describe('filing chain', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let o: Awaited<ReturnType<typeof officials>>;

  beforeAll(async () => {
    sys = await testSystem();
    o = await officials(sys);
    // a city rule set so that a household may also be filed at city level
    for (const [level, title] of [['city', '泸州市市级困难职工建档标准（演示）'], ['county', '江阳区县级困难职工建档标准（演示）']]) {
      const created = await o.admin.post('/api/level-rule-sets', {
        level,
        validFrom: '2026-01-01',
        title,
        perCapitaCeiling: { base: 'dibao', multiple: { num: 2, den: 1 }, inclusive: true },
        requireHardshipCause: true,
        netOfExpensesCeiling: null,
        acceptsNationalCriteria: true,
      });
      expect(created.status).toBe(201);
    }
  });
  afterAll(() => sys.stop());

  const sees = async (clients: Client[], elementId: string, caseNo: string) => {
    const seen: Record<string, boolean> = {};
    for (const c of clients) seen[c.username] = (await inbox(c)).body.some((t: any) => t.elementId === elementId && t.businessKey === caseNo);
    return seen;
  };
  const fileOf = async (id: string) => (await o.staff.get(`/api/files/${id}`)).body;

  it('goes to national filing level by level, each task only in the inboxes it belongs to', async () => {
    const created = await o.staff.post('/api/applications', demoApplication(1));
    const { id, caseNo } = created.body;
    await sys.engine.drain();
    const all = [o.staff, o.chair, o.county, o.city, o.province, o.national, o.staff2, o.staff_nx, o.county_nx];
    const only = (who: string) => Object.fromEntries(all.map((c) => [c.username, c.username === who]));

    expect(await sees(all, 'householdSurvey', caseNo)).toEqual(only('staff'));
    const survey = await taskAt(o.staff, 'householdSurvey', caseNo);
    expect(survey.variables.eligibility).toMatchObject({ eligible: true, criteria: ['BELOW_DIBAO_NO_AID'], levels: ['national', 'city', 'county'] });
    expect(survey.file.applicantName).toBe('张*国');
    expect(survey.dueAt).toBe('2026-03-09T16:00:00.000Z'); // 5 working days: Tue 3 … Mon 9, Asia/Shanghai
    await complete(sys, o.staff, 'householdSurvey', caseNo, SURVEY);
    await complete(sys, o.staff, 'assignHelpers', caseNo, { firstHelperId: await userId(sys, 'helper'), secondHelperId: await userId(sys, 'helper2'), exitDeadline: '2027-12' });
    const inPublicity = await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id } });
    sys.clock.set(inPublicity.publicityEndsAt!);
    await sys.engine.drain();

    expect(await sees(all, 'grassrootsApproval', caseNo)).toEqual(only('chair'));
    await toCountyReview(sys, o, caseNo, 'national');
    expect(await sees(all, 'countyReview', caseNo)).toEqual(only('county'));
    await complete(sys, o.county, 'countyReview', caseNo, APPROVE);
    expect(await sees(all, 'cityReview', caseNo)).toEqual(only('city'));
    await complete(sys, o.city, 'cityReview', caseNo, APPROVE);
    // upper_reviewer is one role at 省总 and 全总: the national reviewer's subtree includes Sichuan
    expect(await sees(all, 'provinceReview', caseNo)).toEqual({ ...only('province'), national: true });
    await complete(sys, o.province, 'provinceReview', caseNo, APPROVE);
    expect(await sees(all, 'nationalReview', caseNo)).toEqual(only('national'));
    await complete(sys, o.national, 'nationalReview', caseNo, APPROVE);

    const file = await fileOf(id);
    expect([file.status, file.level, file.fileNo]).toEqual(['filed', 'national', '510502-2026-000001']);
    expect((await o.county_nx.get(`/api/files/${id}`)).status).toBe(404);
    expect((await o.staff2.get(`/api/files/${id}`)).status).toBe(404);
    const helpers = await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id } });
    expect([helpers.firstHelperId, helpers.secondHelperId]).toEqual([await userId(sys, 'helper'), await userId(sys, 'helper2')]);
  });

  it('stops at the city when the file is a city-level file', async () => {
    const { id, caseNo } = await toApproval(sys, o, 2);
    await toCountyReview(sys, o, caseNo, 'city');
    await complete(sys, o.county, 'countyReview', caseNo, APPROVE);
    await complete(sys, o.city, 'cityReview', caseNo, APPROVE);
    expect((await inbox(o.province)).body.some((t: any) => t.businessKey === caseNo)).toBe(false);
    const file = await fileOf(id);
    expect([file.status, file.level]).toEqual(['filed', 'city']);
  });

  it('refuses to report upward while a required document is missing, or at a level the household does not meet', async () => {
    const { id, caseNo } = await toApproval(sys, o, 3);
    await complete(sys, o.chair, 'grassrootsApproval', caseNo, APPROVE);
    const task = await taskAt(o.staff, 'reportUpward', caseNo);
    await o.staff.upload(`/api/files/${id}/documents?kind=id_card&name=id.pdf`, PDF, 'application/pdf');
    const missing = await o.staff.post(`/api/tasks/${task.id}/complete`, { variables: { filingLevel: 'national', confirmed: true } });
    expect(missing.status).toBe(422);
    expect(missing.body.message).toContain('困难职工档案表');
    expect(missing.body.message).not.toContain('身份证复印件');
    await uploadEvidence(o.staff, id);
    const wrongLevel = await o.staff.post(`/api/tasks/${task.id}/complete`, { variables: { filingLevel: 'grassroots', confirmed: true } });
    expect(wrongLevel.status).toBe(422);
    expect(wrongLevel.body.errors.filingLevel).toMatch(/不符合所选级别/);
    expect((await taskAt(o.staff, 'reportUpward', caseNo)).id).toBe(task.id);
  });

  it('county returns the case; grassroots corrects and resubmits the same case; filed on the second pass', async () => {
    const { id, caseNo } = await toApproval(sys, o, 4);
    await toCountyReview(sys, o, caseNo, 'county');
    const task = await taskAt(o.county, 'countyReview', caseNo);
    const noReason = await o.county.post(`/api/tasks/${task.id}/complete`, { variables: { decision: 'return' } });
    expect([noReason.status, noReason.body.errors]).toEqual([422, { comment: '退回重报须填写退回原因' }]);
    await complete(sys, o.county, 'countyReview', caseNo, { decision: 'return', comment: '缺少医疗费用票据' });
    expect((await fileOf(id)).status).toBe('returned');

    expect((await o.staff.put(`/api/files/${id}`, { ...demoApplication(4), remarks: '已补充医疗费用票据' })).status).toBe(200);
    await complete(sys, o.staff, 'resubmit', caseNo, { comment: '已补充票据' });
    expect((await fileOf(id)).status).toBe('in_review');
    await complete(sys, o.staff, 'householdSurvey', caseNo, SURVEY);
    await complete(sys, o.staff, 'assignHelpers', caseNo, { firstHelperId: await userId(sys, 'helper'), secondHelperId: await userId(sys, 'helper2'), exitDeadline: '2027-12' });
    sys.clock.set((await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id } })).publicityEndsAt!);
    await sys.engine.drain();
    await toCountyReview(sys, o, caseNo, 'county');
    await complete(sys, o.county, 'countyReview', caseNo, APPROVE);
    const file = await fileOf(id);
    expect([file.status, file.level, file.caseNo]).toEqual(['filed', 'county', caseNo]);
  });

  it('a refusal closes the case as not filed, with the reviewer reason', async () => {
    const { id, caseNo } = await toApproval(sys, o, 5);
    await toCountyReview(sys, o, caseNo);
    await complete(sys, o.county, 'countyReview', caseNo, { decision: 'refuse', comment: '住建核查有两套住房' });
    const file = await fileOf(id);
    expect([file.status, file.closeReason]).toEqual(['refused', '区县工会复核不予建档：住建核查有两套住房']);
  });

  it('two untrue reports blacklist the applicant; a new application with that ID is refused', async () => {
    const { id, caseNo } = await toApproval(sys, o, 6);
    await complete(sys, o.chair, 'grassrootsApproval', caseNo, { decision: 'untrue', comment: '隐瞒经营收入' });
    expect((await fileOf(id)).status).toBe('returned');
    await complete(sys, o.staff, 'resubmit', caseNo, { comment: '重新申报' });
    await complete(sys, o.staff, 'householdSurvey', caseNo, SURVEY);
    await complete(sys, o.staff, 'assignHelpers', caseNo, { firstHelperId: await userId(sys, 'helper'), secondHelperId: await userId(sys, 'helper2'), exitDeadline: '2027-12' });
    sys.clock.set((await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id } })).publicityEndsAt!);
    await sys.engine.drain();
    await toCountyReview(sys, o, caseNo);
    await complete(sys, o.county, 'countyReview', caseNo, { decision: 'untrue', comment: '再次隐瞒经营收入' });
    const file = await fileOf(id);
    expect(file.status).toBe('refused');
    expect(file.closeReason).toMatch(/两次上报不实信息/);
    expect(await sys.db.prisma.blacklist.count({ where: { idNumber: demoApplication(6).applicant.idNumber } })).toBe(1);

    const again = await o.staff2.post('/api/applications', demoApplication(6));
    expect([again.status, again.body.message]).toEqual([409, '申请人或家庭成员已列入建档黑名单，不予受理']);
  });

  it('an objection during 公示 opens an investigation; an upheld objection refuses the case', async () => {
    const created = await o.staff.post('/api/applications', demoApplication(7));
    const { id, caseNo } = created.body;
    await sys.engine.drain();
    await complete(sys, o.staff, 'householdSurvey', caseNo, SURVEY);
    await complete(sys, o.staff, 'assignHelpers', caseNo, { firstHelperId: await userId(sys, 'helper'), secondHelperId: await userId(sys, 'helper2'), exitDeadline: '2027-12' });
    expect((await o.staff.post(`/api/files/${id}/objections`, { content: '' })).status).toBe(422);
    expect((await o.staff.post(`/api/files/${id}/objections`, { content: '群众反映其配偶经营一家超市' })).status).toBe(201);
    await sys.engine.drain();
    await complete(sys, o.chair, 'investigateObjection', caseNo, { findings: '经查属实，配偶经营超市', decision: 'refuse' });
    const file = await fileOf(id);
    expect(file.status).toBe('refused');
    // after the case left 公示 an objection has nowhere to go
    expect((await o.staff.post(`/api/files/${id}/objections`, { content: '再次反映' })).status).toBe(409);
  });

  it('an objection found groundless lets the case continue to the chair', async () => {
    const created = await o.staff.post('/api/applications', demoApplication(8));
    const { id, caseNo } = created.body;
    await sys.engine.drain();
    await complete(sys, o.staff, 'householdSurvey', caseNo, SURVEY);
    await complete(sys, o.staff, 'assignHelpers', caseNo, { firstHelperId: await userId(sys, 'helper'), secondHelperId: await userId(sys, 'helper2'), exitDeadline: '2027-12' });
    await o.staff.post(`/api/files/${id}/objections`, { content: '反映其有车' });
    await sys.engine.drain();
    await complete(sys, o.chair, 'investigateObjection', caseNo, { findings: '车辆为单位所有，异议不成立', decision: 'continue' });
    await taskAt(o.chair, 'grassrootsApproval', caseNo);
  });

  it('refuses an application whose family member is in another active file, naming only that union', async () => {
    const member = demoApplication(1).members![0];
    const app = demoApplication(9);
    app.members = [member];
    const res = await o.staff_nx.post('/api/applications', app);
    expect([res.status, res.body.message]).toEqual([409, '申请人或家庭成员已在江阳区北城街道工会的困难职工档案中，不能重复建档']);
  });

  it('a survey that finds a second home corrects the file and re-runs the check: before and after are shown', async () => {
    const { id, caseNo } = (await o.staff.post('/api/applications', demoApplication(13))).body;
    await sys.engine.drain();
    await complete(sys, o.staff, 'householdSurvey', caseNo, { ...SURVEY, factsConfirmed: false, findings: '入户发现另有一套住房', corrections: { assets: { homesOwned: 2 } } });
    const next = await taskAt(o.staff, 'assignHelpers', caseNo);
    expect(next.variables.eligibilityBefore).toMatchObject({ eligible: true, exclusions: [] });
    expect(next.variables.eligibility).toMatchObject({ eligible: false, exclusions: ['OWNS_TWO_HOMES'] });
    const file = await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id } });
    expect((file.form as any).assets.homesOwned).toBe(2);
    const trail = await sys.db.prisma.auditLog.findFirstOrThrow({ where: { entityId: id, action: 'survey_correction' } });
    expect([(trail.before as any).assets.homesOwned, (trail.after as any).assets.homesOwned]).toEqual([0, 2]);
  });

  it('the helpers must be a grassroots helper and a city/county cadre', async () => {
    const { caseNo } = (await o.staff.post('/api/applications', demoApplication(10))).body;
    await sys.engine.drain();
    await complete(sys, o.staff, 'householdSurvey', caseNo, SURVEY);
    const task = await taskAt(o.staff, 'assignHelpers', caseNo);
    const res = await o.staff.post(`/api/tasks/${task.id}/complete`, { variables: { firstHelperId: await userId(sys, 'helper2'), secondHelperId: await userId(sys, 'helper'), exitDeadline: '2027-12' } });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toEqual(['firstHelperId']);
  });

  it('a second application for a member id typed in lower case is still a duplicate', async () => {
    const app = demoApplication(11);
    app.applicant = { ...app.applicant, idNumber: residentId('11010519491231002').toLowerCase() };
    expect((await o.staff.post('/api/applications', app)).status).toBe(201);
    const again = await o.staff2.post('/api/applications', { ...demoApplication(12), applicant: { ...demoApplication(12).applicant, idNumber: residentId('11010519491231002') } });
    expect(again.status).toBe(409);
  });
});
