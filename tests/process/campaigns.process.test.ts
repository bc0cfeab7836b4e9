import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { testSystem, inbox, login, type Client, type TestSystem } from '../support/system';
import { officials, userId } from '../support/filing';
import { demoApplication } from '../support/fixtures';
import { startDepartmentStandin, type DepartmentStandin } from '../support/department-standin';
import { ApplicationSchema, type ApplicationInput } from '../../api/applications/application.schema';
import { parseResidentId } from '../../workers/identity/resident-id';
import { loadUser } from '../../api/auth/session';
import { AppError, fieldErrors } from '../../api/errors';
import { DEMO_PASSWORD } from '../../prisma/seed';
import { isFormKey, TASK_FORMS } from '../../api/tasks/task-forms';
import { applyCampaignTaskEffects, CAMPAIGN_TASK_FORMS, isCampaignFormKey } from '../../api/tasks/task-forms-campaigns';
import { lintProject } from '../../api/workflows/lint';
import { lintEngineSubset } from '../../api/workflows/engine-subset';
import { HANDLERS } from '../../workers';
import { ROSTER_HEADERS } from '../../api/campaigns/roster';

type Officials = Awaited<ReturnType<typeof officials>>;

/** A household filed on a given day (as an imported legacy file would be), without running the filing chain. */
async function filedFile(sys: TestSystem, seq: number, opts: { orgId: string; filedAt: string; perCapita?: number; isDibaoHousehold?: boolean }) {
  const input: ApplicationInput = demoApplication(seq);
  const app = ApplicationSchema.parse({ ...input, income: { ...input.income, isDibaoHousehold: opts.isDibaoHousehold ?? false } });
  const org = await sys.db.prisma.org.findUniqueOrThrow({ where: { id: opts.orgId } });
  const id = parseResidentId(app.applicant.idNumber);
  if (!id.ok) throw new Error(id.error);
  const at = new Date(`${opts.filedAt}T10:00:00+08:00`);
  return sys.db.prisma.householdFile.create({
    data: {
      caseNo: `SQ-LEGACY-${String(seq).padStart(4, '0')}`,
      fileNo: `${org.path.split('/')[4]}-${opts.filedAt.slice(0, 4)}-${String(seq).padStart(6, '0')}`,
      status: 'filed',
      level: 'national',
      orgId: org.id,
      orgPath: org.path,
      applicantName: app.applicant.name,
      idNumber: app.applicant.idNumber,
      sex: id.sex,
      birthDate: new Date(`${id.birthDate}T00:00:00Z`),
      phone: app.applicant.phone ?? null,
      mainCause: app.hardship.mainCause,
      householdSize: 1 + app.members.length,
      annualIncome: 1_800_000n,
      perCapitaMonthly: opts.perCapita ?? 90_000,
      form: app as any,
      createdBy: 'import',
      createdAt: at,
      filedAt: at,
      members: { create: app.members.map((m) => ({ name: m.name, relation: m.relation, idNumber: m.idNumber, monthlyIncome: m.monthlyIncome, details: m as any })) },
    },
  });
}

/**
 * Completes a campaign task as `POST /api/tasks/:id/complete` does: through the API once the
 * campaign forms are merged into TASK_FORMS; until then by the same steps (validate with the
 * form's schema, apply the effects and complete in one transaction), answering like the API.
 */
async function completeForm(sys: TestSystem, c: Client, task: { id: string; formKey: string }, variables: Record<string, unknown>) {
  if (isFormKey(task.formKey)) return c.post(`/api/tasks/${task.id}/complete`, { variables });
  if (!isCampaignFormKey(task.formKey)) throw new Error(`not a campaign form: ${task.formKey}`);
  const parsed = CAMPAIGN_TASK_FORMS[task.formKey].safeParse(variables);
  if (!parsed.success) return { status: 422, body: { errors: fieldErrors(parsed.error) } };
  const user = (await loadUser(sys.db.prisma, await userId(sys, c.username)))!;
  const view = (await sys.engine.getTask(task.id))!;
  const output = (await sys.engine.definitionModel(view.definitionId))!.elements[view.elementId].properties!.output;
  try {
    await sys.db.prisma.$transaction(
      async (tx) => {
        const extra = await applyCampaignTaskEffects(tx, user, view, task.formKey as never, parsed.data, sys.clock.now());
        await sys.engine.completeTask(task.id, user.id, { [output]: parsed.data, ...extra }, tx);
      },
      { timeout: 30_000 },
    );
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { status: { UNPROCESSABLE: 422, CONFLICT: 409, NOT_FOUND: 404, FORBIDDEN: 403 }[err.code as string] ?? 400, body: { message: err.message, errors: err.errors } };
  }
  return { status: 200, body: { id: task.id } };
}

async function taskFor(c: Client, elementId: string, businessKey: string) {
  const task = (await inbox(c)).body.find((t: any) => t.elementId === elementId && t.businessKey === businessKey);
  expect(task, `${c.username} should have ${elementId} of ${businessKey}`).toBeTruthy();
  return task;
}
const hasTask = async (c: Client, elementId: string, businessKey: string) => (await inbox(c)).body.some((t: any) => t.elementId === elementId && t.businessKey === businessKey);


describe('the three campaign models', () => {
  it.each(['cleanup/cleanup.bpmn', 'dibao-referral/dibao-referral.bpmn', 'spot-check/spot-check.bpmn'])('%s passes the project rules with the campaign forms and the engine subset', async (name) => {
    const xml = readFileSync(new URL(`../../workflows/${name}`, import.meta.url), 'utf8');
    const known = { jobTypes: Object.keys(HANDLERS), formKeys: [...Object.keys(TASK_FORMS), ...Object.keys(CAMPAIGN_TASK_FORMS)] };
    expect(await lintProject(xml, known)).toEqual([]);
    expect(await lintEngineSubset(xml)).toEqual([]);
  });
});

/** 档案清理 (SPEC §5.3, seed 一(一)(二)(三)) with the 2018 rule on 2026 dates. */
describe('clean-up campaign: stock decided file by file, increment cancelled and restorable, rosters signed and confirmed', () => {
  let sys: TestSystem;
  let o: Officials;
  const f: Record<string, string> = {};

  beforeAll(async () => {
    sys = await testSystem();
    o = await officials(sys);
    // 江阳区北城街道工会: two stock files, one increment file, one filed after the increment window
    f.kept = (await filedFile(sys, 101, { orgId: '510502-01', filedAt: '2023-05-10' })).id;
    f.died = (await filedFile(sys, 102, { orgId: '510502-01', filedAt: '2023-11-20' })).id;
    f.increment = (await filedFile(sys, 103, { orgId: '510502-01', filedAt: '2025-06-01' })).id;
    f.later = (await filedFile(sys, 104, { orgId: '510502-01', filedAt: '2026-03-01' })).id;
    // the two edges of the increment window: the stock cut-off day and the increment cut-off day
    f.firstDay = (await filedFile(sys, 107, { orgId: '510502-01', filedAt: '2024-01-01' })).id;
    f.lastDay = (await filedFile(sys, 108, { orgId: '510502-01', filedAt: '2026-02-28' })).id;
    // 纳溪区安富街道工会: one of each part
    f.nxStock = (await filedFile(sys, 105, { orgId: '510503-01', filedAt: '2022-01-05' })).id;
    f.nxIncrement = (await filedFile(sys, 106, { orgId: '510503-01', filedAt: '2024-02-02' })).id;
  });
  afterAll(() => sys.stop());

  const file = (id: string) => sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id } });
  const body = { name: '2026年困难职工档案清理', stockCutoff: '2024-01-01', incrementCutoff: '2026-02-28' };
  let campaignId: string;
  /** a raw session cookie, for downloads */
  const cookieOf = async (username: string) => {
    const res = await fetch(`${sys.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
    return res.headers.get('set-cookie')!.split(';')[0];
  };


  it('refuses bad input naming the field, and anyone but a city reviewer, writing nothing', async () => {
    const bad = await o.city.post('/api/cleanup-campaigns', { ...body, incrementCutoff: '2023-12-31' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toHaveProperty('incrementCutoff');
    const noDate = await o.city.post('/api/cleanup-campaigns', { ...body, stockCutoff: '2024-13-01' });
    expect(noDate.status).toBe(422);
    expect(noDate.body.errors).toHaveProperty('stockCutoff');
    const future = await o.city.post('/api/cleanup-campaigns', { ...body, incrementCutoff: '2026-04-01' });
    expect(future.status).toBe(422);
    expect(future.body.errors).toHaveProperty('incrementCutoff');
    expect((await o.county.post('/api/cleanup-campaigns', body)).status).toBe(403);
    expect(await sys.db.prisma.cleanupCampaign.count()).toBe(0);
    expect(await sys.db.prisma.cleanupDecision.count()).toBe(0);
  });

  it('starts: every filed file in the window gets its part; increment files are all cancelled at once', async () => {
    const started = await o.city.post('/api/cleanup-campaigns', body);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body).toMatchObject({ status: 'open', year: 2026, unions: 2, stock: 3, increment: 4 });
    campaignId = started.body.id;
    expect((await o.city.post('/api/cleanup-campaigns', body)).status).toBe(409);
    await sys.engine.drain();

    for (const id of [f.increment, f.firstDay, f.lastDay, f.nxIncrement]) {
      const cancelled = await file(id);
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.closeReason).toContain('增量档案全部注销');
    }
    for (const id of [f.kept, f.died, f.later, f.nxStock]) expect((await file(id)).status).toBe('filed');
    const mine = await o.staff.get(`/api/cleanup-campaigns/${campaignId}/decisions`);
    expect(mine.body.map((d: any) => [d.fileId, d.part, d.decision])).toEqual([
      [f.kept, 'stock', null],
      [f.died, 'stock', null],
      [f.firstDay, 'increment', 'cancel'],
      [f.increment, 'increment', 'cancel'],
      [f.lastDay, 'increment', 'cancel'],
    ]);
  });

  it('gives each union its own review task, and another county nothing of it', async () => {
    const key = `cleanup-${campaignId}-510502-01`;
    expect(await hasTask(o.staff, 'reviewStock', key)).toBe(true);
    expect(await hasTask(o.staff_nx, 'reviewStock', key)).toBe(false);
    expect(await hasTask(o.staff_nx, 'reviewStock', `cleanup-${campaignId}-510503-01`)).toBe(true);
    expect((await o.staff_nx.put(`/api/cleanup-campaigns/${campaignId}/decisions/${f.kept}`, { decision: 'keep' })).status).toBe(404);
    const nxView = await o.county_nx.get(`/api/cleanup-campaigns/${campaignId}`);
    expect(nxView.body.unions.map((u: any) => u.orgId)).toEqual(['510503-01']);
  });

  it('records stock decisions one by one: keep, or cancel with one of the five reasons', async () => {
    const noReason = await o.staff.put(`/api/cleanup-campaigns/${campaignId}/decisions/${f.died}`, { decision: 'cancel' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors).toHaveProperty('reason');
    const increment = await o.staff.put(`/api/cleanup-campaigns/${campaignId}/decisions/${f.increment}`, { decision: 'keep' });
    expect(increment.status).toBe(422);
    expect(increment.body.errors).toHaveProperty('fileId');
    expect((await o.county.put(`/api/cleanup-campaigns/${campaignId}/decisions/${f.kept}`, { decision: 'keep' })).status).toBe(403);
    expect((await sys.db.prisma.cleanupDecision.findMany({ where: { decidedBy: { not: null } } })).length).toBe(0);

    const kept = await o.staff.put(`/api/cleanup-campaigns/${campaignId}/decisions/${f.kept}`, { decision: 'keep' });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect(kept.body).toMatchObject({ fileId: f.kept, decision: 'keep', reason: null });
  });

  it('completes the union review only when every stock file is decided, then cancels with the reason', async () => {
    const key = `cleanup-${campaignId}-510502-01`;
    const task = await taskFor(o.staff, 'reviewStock', key);
    const missing = await completeForm(sys, o.staff, task, { decisions: [] });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.decisions).toContain('1 份');
    const noReason = await completeForm(sys, o.staff, task, { decisions: [{ fileId: f.died, decision: 'cancel' }] });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors).toHaveProperty('decisions.0.reason');
    const done = await completeForm(sys, o.staff, task, { decisions: [{ fileId: f.died, decision: 'cancel', reason: 'death' }] });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    await sys.engine.drain();

    expect(await file(f.died)).toMatchObject({ status: 'cancelled', closeReason: '档案清理注销：建档职工本人已死亡' });
    expect((await file(f.kept)).status).toBe('filed');
    expect((await o.staff.put(`/api/cleanup-campaigns/${campaignId}/decisions/${f.kept}`, { decision: 'cancel', reason: 'transfer' })).status).toBe(409);
    expect(await hasTask(o.chair, 'signRosters', key)).toBe(true);
  });

  it('prints the two parts of the roster with the columns of attachment 5, as JSON and .xlsx', async () => {
    const stock = await o.staff.get(`/api/cleanup-campaigns/${campaignId}/roster?orgId=510502-01&part=stock`);
    expect(stock.status, JSON.stringify(stock.body)).toBe(200);
    expect(stock.body).toMatchObject({ title: '2026年困难职工花名册（第一部分：存量档案）', orgName: '江阳区北城街道工会', status: 'draft', signedBy: null });
    expect(stock.body.rows.map((r: any) => [r.seq, r.name, r.sex, r.result])).toEqual([
      [1, '张建国', '男', '保留并完善'],
      [2, '张建国', '女', '注销：建档职工本人已死亡'], // sex from the ID number (its 17th digit)
    ]);
    expect(stock.body.rows[0].idNumberMasked).toMatch(/^\*{14}\d{3}[\dX]$/);
    expect(stock.body.rows[0].phoneMasked).toBe('138****8000');
    expect(stock.body.rows[0].workplaceOrAddress).toBe('江阳区环卫服务中心');

    const xlsx = await fetch(`${sys.url}/api/cleanup-campaigns/${campaignId}/roster?orgId=510502-01&part=increment&format=xlsx`, {
      headers: { cookie: await cookieOf('staff') },
    });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('2026年困难职工花名册（第二部分：增量档案）');
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual([...ROSTER_HEADERS]);
    expect((ws.getRow(4).values as unknown[]).slice(1, 4)).toEqual([1, '510502-2024-000107', '张建国']);
    expect((ws.getRow(4).values as unknown[])[10]).toBe('已注销（可申请恢复）');
    expect(ws.rowCount).toBe(6);
    expect((await o.county_nx.get(`/api/cleanup-campaigns/${campaignId}/roster?orgId=510502-01&part=stock`)).status).toBe(404);
  });

  it('is signed by the chair and confirmed by the county; the campaign closes when every union is through', async () => {
    const key = `cleanup-${campaignId}-510502-01`;
    expect((await completeForm(sys, o.chair, await taskFor(o.chair, 'signRosters', key), { signed: true })).status).toBe(200);
    await sys.engine.drain();
    const signed = await o.staff.get(`/api/cleanup-campaigns/${campaignId}/roster?orgId=510502-01&part=stock`);
    expect(signed.body).toMatchObject({ status: 'submitted', signedBy: '王主席' });
    expect((await completeForm(sys, o.county, await taskFor(o.county, 'confirmRosters', key), { confirmed: true })).status).toBe(200);
    await sys.engine.drain();
    expect((await sys.db.prisma.cleanupCampaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe('open');

    const nxKey = `cleanup-${campaignId}-510503-01`;
    // the chair of 纳溪's first union (a demo user since issue 10)
    const chairNx = await login(sys.url!, 'chair_nx');
    expect((await completeForm(sys, o.staff_nx, await taskFor(o.staff_nx, 'reviewStock', nxKey), { decisions: [{ fileId: f.nxStock, decision: 'cancel', reason: 'exited' }] })).status).toBe(200);
    await sys.engine.drain();
    expect(await file(f.nxStock)).toMatchObject({ status: 'cancelled', closeReason: '档案清理注销：已脱困' });
    expect((await file(f.nxStock)).exitedAt).toBeTruthy();
    expect((await completeForm(sys, chairNx, await taskFor(chairNx, 'signRosters', nxKey), { signed: true })).status).toBe(200);
    await sys.engine.drain();
    expect(await hasTask(o.county, 'confirmRosters', nxKey)).toBe(false);
    expect((await completeForm(sys, o.county_nx, await taskFor(o.county_nx, 'confirmRosters', nxKey), { confirmed: true })).status).toBe(200);
    await sys.engine.drain();

    const closed = await o.city.get(`/api/cleanup-campaigns/${campaignId}`);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.unions).toEqual([
      expect.objectContaining({ orgId: '510502-01', stock: 2, kept: 1, cancelled: 1, undecided: 0, increment: 3, incrementCancelled: 3, rosterStatus: { stock: 'confirmed', increment: 'confirmed' } }),
      expect.objectContaining({ orgId: '510503-01', stock: 1, cancelled: 1, increment: 1, rosterStatus: { stock: 'confirmed', increment: 'confirmed' } }),
    ]);
    const instances = await sys.db.prisma.processInstance.findMany({ where: { bpmnProcessId: 'cleanup' } });
    expect(instances.map((i) => i.status)).toEqual(['completed', 'completed']);
  });

  it('restores an increment file through a new filing that names the old file', async () => {
    const before = await sys.db.prisma.householdFile.count();
    const noComment = await o.staff.post(`/api/files/${f.increment}/restore`, {});
    expect(noComment.status).toBe(422);
    expect(noComment.body.errors).toHaveProperty('comment');
    expect((await o.staff_nx.post(`/api/files/${f.increment}/restore`, { comment: '申请恢复' })).status).toBe(404);
    expect((await o.staff.post(`/api/files/${f.kept}/restore`, { comment: '申请恢复' })).status).toBe(409);
    expect((await o.staff.post(`/api/files/${f.died}/restore`, { comment: '申请恢复' })).status).toBe(409);
    expect(await sys.db.prisma.householdFile.count()).toBe(before);

    const restored = await o.staff.post(`/api/files/${f.increment}/restore`, { comment: '职工申请恢复档案，按建档程序重新审核' });
    expect(restored.status, JSON.stringify(restored.body)).toBe(201);
    expect(restored.body.restoreOf).toBe(f.increment);
    await sys.engine.drain();
    const fresh = await file(restored.body.id);
    expect(fresh).toMatchObject({ status: 'in_review', orgId: '510502-01', idNumber: (await file(f.increment)).idNumber });
    expect(fresh.createdAt).toEqual(sys.clock.now()); // the restoration's time on the app clock
    const instance = await sys.engine.getInstance(restored.body.instanceId);
    expect(instance).toMatchObject({ bpmnProcessId: 'filing', businessKey: restored.body.caseNo });
    expect(instance!.variables).toMatchObject({ fileId: restored.body.id, restoreOf: f.increment });
    expect(await hasTask(o.staff, 'householdSurvey', restored.body.caseNo)).toBe(true);
    expect((await file(f.increment)).status).toBe('cancelled');

    const decisions = await o.staff.get(`/api/cleanup-campaigns/${campaignId}/decisions?filter=${encodeURIComponent('{"part":"increment"}')}`);
    expect(decisions.body.map((d: any) => [d.fileId, d.decision])).toEqual([
      [f.firstDay, 'cancel'],
      [f.increment, 'restored'],
      [f.lastDay, 'cancel'],
    ]);
    expect(decisions.body[1].restoredAs).toMatchObject({ fileId: restored.body.id, caseNo: restored.body.caseNo });
    expect((await o.staff.post(`/api/files/${f.increment}/restore`, { comment: '再次申请' })).status).toBe(409);
  });
});

/** 低保未覆盖名单 (SPEC §5.4, seed 二(一)4). */
describe('dibao referral: collected per county by the deadline, confirmed by county and city, answered by civil affairs', () => {
  let sys: TestSystem;
  let o: Officials;
  let depts: DepartmentStandin;
  const f: Record<string, string> = {};
  let referrals: any[];
  const ref = (orgId: string) => referrals.find((r) => r.orgId === orgId);

  beforeAll(async () => {
    sys = await testSystem();
    o = await officials(sys);
    depts = await startDepartmentStandin();
    // 江阳 dibao 2026: ¥680 per person per month (demo)
    f.uncovered = (await filedFile(sys, 201, { orgId: '510502-01', filedAt: '2025-03-01', perCapita: 46_667 })).id;
    f.dibaoHousehold = (await filedFile(sys, 202, { orgId: '510502-01', filedAt: '2025-03-01', perCapita: 46_667, isDibaoHousehold: true })).id;
    f.above = (await filedFile(sys, 203, { orgId: '510502-02', filedAt: '2025-03-01', perCapita: 68_000 })).id;
    f.nxUncovered = (await filedFile(sys, 204, { orgId: '510503-01', filedAt: '2025-03-01', perCapita: 30_000 })).id;
  });
  afterAll(async () => {
    await sys.stop();
    await depts.close();
  });

  it('refuses bad input naming the field, and anyone but a city reviewer, writing nothing', async () => {
    for (const [body, field] of [
      [{ deadline: '2026-02-30' }, 'deadline'],
      [{ deadline: '2026-01-15' }, 'deadline'],
      [{ year: 2026, deadline: '2027-06-30' }, 'deadline'],
      [{ year: 'next' }, 'year'],
    ] as const) {
      const res = await o.city.post('/api/dibao-referrals', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.errors).toHaveProperty(field);
    }
    expect((await o.county.post('/api/dibao-referrals', {})).status).toBe(403);
    expect(await sys.db.prisma.dibaoReferral.count()).toBe(0);
  });

  it('collects per county-level union: below dibao and not a 低保户', async () => {
    const started = await o.city.post('/api/dibao-referrals', {});
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    referrals = started.body;
    expect(referrals).toHaveLength(9);
    expect(ref('510502')).toMatchObject({ year: 2026, deadline: '2026-06-30', status: 'collecting' });
    await sys.engine.drain();

    const jy = await o.county.get(`/api/dibao-referrals/${ref('510502').id}`);
    expect(jy.body.items.map((i: any) => [i.fileId, i.perCapita, i.dibao])).toEqual([[f.uncovered, 46_667, 68_000]]);
    const nx = await o.county_nx.get(`/api/dibao-referrals/${ref('510503').id}`);
    expect(nx.body.items.map((i: any) => i.fileId)).toEqual([f.nxUncovered]);
    // a union with nobody uncovered has nothing to send
    expect((await o.city.get(`/api/dibao-referrals/${ref('510504').id}`)).body).toMatchObject({ status: 'answered', items: [] });
    expect((await o.county_nx.get(`/api/dibao-referrals/${ref('510502').id}`)).status).toBe(404);
    expect((await o.county_nx.get('/api/dibao-referrals')).body.map((r: any) => r.orgId)).toEqual(['510503']);
  });

  it('the county confirms its list before the deadline; the city reviews; civil affairs answers by letter', async () => {
    const key = 'dibao-2026-510502';
    const task = await taskFor(o.county, 'confirmCounty', key);
    expect(task.dueAt).toBe('2026-06-30T15:59:59.000Z');
    expect(await hasTask(o.county_nx, 'confirmCounty', key)).toBe(false);
    const unknown = await completeForm(sys, o.county, task, { excludedFileIds: [f.nxUncovered], comment: '已纳入低保' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toHaveProperty('excludedFileIds.0');
    const noReason = await completeForm(sys, o.county, task, { excludedFileIds: [f.uncovered] });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors).toHaveProperty('comment');
    expect(await sys.db.prisma.dibaoReferralItem.count({ where: { referralId: ref('510502').id } })).toBe(1);
    expect((await completeForm(sys, o.county, task, { excludedFileIds: [], comment: '名单属实' })).status).toBe(200);
    await sys.engine.drain();

    expect((await completeForm(sys, o.city, await taskFor(o.city, 'confirmCity', key), { excludedFileIds: [] })).status).toBe(200);
    await sys.engine.drain();
    // no civil-affairs connector: the city enters the reply letter
    expect((await o.city.get(`/api/dibao-referrals/${ref('510502').id}`)).body.status).toBe('sent');
    const manual = await taskFor(o.city, 'civilAffairsManual', key);
    const none = await completeForm(sys, o.city, manual, { answers: [] });
    expect(none.status).toBe(422);
    expect(none.body.errors.answers).toContain('1 户');
    const wrong = await completeForm(sys, o.city, manual, { answers: [{ fileId: f.uncovered, answer: 'maybe' }] });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toHaveProperty('answers.0.answer');
    expect((await completeForm(sys, o.city, manual, { answers: [{ fileId: f.uncovered, answer: 'covered', note: '民政复函：2026年7月起纳入低保' }] })).status).toBe(200);
    await sys.engine.drain();

    const answered = await o.county.get(`/api/dibao-referrals/${ref('510502').id}`);
    expect(answered.body).toMatchObject({ status: 'answered', items: [expect.objectContaining({ fileId: f.uncovered, answer: 'covered', note: '民政复函：2026年7月起纳入低保' })] });
  });

  it('a county that lets the deadline pass has its list sent as collected; the connector answers for civil affairs', async () => {
    const key = 'dibao-2026-510503';
    expect(await hasTask(o.county_nx, 'confirmCounty', key)).toBe(true);
    sys.clock.set('2026-06-30T15:59:00Z');
    await sys.engine.drain();
    expect(await hasTask(o.county_nx, 'confirmCounty', key)).toBe(true);
    sys.clock.set('2026-06-30T16:00:00Z');
    await sys.engine.drain();
    expect(await hasTask(o.county_nx, 'confirmCounty', key)).toBe(false);

    expect((await o.city.put('/api/department-connectors', { department: 'civil_affairs', mode: 'http', url: depts.url('civil_affairs'), credential: depts.credential })).status).toBe(200);
    expect((await completeForm(sys, o.city, await taskFor(o.city, 'confirmCity', key), { excludedFileIds: [] })).status).toBe(200);
    await sys.engine.drain();
    expect(depts.requests.map((r) => r.body.caseNo)).toEqual(['SQ-LEGACY-0204']);
    expect(await hasTask(o.city, 'civilAffairsManual', key)).toBe(false);
    const answered = await o.city.get(`/api/dibao-referrals/${ref('510503').id}`);
    expect(answered.body).toMatchObject({ status: 'answered', items: [expect.objectContaining({ fileId: f.nxUncovered, answer: 'pending' })] });
    const instance = await sys.db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: key } });
    expect(instance.status).toBe('completed');
  });
});

/** 专项督查 (SPEC §5.5, seed 四6). */
describe('spot checks: a reproducible sample, the four questions, and a follow-up of what was found', () => {
  let sys: TestSystem;
  let o: Officials;

  beforeAll(async () => {
    sys = await testSystem();
    o = await officials(sys);
    for (let i = 0; i < 10; i++) await filedFile(sys, 301 + i, { orgId: i < 6 ? '510502-01' : '510502-02', filedAt: '2025-04-01' });
    await filedFile(sys, 320, { orgId: '510503-01', filedAt: '2025-04-01' });
  });
  afterAll(() => sys.stop());

  const start = (c: Client, body: Record<string, unknown>) => c.post('/api/spot-checks', { orgId: '510502', year: 2026, sharePct: 30, seed: 42, ...body });
  const sampleOf = (res: { body: any }) => res.body.items.map((i: any) => i.fileId);

  it('refuses bad input naming the field, other roles and other counties, writing nothing', async () => {
    for (const [body, field] of [
      [{ sharePct: 0 }, 'sharePct'],
      [{ sharePct: 30.5 }, 'sharePct'],
      [{ seed: -1 }, 'seed'],
      [{ year: 1999 }, 'year'],
      [{ orgId: '510504' }, 'orgId'],
    ] as const) {
      const res = await start(o.supervisor, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.errors).toHaveProperty(field);
    }
    expect((await start(o.county, {})).status).toBe(403);
    expect((await start(o.county_nx, {})).status).toBe(404);
    expect(await sys.db.prisma.spotCheck.count()).toBe(0);
    expect(await sys.db.prisma.processInstance.count({ where: { bpmnProcessId: 'spot-check' } })).toBe(0);
  });

  let first: any;
  let again: any;
  it('draws the same sample for the same seed and another for another seed', async () => {
    first = (await start(o.supervisor, {})).body;
    expect(first.population).toBe(10);
    expect(first.items).toHaveLength(3);
    again = await start(o.supervisor, {});
    expect(sampleOf(again)).toEqual(sampleOf({ body: first }));
    const other = await start(o.supervisor, { seed: 7 });
    expect(sampleOf(other)).toHaveLength(3);
    expect(sampleOf(other)).not.toEqual(sampleOf({ body: first }));
    const everyone = await sys.db.prisma.householdFile.findMany({ where: { orgPath: { startsWith: '/100000/510000/510500/510502/' } }, select: { id: true } });
    expect(everyone.map((f) => f.id)).toEqual(expect.arrayContaining([...sampleOf(again), ...sampleOf(other)]));
    expect((await o.county_nx.get(`/api/spot-checks/${first.id}`)).status).toBe(404);
    expect((await o.county.get(`/api/spot-checks/${first.id}`)).status).toBe(200);
  });

  const yes = { ok: true, notes: '' };
  const allYes = { rightTarget: yes, realMechanism: yes, fundsWellUsed: yes, realExit: yes };

  it('records the four answers for every sampled file; a negative answer opens a follow-up', async () => {
    const key = `spot-check-${first.id}`;
    const task = await taskFor(o.supervisor, 'checkFiles', key);
    const [a, b, c] = first.items.map((i: any) => i.fileId);
    const partial = await completeForm(sys, o.supervisor, task, { items: [{ fileId: a, answers: allYes }] });
    expect(partial.status).toBe(422);
    expect(partial.body.errors.items).toContain('2 份');
    const noNotes = await completeForm(sys, o.supervisor, task, { items: [{ fileId: a, answers: { ...allYes, fundsWellUsed: { ok: false } } }] });
    expect(noNotes.status).toBe(422);
    expect(noNotes.body.errors).toHaveProperty('items.0.answers.fundsWellUsed.notes');
    const stranger = (await sys.db.prisma.householdFile.findFirstOrThrow({ where: { orgId: '510503-01' } })).id;
    const outside = await completeForm(sys, o.supervisor, task, { items: [a, b, stranger].map((fileId) => ({ fileId, answers: allYes })) });
    expect(outside.status).toBe(422);
    expect(outside.body.errors).toHaveProperty('items.2.fileId');
    expect(await sys.db.prisma.spotCheckItem.count({ where: { checkedAt: { not: null } } })).toBe(0);

    const checked = await completeForm(sys, o.supervisor, task, {
      items: [
        { fileId: a, answers: allYes },
        { fileId: b, answers: { ...allYes, fundsWellUsed: { ok: false, notes: '慰问金发放无签收记录' } } },
        { fileId: c, answers: allYes },
      ],
    });
    expect(checked.status, JSON.stringify(checked.body)).toBe(200);
    await sys.engine.drain();
    const found = await o.supervisor.get(`/api/spot-checks/${first.id}`);
    expect(found.body.status).toBe('following_up');
    expect(found.body.items.filter((i: any) => i.negative).map((i: any) => i.fileId)).toEqual([b]);

    const followUp = await taskFor(o.supervisor, 'followUp', key);
    const wrong = await completeForm(sys, o.supervisor, followUp, { items: [{ fileId: a, followUp: '已整改' }] });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toHaveProperty('items.0.fileId');
    expect((await completeForm(sys, o.supervisor, followUp, { items: [{ fileId: b, followUp: '已补齐签收单，责令基层工会规范发放' }] })).status).toBe(200);
    await sys.engine.drain();
    const closed = await o.supervisor.get(`/api/spot-checks/${first.id}`);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.items.find((i: any) => i.fileId === b)).toMatchObject({ negative: true, followUp: '已补齐签收单，责令基层工会规范发放', answers: { fundsWellUsed: { ok: false, notes: '慰问金发放无签收记录' } } });
  });

  it('closes without a follow-up when every answer is yes', async () => {
    const second = again.body;
    const detail = (await o.supervisor.get(`/api/spot-checks/${second.id}`)).body;
    expect(detail.status).toBe('checking');
    const key = `spot-check-${second.id}`;
    const task = await taskFor(o.supervisor, 'checkFiles', key);
    expect((await completeForm(sys, o.supervisor, task, { items: detail.items.map((i: any) => ({ fileId: i.fileId, answers: allYes })) })).status).toBe(200);
    await sys.engine.drain();
    expect(await hasTask(o.supervisor, 'followUp', key)).toBe(false);
    expect((await o.supervisor.get(`/api/spot-checks/${second.id}`)).body.status).toBe('closed');
  });
});
