import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSystem, login, type Client, type TestSystem } from '../support/system';
import { approvedDisbursement, filedHousehold, openAccount } from '../support/funds';
import { countFilesByCategory } from '../../api/projects/projects';
import { classifyHousehold } from '../../workers/projects/categories';

/**
 * 分类帮扶项目 (issue 10, seed 二 and 四3): city and county unions publish, grassroots unions
 * enrol their own filed households into projects of the unions above them, the publishing union
 * records spending within the budget, outcomes per household; files counted by category.
 */
describe('assistance projects', () => {
  let sys: TestSystem;
  let staff: Client, staff2: Client, chair: Client, county: Client, city: Client, staffNx: Client, countyNx: Client, helper: Client;
  let fileA: string, fileB: string, fileNx: string, fileReview: string;
  let countyProject: any, cityProject: any, nxProject: any;

  const project = (over: Record<string, unknown> = {}) => ({
    name: '江阳区困难职工大病医疗互助',
    category: 'medical_insurance',
    fundLevel: 'county',
    budget: 500_000,
    targetCount: 20,
    targetKind: 'households',
    startDate: '2026-05-01',
    endDate: '2026-10-30',
    eligibilityNotes: '因病致困的建档困难职工，未参加四川省职工医疗互助保险的单位职工优先',
    ...over,
  });

  beforeAll(async () => {
    sys = await testSystem();
    [staff, staff2, chair, county, city, staffNx, countyNx, helper] = await Promise.all(
      ['staff', 'staff2', 'chair', 'county', 'city', 'staff_nx', 'county_nx', 'helper'].map((u) => login(sys.url!, u)),
    );
    fileA = (await filedHousehold(sys, 501)).id;
    fileB = (await filedHousehold(sys, 502, { orgId: '510502-02' })).id;
    fileNx = (await filedHousehold(sys, 503, { orgId: '510503-01' })).id;
    const review = await filedHousehold(sys, 504);
    await sys.db.prisma.householdFile.update({ where: { id: review.id }, data: { status: 'in_review' } });
    fileReview = review.id;
  });
  afterAll(() => sys?.stop());

  it('the seed’s 2018 projects are there as demo projects of the city', async () => {
    const rows = (await staff.get('/api/projects')).body.filter((p: any) => p.isDemo);
    expect(rows.map((p: any) => [p.orgName, p.category, p.fundLevel, p.budget, p.targetCount, p.targetKind])).toEqual([
      ['泸州市总工会', 'employment', 'provincial', 30_000_000, 300, 'trainees'],
      ['泸州市总工会', 'employment', 'provincial', 10_000_000, null, 'trainees'],
      ['泸州市总工会', 'employment', 'provincial', 10_000_000, null, 'households'],
    ]);
    expect(rows.map((p: any) => p.name)).toEqual(['困难职工（农民工）就业再就业技能培训', '供给侧改革企业职工转岗培训', '困难职工创业援助']);
  });

  it('publish: city and county reviewers for their own union, validated; grassroots may not', async () => {
    expect((await staff.post('/api/projects', project())).status).toBe(403);
    expect((await helper.post('/api/projects', project())).status).toBe(403);
    const foreign = await county.post('/api/projects', project({ orgId: '510500' }));
    expect([foreign.status, Object.keys(foreign.body.errors)]).toEqual([422, ['orgId']]);
    const backwards = await county.post('/api/projects', project({ startDate: '2026-10-31' }));
    expect([backwards.status, Object.keys(backwards.body.errors)]).toEqual([422, ['endDate']]);
    const badCategory = await county.post('/api/projects', project({ category: 'housing' }));
    expect([badCategory.status, Object.keys(badCategory.body.errors)]).toEqual([422, ['category']]);

    const created = await county.post('/api/projects', project());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    countyProject = created.body;
    expect(countyProject).toMatchObject({ orgId: '510502', orgName: '江阳区总工会', year: 2026, budget: 500_000, spent: 0, enrolled: 0, status: 'published', canManage: true });
    cityProject = (await city.post('/api/projects', project({ name: '泸州市困难职工技能培训', category: 'employment', fundLevel: 'city', budget: 1_000_000, targetKind: 'trainees', targetCount: 50 }))).body;
    nxProject = (await countyNx.post('/api/projects', project({ name: '纳溪区灾后生活救助', category: 'disaster_relief' }))).body;
    expect([cityProject.orgId, nxProject.orgId]).toEqual(['510500', '510503']);
    const audit = await sys.db.prisma.auditLog.findFirst({ where: { entity: 'assistance_project', entityId: countyProject.id, action: 'publish' } });
    expect(audit).toBeTruthy();
  });

  it('scoping: each union sees the projects above it and inside its subtree, not another county’s', async () => {
    const names = async (c: Client, q = '') => (await c.get(`/api/projects${q}`)).body.filter((p: any) => !p.isDemo).map((p: any) => p.orgId).sort();
    expect(await names(staff)).toEqual(['510500', '510502']);
    expect(await names(staffNx)).toEqual(['510500', '510503']);
    expect(await names(county)).toEqual(['510500', '510502']);
    expect(await names(city)).toEqual(['510500', '510502', '510503']);
    expect((await staffNx.get(`/api/projects/${countyProject.id}`)).status).toBe(404);
    expect(await names(staff, `?filter=${encodeURIComponent(JSON.stringify({ forFileId: fileA }))}`)).toEqual(['510500', '510502']);
    expect((await staffNx.get(`/api/projects?filter=${encodeURIComponent(JSON.stringify({ forFileId: fileA }))}`)).status).toBe(404);
  });

  it('enrolment: grassroots staff enrol their own filed households into their upper unions’ projects', async () => {
    const enrol = (c: Client, projectId: string, fileId: string) => c.post(`/api/projects/${projectId}/enrolments`, { fileId });
    const ok = await enrol(staff, countyProject.id, fileA);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ fileId: fileA, orgId: '510502-01', status: 'enrolled', projectName: '江阳区困难职工大病医疗互助' });
    expect((await enrol(staff, countyProject.id, fileA)).status).toBe(409);
    expect((await enrol(chair, countyProject.id, fileA)).status).toBe(403); // staff's work, not the chair's
    expect((await enrol(county, countyProject.id, fileA)).status).toBe(403);
    expect((await enrol(staff, countyProject.id, fileB)).status).toBe(422); // another grassroots union's household
    expect((await enrol(staff, countyProject.id, fileReview)).status).toBe(422); // not filed
    expect((await enrol(staffNx, countyProject.id, fileNx)).status).toBe(404); // 江阳区's project does not exist for 纳溪区
    expect((await enrol(staff, nxProject.id, fileA)).status).toBe(404);
    expect((await enrol(staff2, countyProject.id, fileB)).status).toBe(201);
    expect((await enrol(staff, cityProject.id, fileA)).status).toBe(201);
    expect((await enrol(staffNx, cityProject.id, fileNx)).status).toBe(201);

    const list = async (c: Client, id: string) => (await c.get(`/api/projects/${id}/enrolments`)).body.map((e: any) => e.fileId).sort();
    expect(await list(city, cityProject.id)).toEqual([fileA, fileNx].sort());
    expect(await list(county, cityProject.id)).toEqual([fileA]);
    expect(await list(staff, countyProject.id)).toEqual([fileA]);
    expect(await list(staff2, countyProject.id)).toEqual([fileB]);
    expect((await county.get(`/api/projects/${countyProject.id}`)).body.enrolled).toBe(2);
    expect((await staff.get(`/api/files/${fileA}/projects`)).body.map((e: any) => e.projectId).sort()).toEqual([countyProject.id, cityProject.id].sort());
    expect((await staffNx.get(`/api/files/${fileA}/projects`)).status).toBe(404);
  });

  it('outcomes per household: its union or the publishing union record them', async () => {
    const [row] = (await staff.get(`/api/projects/${cityProject.id}/enrolments`)).body;
    const missing = await staff.put(`/api/projects/${cityProject.id}/enrolments/${row.id}`, { status: 'completed' });
    expect([missing.status, Object.keys(missing.body.errors)]).toEqual([422, ['outcome']]);
    expect((await staff2.put(`/api/projects/${cityProject.id}/enrolments/${row.id}`, { status: 'completed', outcome: 'employed' })).status).toBe(404);
    expect((await helper.put(`/api/projects/${cityProject.id}/enrolments/${row.id}`, { status: 'completed', outcome: 'employed' })).status).toBe(403);
    const done = await staff.put(`/api/projects/${cityProject.id}/enrolments/${row.id}`, { status: 'completed', outcome: 'employed', outcomeNote: '培训后在物业公司就业' });
    expect([done.status, done.body.outcome, done.body.status]).toEqual([200, 'employed', 'completed']);
    const [nx] = (await city.get(`/api/projects/${cityProject.id}/enrolments`)).body.filter((e: any) => e.fileId === fileNx);
    expect((await city.put(`/api/projects/${cityProject.id}/enrolments/${nx.id}`, { status: 'withdrawn', outcome: 'dropped' })).status).toBe(200);
    expect((await city.get(`/api/projects/${cityProject.id}`)).body.enrolled).toBe(1);
  });

  it('spending: the publishing union records it within the budget, optionally carried by a paid disbursement', async () => {
    const spend = (c: Client, body: object) => c.post(`/api/projects/${countyProject.id}/spending`, body);
    expect((await staff.post(`/api/projects/${countyProject.id}/spending`, { amount: 1000, spentOn: '2026-06-01', note: '资料费' })).status).toBe(403);
    expect((await countyNx.post(`/api/projects/${countyProject.id}/spending`, { amount: 1000, spentOn: '2026-06-01', note: '资料费' })).status).toBe(404);
    const first = await spend(county, { amount: 300_000, spentOn: '2026-06-01', note: '医疗互助保险集中参保' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const over = await spend(county, { amount: 200_001, spentOn: '2026-06-02', note: '超出预算' });
    expect([over.status, over.body.errors.amount]).toEqual([422, '支出超出项目预算（剩余 2000.00 元）']);
    const stranger = await spend(county, { amount: 1000, spentOn: '2026-06-02', note: '未报名', fileId: fileNx });
    expect([stranger.status, Object.keys(stranger.body.errors)]).toEqual([422, ['fileId']]);
    const unknown = await spend(county, { amount: 1000, spentOn: '2026-06-02', note: '无此发放', fileId: fileA, disbursementId: 'nope' });
    expect([unknown.status, Object.keys(unknown.body.errors)]).toEqual([422, ['disbursementId']]);

    const account = await openAccount(county, city, '510502-01', 'grassroots', 100_000, '项目测试基层资金');
    const d = await approvedDisbursement(staff, chair, { fileId: fileA, accountId: account.id, amount: 50_000, kind: 'medical_aid' });
    const unpaid = await spend(county, { amount: 50_000, spentOn: '2026-06-03', note: '医疗救助', fileId: fileA, disbursementId: d.id });
    expect([unpaid.status, Object.keys(unpaid.body.errors)]).toEqual([422, ['disbursementId']]);
    expect((await staff.post(`/api/funds/disbursements/${d.id}/pay`)).status).toBe(200);
    const linked = await spend(county, { amount: 50_000, spentOn: '2026-06-03', note: '医疗救助', fileId: fileA, disbursementId: d.id });
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);
    expect((await spend(county, { amount: 50_000, spentOn: '2026-06-03', note: '医疗救助', fileId: fileA, disbursementId: d.id })).status).toBe(409);

    expect((await county.get(`/api/projects/${countyProject.id}`)).body.spent).toBe(350_000);
    // the city oversees the county's project
    expect((await city.post(`/api/projects/${countyProject.id}/spending`, { amount: 150_000, spentOn: '2026-07-01', note: '市总补助' })).status).toBe(201);
    const rows = (await county.get(`/api/projects/${countyProject.id}/spending`)).body;
    expect(rows.map((r: any) => r.amount)).toEqual([300_000, 50_000, 150_000]);
    expect((await spend(county, { amount: 1, spentOn: '2026-07-02', note: '预算已用完' })).status).toBe(422);
  });

  it('closing: no more enrolment once the publisher closes the project', async () => {
    expect((await staff.post(`/api/projects/${countyProject.id}/close`)).status).toBe(403);
    expect((await county.post(`/api/projects/${countyProject.id}/close`)).status).toBe(200);
    const other = await filedHousehold(sys, 505);
    expect((await staff.post(`/api/projects/${countyProject.id}/enrolments`, { fileId: other.id })).status).toBe(409);
  });

  it('six categories: counted per union subtree from causes, plans and enrolments, as the pure rule says', async () => {
    // A: main cause of the demo household plus the county's medical project and the city's employment project
    const byApi = (await county.get('/api/category-counts?orgId=510502')).body;
    const files = await sys.db.prisma.householdFile.findMany({ where: { orgPath: { startsWith: '/100000/510000/510500/510502/' }, status: 'filed' } });
    const enrolments = await sys.db.prisma.projectEnrolment.findMany({ where: { status: { not: 'withdrawn' } } });
    const projects = new Map((await sys.db.prisma.assistanceProject.findMany()).map((p) => [p.id, p.category]));
    const expected: Record<string, number> = { social_insurance: 0, medical_insurance: 0, employment: 0, social_assistance: 0, restructuring_resettlement: 0, disaster_relief: 0 };
    for (const f of files) {
      const form = f.form as any;
      const cats = classifyHousehold({
        mainCause: f.mainCause,
        secondaryCauses: form.hardship.secondaryCauses,
        enterpriseStatus: form.applicant.enterpriseStatus,
        projectCategories: enrolments.filter((e) => e.fileId === f.id).map((e) => projects.get(e.projectId)!),
      });
      for (const c of cats) expected[c] += 1;
    }
    expect(byApi).toMatchObject({ orgId: '510502', files: files.length, byCategory: expected });
    expect(expected.medical_insurance).toBeGreaterThanOrEqual(2); // A and B through the county's project
    expect((await countFilesByCategory(sys.db.prisma, '/100000/510000/510500/510503/')).files).toBe(1);
    expect((await staffNx.get('/api/category-counts?orgId=510502')).status).toBe(404);
    const page = (await staff.get(`/api/files/${fileA}`)).body;
    expect(page.categories).toContain('medical_insurance');
    expect(page.categories).toContain('employment');
  });
});
