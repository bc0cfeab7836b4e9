import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { testSystem, inbox } from '../support/system';
import { ManualClock } from '../../api/clock';
import { APPROVE, complete, officials, toApproval, toCountyReview } from '../support/filing';
import { demoApplication } from '../support/fixtures';
import { DEMO_PASSWORD } from '../../prisma/seed';

/**
 * 六个一批 as the seed words each batch (二(一)1–6), written out here so that the report's category
 * figures are checked against a count of the raw rows that does not go through the product's
 * classifier. A household is in a batch when one of its causes (main or secondary), one of the
 * 建档条件 it met, one measure or programme of its yearly plan, or the category of a project it
 * is enrolled in names the batch.
 */
const SEED_BATCHES: Record<string, { causes?: string[]; criteria?: string[]; measures?: string[]; programmes?: string[] }> = {
  // 1 因企业欠缴社会保险费或没有落实相关社保待遇的困难职工
  social_insurance: { causes: ['no_social_insurance', 'insurance_not_paid_out'], measures: ['social_insurance'] },
  // 2 因病致困的困难职工; “职工医疗互助”计划
  medical_insurance: { causes: ['major_illness'], measures: ['medical_insurance'], programmes: ['medical_mutual_aid'] },
  // 3 有劳动能力的困难职工, 下岗职工; “技能培训促就业”、“创业援助”, 就业再就业
  employment: { causes: ['unemployed_able', 'laid_off'], measures: ['employment'], programmes: ['skills_training', 'startup_aid', 'sunshine_employment'] },
  // 4 符合低保条件又没得到政府低保覆盖 (and those who cannot work: 兜底)
  social_assistance: { causes: ['no_work_capacity'], criteria: ['BELOW_DIBAO_NO_AID'], measures: ['social_assistance'] },
  // 6 因灾害和事故意外致困; 遭受突发事件、意外伤害、家人重大疾病 — the words of the EMERGENCY_HARDSHIP 建档条件
  disaster_relief: { causes: ['natural_disaster', 'accident'], criteria: ['EMERGENCY_HARDSHIP'] },
};
/** 5 供给侧结构性改革…化解过剩产能和僵尸企业兼并重组、破产（解体）清算…因下岗失业造成生活困难的职工 */
const RESTRUCTURING_WORDS = ['破产', '关闭', '停产', '改制', '重组', '兼并', '僵尸', '解体', '清算', '去产能'];
const JOBLESS = ['laid_off', 'unemployed_able'];
const SIX = ['social_insurance', 'medical_insurance', 'employment', 'social_assistance', 'restructuring_resettlement', 'disaster_relief'];

function seedBatches(h: { causes: string[]; criteria: string[]; enterpriseStatus: string; measures: string[]; programmes: string[]; projectCategories: string[] }): Set<string> {
  const out = new Set<string>(h.projectCategories);
  for (const [batch, by] of Object.entries(SEED_BATCHES)) {
    const hit = (mine: string[], named?: string[]) => mine.some((x) => named?.includes(x));
    if (hit(h.causes, by.causes) || hit(h.criteria, by.criteria) || hit(h.measures, by.measures) || hit(h.programmes, by.programmes)) out.add(batch);
  }
  if (h.causes.some((c) => JOBLESS.includes(c)) && RESTRUCTURING_WORDS.some((w) => h.enterpriseStatus.includes(w))) out.add('restructuring_resettlement');
  if (!out.size) out.add('social_assistance'); // 兜底: no batch names the household
  return out;
}

/**
 * A whole demo year for 江阳区 (issue 10): the county publishes a project and its grassroots union
 * enrols households; the county files its plan in April; payments, visits, the December
 * outcomes; the yearly report is generated, submitted and accepted, and summed at the city; the
 * assessment is computed and confirmed. Every figure of the report is counted again here from
 * the rows, without the report code.
 */
describe('a demo year for one county', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let o: Awaited<ReturnType<typeof officials>>;
  const JY = '/100000/510000/510500/510502/';

  beforeAll(async () => {
    sys = await testSystem({ clock: new ManualClock('2026-01-05T01:00:00Z') });
    o = await officials(sys);
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

  const at = async (iso: string) => {
    sys.clock.set(iso);
    await sys.engine.drain();
  };
  async function filed(seq: number, overrides: Parameters<typeof demoApplication>[1] = {}) {
    const { id, caseNo } = await toApproval(sys, o, seq, overrides);
    await toCountyReview(sys, o, caseNo, 'county');
    await complete(sys, o.county, 'countyReview', caseNo, APPROVE);
    const file = (await o.staff.get(`/api/files/${id}`)).body;
    expect(file.status).toBe('filed');
    return { id, fileNo: file.fileNo as string };
  }
  const completeTask = async (who: typeof o.staff, elementId: string, businessKey: string, variables: object) => {
    const t = (await inbox(who)).body.find((t: any) => t.elementId === elementId && t.businessKey === businessKey);
    expect(t, `${who.username}: ${elementId} of ${businessKey}`).toBeTruthy();
    const res = await who.post(`/api/tasks/${t.id}/complete`, { variables });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await sys.engine.drain();
  };
  /** A download (xlsx, html, pdf) with a session of its own: the test client parses JSON only. */
  const download = async (username: string, path: string) => {
    const login = await fetch(`${sys.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const res = await fetch(`${sys.url}${path}`, { headers: { cookie } });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
  };
  const sheetText = async (bytes: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as any);
    const rows: string[][] = [];
    wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    return rows;
  };

  it('projects, enrolment, the April plan, payments, visits, December outcomes, the yearly report summed at the city and the assessment', async () => {
    const prisma = sys.db.prisma;
    // January: two households filed at county level by 江阳区北城街道工会
    const h1 = await filed(1);
    // the second: the wife's uraemia struck suddenly (突发重大疾病); he was laid off by an employer in restructuring
    const base = demoApplication(2);
    const h2 = await filed(2, {
      applicant: { ...base.applicant, workStatus: 'laid_off', enterpriseStatus: '企业改制重组，停产' },
      hardship: { mainCause: 'major_illness', secondaryCauses: ['schooling', 'laid_off'] },
      income: { ...base.income, emergency: { kind: 'major_illness', expenses: 3_600_000, compensationReceived: false } },
    });

    // the city lays out the year and asks for the plans; upper funds come down to 江阳区
    const timeline = await o.city.post('/api/timelines', { year: 2026, name: '2026年困难职工解困脱困工作' });
    expect(timeline.status, JSON.stringify(timeline.body)).toBe(201);
    expect((await o.city.post('/api/work-plans', { year: 2026 })).status).toBe(201);
    await sys.engine.drain();
    // 江阳区 allocates county-level funds to its grassroots union (a county-level file may use them)
    const accounts = (await o.county.get('/api/funds/accounts?range=[0,199]')).body;
    const countyAccount = accounts.find((a: any) => a.orgId === '510502' && a.level === 'county');
    const received = await o.county.post('/api/funds/accounts', { orgId: '510502-01', level: 'county' });
    expect(received.status, JSON.stringify(received.body)).toBe(201);
    const allocated = await o.county.post('/api/funds/allocations', { fromAccountId: countyAccount.id, toAccountId: received.body.id, amount: 500_000, note: '2026年区总工会下拨帮扶资金' });
    expect(allocated.status, JSON.stringify(allocated.body)).toBe(201);

    // the county publishes a project; the grassroots staff enrol both households
    const project = await o.county.post('/api/projects', {
      name: '江阳区困难职工就业再就业技能培训',
      category: 'employment',
      fundLevel: 'county',
      budget: 3_000_000,
      targetCount: 30,
      targetKind: 'trainees',
      startDate: '2026-05-01',
      endDate: '2026-10-30',
      eligibilityNotes: '有劳动能力的建档困难职工',
    });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    for (const h of [h1, h2]) expect((await o.staff.post(`/api/projects/${project.body.id}/enrolments`, { fileId: h.id })).status).toBe(201);

    // March: the helpers agree each household's plan
    await at('2026-03-02T01:00:00Z');
    for (const h of [h1, h2]) {
      await completeTask(o.helper, 'marchPlan', `${h.fileNo}/2026`, {
        visitDate: '2026-03-03',
        measures: ['employment'],
        programmes: ['skills_training'],
        planText: '参加区总工会技能培训，推荐就业岗位',
        promisedExitDate: '2026-12',
      });
    }

    // April: 江阳区 files its plan of classified measures on time
    await at('2026-04-20T02:00:00Z');
    await completeTask(o.county, 'submitPlan', 'work-plan-2026-510502', {
      items: [{ category: 'employment', measures: '技能培训促就业，创业援助', households: 2, budget: 3_000_000 }],
      planText: '江阳区总工会2026年分类帮扶措施方案',
    });
    await completeTask(o.city, 'reviewPlan', 'work-plan-2026-510502', { decision: 'approve', comment: '' });

    // the year: two visits each, a payment to the first household, the second one paid twice
    await at('2026-06-10T02:00:00Z');
    const pay = async (fileId: string, kind: string, amount: number, key: string) => {
      const r = await o.staff.post('/api/funds/disbursements', { fileId, accountId: received.body.id, kind, amount, reason: '帮扶资金', idempotencyKey: key });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect((await o.chair.post(`/api/funds/disbursements/${r.body.id}/approve`)).status).toBe(200);
      expect((await o.staff.post(`/api/funds/disbursements/${r.body.id}/pay`)).status).toBe(200);
    };
    await pay(h1.id, 'living_aid', 200_000, 'demo-year-1');
    await pay(h2.id, 'medical_aid', 150_000, 'demo-year-2');
    await pay(h2.id, 'training', 30_000, 'demo-year-3');
    for (const h of [h1, h2]) {
      for (const [date, observed] of [['2026-06-15', 75_000], ['2026-09-20', 82_000]] as const) {
        expect((await o.helper.post(`/api/files/${h.id}/visits`, { visitDate: date, visitors: '赵帮扶', notes: '入户了解就业和收入情况', incomeObserved: observed })).status).toBe(201);
      }
    }
    const income = async (id: string, months: Record<string, number>) => {
      for (const [month, perCapita] of Object.entries(months)) expect((await o.staff.put(`/api/files/${id}/income`, { month, perCapita })).status).toBe(200);
    };
    await income(h1.id, { '2026-07': 78_000, '2026-08': 79_000, '2026-10': 80_000, '2026-11': 81_000, '2026-12': 82_000 });
    await income(h2.id, { '2026-07': 70_000, '2026-08': 71_000, '2026-09': 68_000, '2026-10': 72_000, '2026-11': 73_000, '2026-12': 74_000 });

    // December: the first exits, the second is relieved
    await at('2026-12-20T01:00:00Z');
    await completeTask(o.staff, 'decemberEvaluation', `${h1.fileNo}/2026`, { outcome: 'exited', causesRemoved: true, effectDescription: '家庭人均收入连续6个月超过低保标准' });
    await completeTask(o.chair, 'chairSign', `${h1.fileNo}/2026`, { signed: true });
    const ev2 = (await inbox(o.staff)).body.find((t: any) => t.elementId === 'decemberEvaluation' && t.businessKey === `${h2.fileNo}/2026`);
    await completeTask(o.staff, 'decemberEvaluation', `${h2.fileNo}/2026`, {
      outcome: 'relieved',
      causesRemoved: false,
      effectDescription: '收入明显增加，困境缓解',
      ...(ev2.variables.exitJudgement.outcome !== 'relieved' && { overrideReason: '收入较建档时明显增加' }),
    });
    await completeTask(o.chair, 'chairSign', `${h2.fileNo}/2026`, { signed: true });
    const [roster] = (await o.chair.get('/api/rosters?year=2026')).body;
    expect((await o.chair.post(`/api/rosters/${roster.id}/submit`)).status).toBe(200);
    expect((await o.county.post(`/api/rosters/${roster.id}/confirm`)).status).toBe(200);
    await sys.engine.drain();
    expect((await o.staff.get(`/api/files/${h1.id}`)).body.status).toBe('cancelled');

    // the yearly report of 江阳区: generated, submitted, accepted by the city
    await at('2026-12-28T02:00:00Z');
    expect((await o.staff.post('/api/stat-reports', { orgId: '510502', period: '2026' })).status).toBe(404); // not their union
    expect((await o.city.post('/api/stat-reports', { orgId: '510502', period: '2026' })).status).toBe(403); // 江阳区 reports for itself
    const report = await o.county.post('/api/stat-reports', { orgId: '510502', period: '2026' });
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    expect((await o.city.post(`/api/stat-reports/${report.body.id}/submit`)).status).toBe(403); // only 江阳区 itself reports
    expect((await o.county.post(`/api/stat-reports/${report.body.id}/review`, { decision: 'approve' })).status).toBe(403); // not its own reviewer
    expect((await o.county.post(`/api/stat-reports/${report.body.id}/submit`)).status).toBe(200);
    expect((await o.county.post('/api/stat-reports', { orgId: '510502', period: '2026' })).status).toBe(409);
    // the city returns it once: a returned report is not summed, is regenerated and submitted again
    const noReason = await o.city.post(`/api/stat-reports/${report.body.id}/review`, { decision: 'return' });
    expect([noReason.status, Object.keys(noReason.body.errors ?? {})]).toEqual([422, ['comment']]);
    const returned = await o.city.post(`/api/stat-reports/${report.body.id}/review`, { decision: 'return', comment: '请核对走访次数' });
    expect([returned.status, returned.body.status, returned.body.reviewComment]).toEqual([200, 'returned', '请核对走访次数']);
    expect((await o.city.get('/api/stat-reports/aggregate?orgId=510500&period=2026')).body.children.find((c: any) => c.orgId === '510502')).toMatchObject({ status: 'returned', counted: false });
    expect((await o.county.post('/api/stat-reports', { orgId: '510502', period: '2026' })).status).toBe(201);
    expect((await o.county.post(`/api/stat-reports/${report.body.id}/submit`)).status).toBe(200);
    const accepted = await o.city.post(`/api/stat-reports/${report.body.id}/review`, { decision: 'approve', comment: '' });
    expect([accepted.status, accepted.body.status]).toEqual([200, 'accepted']);
    const f = accepted.body.figures;

    // every figure counted again from the rows
    const { start, end } = { start: new Date('2026-01-01T00:00:00+08:00'), end: new Date('2027-01-01T00:00:00+08:00') };
    const files = { orgPath: { startsWith: JY } };
    const ids = (await prisma.householdFile.findMany({ where: files, select: { id: true } })).map((x) => x.id);
    expect(ids.sort()).toEqual([h1.id, h2.id].sort());
    expect(f.files.onFile).toBe(await prisma.householdFile.count({ where: { ...files, status: 'filed' } }));
    expect(f.files.onFile).toBe(1);
    expect(f.files.byLevel.county).toBe(await prisma.householdFile.count({ where: { ...files, status: 'filed', level: 'county' } }));
    expect(f.files.byLevel.national).toBe(0);
    const causes = await prisma.householdFile.groupBy({ by: ['mainCause'], where: { ...files, status: 'filed' }, _count: { _all: true } });
    for (const c of causes) expect(f.files.byCause[c.mainCause]).toBe(c._count._all);
    expect(Object.values(f.files.byCause as Record<string, number>).reduce((s, n) => s + n, 0)).toBe(1);
    expect(f.files.byStatus).toMatchObject({ filed: 1, cancelled: await prisma.householdFile.count({ where: { ...files, status: 'cancelled' } }) });
    // 六个一批: the seed's batches applied here to the raw rows of files, plans and enrolments
    const onFile = await prisma.$queryRaw<{ id: string; mainCause: string; form: any; eligibility: any }[]>`
      SELECT id, "mainCause", form, eligibility FROM "HouseholdFile" WHERE starts_with("orgPath", ${JY}) AND status = 'filed'`;
    const plans = await prisma.$queryRaw<{ fileId: string; measures: string[]; programmes: string[] }[]>`
      SELECT DISTINCT ON (p."fileId") p."fileId", p.measures, p.programmes FROM "HelpPlan" p JOIN "HouseholdFile" h ON h.id = p."fileId"
      WHERE starts_with(h."orgPath", ${JY}) ORDER BY p."fileId", p.year DESC`; // each household's latest plan
    const enrolled = await prisma.$queryRaw<{ fileId: string; category: string }[]>`
      SELECT e."fileId", p.category FROM "ProjectEnrolment" e JOIN "AssistanceProject" p ON p.id = e."projectId"
      WHERE starts_with(e."orgPath", ${JY}) AND e.status <> 'withdrawn'`;
    const counted = Object.fromEntries(SIX.map((c) => [c, 0]));
    for (const row of onFile) {
      const plan = plans.find((p) => p.fileId === row.id);
      const batches = seedBatches({
        causes: [row.mainCause, ...(row.form.hardship.secondaryCauses ?? [])],
        criteria: row.eligibility?.criteria ?? [],
        enterpriseStatus: row.form.applicant.enterpriseStatus ?? '',
        measures: plan?.measures ?? [],
        programmes: plan?.programmes ?? [],
        projectCategories: enrolled.filter((e) => e.fileId === row.id).map((e) => e.category),
      });
      for (const b of batches) counted[b]++;
    }
    expect(f.files.byCategory).toEqual(counted);
    // the household on file is in five batches: 因病, 下岗, 低保未覆盖, 企业改制, 突发重大疾病
    expect(counted).toEqual({ social_insurance: 0, medical_insurance: 1, employment: 1, social_assistance: 1, restructuring_resettlement: 1, disaster_relief: 1 });
    expect(f.flows.newFiles).toBe(await prisma.householdFile.count({ where: { ...files, filedAt: { gte: start, lt: end } } }));
    expect(f.flows.newFiles).toBe(2);
    expect(f.flows.exits).toBe(await prisma.householdFile.count({ where: { ...files, exitedAt: { gte: start, lt: end } } }));
    expect(f.flows.exits).toBe(1);
    expect(f.flows.relieved).toBe(await prisma.evaluation.count({ where: { fileId: { in: ids }, outcome: 'relieved', signedAt: { gte: start, lt: end } } }));
    expect(f.flows.relieved).toBe(1);
    expect(f.flows.cancelled).toBe(1);
    const paid = await prisma.$queryRaw<{ kind: string; n: bigint; total: bigint }[]>`
      SELECT d.kind, count(*) AS n, sum(d.amount)::bigint AS total FROM "Disbursement" d JOIN "HouseholdFile" h ON h.id = d."fileId"
      WHERE starts_with(h."orgPath", ${JY}) AND d.status = 'paid' GROUP BY d.kind`;
    expect(f.money.payments).toBe(paid.reduce((s, p) => s + Number(p.n), 0));
    expect(f.money.total).toBe(paid.reduce((s, p) => s + Number(p.total), 0));
    expect(f.money.total).toBe(380_000);
    for (const p of paid) expect(f.money.byKind[p.kind]).toBe(Number(p.total));
    expect(f.money.byLevel).toMatchObject({ county: 380_000, grassroots: 0, city: 0 });
    expect(f.visits.total).toBe(await prisma.visit.count({ where: { fileId: { in: ids }, visitDate: { gte: new Date('2026-01-01'), lt: new Date('2027-01-01') } } }));
    expect(f.visits.byKind.help).toBe(await prisma.visit.count({ where: { fileId: { in: ids }, kind: 'help' } }));
    expect(f.visits.byKind.help).toBe(6); // the March plan visit and two more, for each household
    expect(f.projects).toMatchObject({
      published: await prisma.assistanceProject.count({ where: { orgPath: { startsWith: JY }, year: 2026 } }),
      enrolled: await prisma.projectEnrolment.count({ where: { orgPath: { startsWith: JY } } }),
      budget: 3_000_000,
    });
    expect(f.projects.enrolledByCategory.employment).toBe(2);

    // a monthly report: June's payments and visits only
    const june = await o.county.post('/api/stat-reports', { orgId: '510502', period: '2026-06' });
    expect([june.status, june.body.kind]).toEqual([201, 'monthly']);
    expect(june.body.figures.money.total).toBe(
      Number((await prisma.disbursement.aggregate({ where: { fileId: { in: ids }, status: 'paid', paidAt: { gte: new Date('2026-06-01T00:00:00+08:00'), lt: new Date('2026-07-01T00:00:00+08:00') } }, _sum: { amount: true } }))._sum.amount),
    );
    expect(june.body.figures.visits.total).toBe(await prisma.visit.count({ where: { fileId: { in: ids }, visitDate: { gte: new Date('2026-06-01'), lt: new Date('2026-07-01') } } }));
    expect(june.body.figures.visits.total).toBe(2);
    expect(june.body.figures.flows).toEqual({ newFiles: 0, exits: 0, relieved: 0, cancelled: 0 });

    // the city sums its children's reports: 江阳区 counted, the others missing
    const sum = await o.city.get('/api/stat-reports/aggregate?orgId=510500&period=2026');
    expect(sum.status, JSON.stringify(sum.body)).toBe(200);
    expect(sum.body.figures).toEqual(f);
    expect(sum.body.children.find((c: any) => c.orgId === '510502')).toMatchObject({ status: 'accepted', counted: true });
    expect(sum.body.children.find((c: any) => c.orgId === '510503')).toMatchObject({ status: 'missing', counted: false });

    // the summary and the report in .xlsx with the seed's terms
    const xlsx = await download('city', '/api/stat-reports/aggregate?orgId=510500&period=2026&format=xlsx');
    expect(xlsx.status).toBe(200);
    const rows = await sheetText(xlsx.body);
    const flat = rows.map((r) => r.join('|'));
    expect(flat[0]).toBe('困难职工帮扶信息统计汇总表');
    expect(flat[1]).toContain('泸州市总工会');
    expect(flat[1]).toContain('2026年度');
    expect(flat).toContain('档案情况|在档困难职工户数|1');
    expect(flat).toContain('帮扶成效|脱困|1');
    expect(flat).toContain('帮扶成效|解困|1');
    expect(flat).toContain('帮扶资金|发放金额合计|3800.00元');
    expect(flat).toContain('在档户数（按建档级别）|区县级|1');
    expect(flat).toContain('帮扶资金（按帮扶类型）|生活救助|2000.00元');
    expect(flat).toContain('帮扶项目报名（按类别）|就业创业转岗脱困一批|2');
    expect(flat).toContain('入户走访（按类型）|帮扶走访|6');
    expect(flat.some((r) => r.startsWith('未上报：') && r.includes('纳溪区总工会'))).toBe(true);
    const own = await sheetText((await download('county', `/api/stat-reports/${report.body.id}/export`)).body);
    expect(own[0][0]).toBe('困难职工帮扶信息统计表');
    expect(own.map((r) => r.join('|'))).toContain('状态：已审核');
    // and printed: the A4 page and its PDF
    const printed = (await download('county', `/api/stat-reports/${report.body.id}/export?format=html`)).body.toString('utf8');
    for (const term of ['困难职工帮扶信息统计表', '江阳区总工会', '2026年度', '在档困难职工户数', '就业创业转岗脱困一批', '脱困', '解困', '3800.00元', '工会主要领导（签字）']) expect(printed).toContain(term);
    const reportPdf = await download('county', `/api/stat-reports/${report.body.id}/export?format=pdf`);
    expect([reportPdf.status, reportPdf.type]).toEqual([200, 'application/pdf']);
    const reportDir = mkdtempSync(join(tmpdir(), 'bf-report-'));
    writeFileSync(join(reportDir, 'report.pdf'), reportPdf.body);
    const reportText = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', join(reportDir, 'report.pdf'), '-'], { encoding: 'utf8' });
    for (const term of ['困难职工帮扶信息统计表', '在档困难职工户数', '帮扶资金（按帮扶类型）']) expect(reportText).toContain(term);

    // fund clean-up: upper funds received and unused at a cut-off
    const april = (await o.county.get('/api/fund-cleanup?cutoff=2026-04-06')).body;
    expect(april.find((r: any) => r.orgId === '510502-01')).toMatchObject({ received: 500_000, used: 0, unused: 500_000 });
    expect(april.find((r: any) => r.orgId === '510502')).toMatchObject({ received: 0, unused: 0 });
    const december = (await o.county.get('/api/fund-cleanup?cutoff=2026-12-31')).body.find((r: any) => r.orgId === '510502-01');
    expect(december).toMatchObject({ received: 500_000, used: 380_000, unused: 120_000 });
    const inRows = await prisma.fundTransaction.aggregate({ where: { accountId: received.body.id, kind: 'allocation_in' }, _sum: { amount: true } });
    expect(Number(inRows._sum.amount)).toBe(december.received);
    // the clean-up table in .xlsx, on the A4 page and in its PDF, in the seed's terms
    const yuanOf = (rows: any[], k: string) => String(rows.reduce((s, r) => s + r[k], 0) / 100);
    const cleanupSheet = (await sheetText((await download('county', '/api/fund-cleanup?cutoff=2026-04-06&format=xlsx')).body)).map((r) => r.join('|'));
    expect(cleanupSheet.slice(0, 3)).toEqual([
      '上级工会下拨帮扶资金清理情况表',
      '填报单位：江阳区总工会||清理截止日期：2026年04月06日',
      '序号|工会组织|资金账户|资金级别|上级工会下拨资金（元）|已使用（元）|尚未使用（元）',
    ]);
    expect(cleanupSheet.filter((r) => /^\d+\|/.test(r))).toHaveLength(april.reduce((n: number, r: any) => n + r.accounts.length, 0));
    expect(cleanupSheet).toContain(`${cleanupSheet.findIndex((r) => r.includes(received.body.name)) - 2}|江阳区北城街道工会|${received.body.name}|区县级|5000|0|5000`);
    expect(cleanupSheet).toContain(`合计||||${yuanOf(april, 'received')}|${yuanOf(april, 'used')}|${yuanOf(april, 'unused')}`);
    expect(cleanupSheet.some((r) => r.includes('对尚未使用的要按规定范围和标准进行帮扶'))).toBe(true);
    const northSheet = (await sheetText((await download('county', '/api/fund-cleanup?cutoff=2026-12-31&orgId=510502-01&format=xlsx')).body)).map((r) => r.join('|'));
    expect(northSheet[1]).toBe('填报单位：江阳区北城街道工会||清理截止日期：2026年12月31日');
    expect(northSheet).toContain(`1|江阳区北城街道工会|${received.body.name}|区县级|5000|3800|1200`);
    expect(northSheet).toContain('合计||||5000|3800|1200');
    const cleanupPage = (await download('county', '/api/fund-cleanup?cutoff=2026-12-31&orgId=510502-01&format=html')).body.toString('utf8');
    for (const term of ['上级工会下拨帮扶资金清理情况表', '填报单位：江阳区北城街道工会', '清理截止日期：2026年12月31日', '上级工会下拨资金（元）', '尚未使用（元）', '5000.00', '3800.00', '1200.00', '合计', '工会主要领导（签字）']) {
      expect(cleanupPage).toContain(term);
    }
    const cleanupPdf = await download('county', '/api/fund-cleanup?cutoff=2026-12-31&orgId=510502-01&format=pdf');
    expect([cleanupPdf.status, cleanupPdf.type]).toEqual([200, 'application/pdf']);
    const cleanupDir = mkdtempSync(join(tmpdir(), 'bf-cleanup-'));
    writeFileSync(join(cleanupDir, 'cleanup.pdf'), cleanupPdf.body);
    const cleanupText = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', join(cleanupDir, 'cleanup.pdf'), '-'], { encoding: 'utf8' });
    for (const term of ['上级工会下拨帮扶资金清理情况表', '江阳区北城街道工会', '1200.00', '工会主要领导（签字）']) expect(cleanupText).toContain(term);
    // another county's staff do not print it
    expect((await download('staff_nx', '/api/fund-cleanup?cutoff=2026-12-31&orgId=510502-01&format=pdf')).status).toBe(404);

    // the timeline: 江阳区's plan, classified help and evaluation done
    const progress = (await o.supervisor.get(`/api/timelines/${timeline.body.id}`)).body;
    const jy = progress.unions.find((u: any) => u.orgId === '510502');
    const status = Object.fromEntries(jy.milestones.map((m: any) => [m.key, m.status]));
    expect(status).toMatchObject({ work_plan: 'done', classified_help: 'done', evaluation: 'done', fund_cleanup: 'not_applicable' });
    // the grassroots union still held upper funds on 6 April
    expect(progress.unions.find((u: any) => u.orgId === '510502-01').milestones.find((m: any) => m.key === 'fund_cleanup')).toMatchObject({ status: 'missed', done: 380_000, total: 500_000 });
    expect(jy.milestones.find((m: any) => m.key === 'evaluation')).toMatchObject({ done: 2, total: 2 });

    // the assessment: 20 % of 2 households is one exit — reached; at 100 % it is missed
    let assessed = await o.city.post('/api/assessments', { year: 2026 });
    expect(assessed.status, JSON.stringify(assessed.body)).toBe(201);
    let row = assessed.body.find((a: any) => a.orgId === '510502');
    expect(row).toMatchObject({ targetReached: true, deductionPoints: 0, allocationCutPct: 0, status: 'proposed' });
    expect(row.figures).toMatchObject({ households: 2, exitTarget: 1, exits: 1, householdsVisitedTwice: 2, householdsToVisit: 2 });
    expect((await o.city.put('/api/targets', { orgId: '510502', year: 2026, exitRatePct: 100 })).status).toBe(200);
    assessed = await o.city.post('/api/assessments', { year: 2026 });
    row = assessed.body.find((a: any) => a.orgId === '510502');
    expect(row).toMatchObject({ targetReached: false, deductionPoints: 10, allocationCutPct: 50, status: 'proposed' });
    expect(row.figures).toMatchObject({ exitTarget: 2, exits: 1 });
    expect((await o.county.post(`/api/assessments/${row.id}/confirm`, {})).status).toBe(403);
    const confirmed = await o.city.post(`/api/assessments/${row.id}/confirm`, { allocationCutPct: 30, comment: '一户解困，酌情减拨' });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', deductionPoints: 10, allocationCutPct: 30 });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: 'assessment', entityId: row.id, action: 'confirm' } });
    expect((audit.after as any).allocationCutPct).toBe(30);
    // a confirmed assessment is not recomputed
    expect((await o.city.post('/api/assessments', { year: 2026 })).body.find((a: any) => a.orgId === '510502')).toMatchObject({ status: 'confirmed', allocationCutPct: 30 });

    // the record book of 江阳区北城街道工会: chronological, printable, in .xlsx
    const book = (await o.staff.get('/api/record-book?orgId=510502-01&year=2026')).body;
    const kinds = book.entries.map((e: any) => e.kind);
    expect(kinds.filter((k: string) => k === '建档')).toHaveLength(2);
    expect(kinds.filter((k: string) => k === '帮扶资金发放')).toHaveLength(3);
    expect(kinds.filter((k: string) => k === '帮扶效果评价')).toHaveLength(2);
    expect(kinds.filter((k: string) => k === '分类帮扶项目')).toHaveLength(2);
    expect(kinds).toContain('一户一策帮扶计划');
    expect(book.entries.map((e: any) => e.date)).toEqual([...book.entries.map((e: any) => e.date)].sort());
    const html = await download('staff', '/api/record-book?orgId=510502-01&year=2026&format=html');
    const page = html.body.toString('utf8');
    for (const term of ['帮扶情况记录簿', '江阳区北城街道工会', '帮扶资金发放', '帮扶效果评价', '认定书：脱困，建议注销档案（工会主席已签字）', '工会主要领导（签字）']) expect(page).toContain(term);
    const bookXlsx = await sheetText((await download('staff', '/api/record-book?orgId=510502-01&year=2026&format=xlsx')).body);
    expect(bookXlsx[0][0]).toBe('帮扶情况记录簿');
    expect(bookXlsx[2]).toEqual(['序号', '日期', '类别', '困难职工', '帮扶情况']);
    expect(bookXlsx.length - 3).toBe(book.entries.length);
    const pdf = await download('staff', '/api/record-book?orgId=510502-01&year=2026&format=pdf');
    expect([pdf.status, pdf.type]).toEqual([200, 'application/pdf']);
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'bf-book-'));
    writeFileSync(join(dir, 'book.pdf'), pdf.body);
    const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', join(dir, 'book.pdf'), '-'], { encoding: 'utf8' });
    for (const term of ['帮扶情况记录簿', '江阳区北城街道工会', '帮扶资金发放']) expect(text).toContain(term);
    // another county's staff do not read it
    expect((await o.staff_nx.get('/api/record-book?orgId=510502-01&year=2026')).status).toBe(404);
  }, 300_000);
});
