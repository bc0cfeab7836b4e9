import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { testSystem, inbox, login, type Client } from '../support/system';
import { demoApplication, residentId } from '../support/fixtures';
import { ManualClock } from '../../api/clock';
import { DEMO_PASSWORD } from '../../prisma/seed';
import { sessionMiddleware } from '../../api/auth/session';
import { errorHandler } from '../../api/errors';
import { importRoutes, XLSX_TYPE } from '../../api/import/routes';
import { COLUMNS, headerKey } from '../../api/import/columns';
import { dayAfter, household, idOf, workbook } from '../support/import-rows';
import { IMPORT_LIMITS } from '../../api/import/parse';
import { BATCH_SIZE } from '../../api/import/import';

const ORG = '510502-01';

describe('import of existing files from .xlsx: template, preview with row errors, confirmed batches, refusals', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let server: Server;
  let base: string;
  let staff: Client, staff2: Client, staffNx: Client, chair: Client;
  let template: Buffer;
  let filedId: string;

  const counts = async () => ({
    files: await sys.db.prisma.householdFile.count(),
    members: await sys.db.prisma.familyMember.count(),
    audit: await sys.db.prisma.auditLog.count(),
    instances: await sys.db.prisma.processInstance.count(),
  });
  const preview = (c: Client, body: Uint8Array, type = XLSX_TYPE) => c.upload('/api/import/files/preview', body, type);
  async function finished(c: Client, importId: string) {
    for (let i = 0; i < 600; i++) {
      const p = await c.get(`/api/import/files/${importId}`);
      expect(p.status).toBe(200);
      if (p.body.status !== 'running') return p.body;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('import did not finish');
  }

  beforeAll(async () => {
    sys = await testSystem({ clock: new ManualClock('2026-03-02T01:00:00Z') });
    // The router under test in front of the whole app, mounted where the lead mounts it.
    const app = express();
    app.use('/api/import', sessionMiddleware(sys.db.prisma, sys.clock), importRoutes(sys.ctx));
    app.use(sys.app);
    app.use(errorHandler);
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    [staff, staff2, staffNx, chair] = await Promise.all(['staff', 'staff2', 'staff_nx', 'chair'].map((u) => login(base, u)));
    // A household already in review: its people cannot be filed again.
    const created = await staff.post('/api/applications', demoApplication(1));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    filedId = created.body.id;
    await sys.engine.drain();
    const res = await fetch(`${base}/api/import/template.xlsx`, { headers: { cookie: await cookieOf('staff') } });
    expect(res.status).toBe(200);
    template = Buffer.from(await res.arrayBuffer());
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await sys?.stop();
  });
  async function cookieOf(username: string) {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
    return res.headers.get('set-cookie')!.split(';')[0];
  }

  it('the template: sheet 档案 with every column’s Chinese header, sheet 说明 with each code’s allowed values in Chinese', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template as any);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['档案', '说明']);
    const headers = (wb.getWorksheet('档案')!.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(COLUMNS.map((c) => c.header));
    for (const h of ['*姓名', '*身份证号', '*主要致困原因', '*年工薪收入（元）', '档案编号', '成员1身份证号', '成员5人员身份']) expect(headers).toContain(h);
    expect(headers.some((h) => String(h).startsWith('成员6'))).toBe(false);
    const help = new Map<string, string[]>();
    wb.getWorksheet('说明')!.eachRow((r) => {
      const v = (r.values as unknown[]).slice(1).map((x) => (x === null || x === undefined ? '' : String(x)));
      help.set(v[0], v.slice(4));
    });
    expect(help.get('*政治面貌')).toEqual(['群众', '中共党员', '共青团员', '民主党派']);
    expect(help.get('*主要致困原因')).toEqual(['家庭成员无劳动能力', '有劳动能力而未就业', '下岗失业', '未参加社会保险', '社会保险待遇落实不到位', '家庭成员患重特大疾病', '遭受自然灾害', '遭受意外事故', '子女上学', '其他']);
    expect(help.get('档案级别')).toEqual(['全国级', '省级', '市级', '区县级', '基层']);
    expect(help.get('成员3人员身份')).toEqual(['在职', '在校学生', '学龄前儿童', '无业', '退休', '务农', '其他']);
    // every coded column lists its values
    for (const col of COLUMNS.filter((c) => c.labels)) expect(help.get(col.header), col.header).toEqual(Object.values(col.labels!));
  });

  it('1,000 rows with exactly 3 bad ones: those 3 reported with their columns, nothing written; after confirmation the other 997 are imported in batches', async () => {
    const existing = (await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id: filedId } })).idNumber;
    const rows = Array.from({ length: 1000 }, (_, i) => household(i, { stock: i >= 5 }));
    rows[100]['身份证号'] = `${String(rows[100]['身份证号']).slice(0, 17)}${String(rows[100]['身份证号']).endsWith('0') ? '1' : '0'}`; // wrong check digit
    rows[500]['主要致困原因'] = '生活困难'; // not one of the options
    rows[900]['成员1身份证号'] = existing; // already in an active file
    const body = await workbook(template, rows);
    const before = await counts();

    const res = await preview(staff, body);
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    expect([res.body.total, res.body.valid]).toEqual([1000, 997]);
    expect(res.body.errors.map((e: any) => [e.row, e.column])).toEqual([
      [102, '*身份证号'],
      [502, '*主要致困原因'],
      [902, '成员1身份证号'],
    ]);
    const [idError, causeError, conflict] = res.body.errors.map((e: any) => e.message);
    expect(idError).toBe('身份证号校验位错误');
    expect(causeError).toContain('“生活困难”不是可选的值');
    expect(conflict).toBe('该身份证号已在江阳区北城街道工会的困难职工档案中（审核中），不能重复建档');
    expect(await counts()).toEqual(before);

    // another official cannot see or confirm it
    for (const other of [staff2, staffNx]) {
      expect((await other.get(`/api/import/files/${res.body.importId}`)).status).toBe(404);
      expect((await other.post(`/api/import/files/${res.body.importId}/confirm`)).status).toBe(404);
    }
    expect(await counts()).toEqual(before);

    const started = Date.now();
    const confirm = await staff.post(`/api/import/files/${res.body.importId}/confirm`);
    expect(confirm.status, JSON.stringify(confirm.body)).toBe(202);
    expect(confirm.body).toMatchObject({ status: 'running', total: 997 });
    const progress = await finished(staff, res.body.importId);
    expect(progress).toMatchObject({ status: 'done', done: 997, total: 997, filed: 992, inReview: 5, skipped: [] });
    expect(Date.now() - started).toBeLessThan(45_000);
    expect((await staff.post(`/api/import/files/${res.body.importId}/confirm`)).status).toBe(409);

    const prisma = sys.db.prisma;
    const imported = await prisma.householdFile.findMany({ where: { applicantName: { startsWith: '导入职工' } }, include: { members: true } });
    expect(imported).toHaveLength(997);
    expect(imported.every((f) => f.orgId === ORG && f.orgPath.endsWith(`/${ORG}/`))).toBe(true);
    const names = new Set(imported.map((f) => f.applicantName));
    for (const bad of [100, 500, 900]) expect(names.has(`导入职工${bad}`)).toBe(false);
    const stock = imported.filter((f) => f.status === 'filed');
    expect(stock).toHaveLength(992);
    expect(stock.every((f) => f.fileNo?.startsWith('510502-2018-') && f.level === 'national' && f.filedAt?.toISOString() === '2018-06-29T16:00:00.000Z' && !f.processInstanceId)).toBe(true);
    // new applications start the filing process
    const applications = imported.filter((f) => f.status === 'in_review');
    expect(applications.map((f) => f.applicantName).sort()).toEqual(['导入职工0', '导入职工1', '导入职工2', '导入职工3', '导入职工4']);
    expect(applications.every((f) => f.processInstanceId && !f.fileNo)).toBe(true);
    // made at the import's time by the app clock, not the database's wall clock
    expect(new Set(imported.map((f) => f.createdAt.toISOString()))).toEqual(new Set([sys.clock.now().toISOString()]));
    await sys.engine.drain();
    const surveys = (await inbox(staff)).body.filter((t: any) => t.elementId === 'householdSurvey' && applications.some((f) => f.caseNo === t.businessKey));
    expect(surveys).toHaveLength(5);

    // the row as typed: yuan to fen, codes from labels, derived fields from the ID number
    const f7 = imported.find((f) => f.applicantName === '导入职工7')!;
    const form = f7.form as any;
    expect(form.applicant.monthlyIncome).toBe(150_000);
    expect(form.income.annualWages).toBe(1_800_000);
    expect(form.income.annualTransfer).toBe(120_050);
    expect(form.hardship).toMatchObject({ mainCause: 'major_illness', secondaryCauses: ['schooling'] });
    expect(form.applicant.healthStatus).toBe('healthy');
    expect(f7.members.map((m) => m.relation).sort()).toEqual(['子', '配偶']);
    expect(f7.householdSize).toBe(3);
    expect(f7.annualIncome).toBe(1_920_050n);
    expect(f7.perCapitaMonthly).toBe(Math.round((1_920_050 - 120_000) / 36));
    expect(f7.birthDate.toISOString().slice(0, 10)).toBe(dayAfter('1965-01-01', 7));
    expect(f7.sex).toBe('male');
    // one audit row per batch, listing the files it created
    const audits = await prisma.auditLog.findMany({ where: { action: 'import' } });
    expect(audits).toHaveLength(Math.ceil(997 / BATCH_SIZE));
    expect(audits.flatMap((a) => (a.after as any).fileIds).sort()).toEqual(imported.map((f) => f.id).sort());
  });

  it('the same person twice in the sheet, a repeated file number, and bad cells: every such row reported, nothing of them staged; a clean sheet passes', async () => {
    const rows = [household(2001), household(2002), household(2003), household(2004), household(2005, { members: 1 })];
    rows[2]['身份证号'] = rows[0]['身份证号']; // sheet rows 2 and 4: one person, two households
    rows[3]['档案编号'] = rows[1]['档案编号']; // sheet rows 3 and 5: one file number twice
    rows[4]['成员2姓名'] = '只有姓名'; // a second member with nothing else (household 2005 has one member)
    rows[4]['次要致困原因'] = '家庭成员患重特大疾病'; // the main cause again
    rows[1]['年工薪收入（元）'] = '1万';
    rows[1]['建档日期'] = '2030-01-01';
    const res = await preview(staff, await workbook(template, rows));
    expect(res.status).toBe(200);
    expect([res.body.total, res.body.valid]).toEqual([5, 0]);
    const byRow = (row: number) => res.body.errors.filter((e: any) => e.row === row).map((e: any) => `${e.column}: ${e.message}`);
    expect(byRow(2)).toEqual(['*身份证号: 身份证号与第4行重复：同一人只能在一户中建档']);
    expect(byRow(4)).toEqual(['*身份证号: 身份证号与第2行重复：同一人只能在一户中建档']);
    expect(byRow(3)).toEqual(['*年工薪收入（元）: 年工薪收入（元）格式不正确：请填写金额（元），最多两位小数，如 1500.00', '建档日期: 建档日期不能晚于今天', '档案编号: 档案编号与第5行重复']);
    expect(byRow(5)).toEqual(['档案编号: 档案编号与第3行重复']);
    expect(byRow(6)).toEqual(expect.arrayContaining(['成员2身份证号: 请填写成员2身份证号', '成员2与户主关系: 请填写成员2与户主关系', '次要致困原因: 次要致困原因不能与主要致困原因相同']));
    expect(byRow(6).some((e: string) => e.startsWith('成员1'))).toBe(false);
    expect((await staff.post(`/api/import/files/${res.body.importId}/confirm`)).status).toBe(409);

    const fixed = await preview(staff, await workbook(template, [household(2006), household(2007, { stock: false, members: 0 })]));
    expect([fixed.body.total, fixed.body.valid, fixed.body.errors]).toEqual([2, 2, []]);
  });

  it('a person filed between preview and confirmation is skipped at confirmation, with the reason', async () => {
    const rows = [household(3001), household(3002)];
    const res = await preview(staff, await workbook(template, rows));
    expect(res.body.valid).toBe(2);
    // meanwhile another official files the first household by hand
    const app = demoApplication(9, { applicant: { ...demoApplication(9).applicant, idNumber: String(rows[0]['身份证号']) } } as any);
    const created = await staff2.post('/api/applications', app);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await staff.post(`/api/import/files/${res.body.importId}/confirm`)).status).toBe(202);
    const progress = await finished(staff, res.body.importId);
    expect(progress).toMatchObject({ status: 'done', done: 2, filed: 1, inReview: 0 });
    expect(progress.skipped).toEqual([{ row: 2, column: '*身份证号', message: '该身份证号已在江阳区环卫服务中心工会的困难职工档案中（审核中），不能重复建档' }]);
    expect(await sys.db.prisma.householdFile.count({ where: { applicantName: '导入职工3001' } })).toBe(0);
    expect(await sys.db.prisma.householdFile.count({ where: { applicantName: '导入职工3002' } })).toBe(1);
  });

  it('bad uploads are refused with a clear Chinese message and nothing is written', async () => {
    const before = await counts();
    const emptyBook = new ExcelJS.Workbook();
    emptyBook.addWorksheet('Sheet1').addRow(['随便', '什么']);
    const foreign = Buffer.from(await emptyBook.xlsx.writeBuffer());
    const cases: Array<[string, () => Promise<{ status: number; body: any }>, number, string]> = [
      ['not an xlsx (a PDF)', () => preview(staff, Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n')), 415, '不是 Excel（.xlsx）文件'],
      ['an old .xls', () => preview(staff, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)])), 415, '不支持旧版 Excel（.xls）文件'],
      ['a broken zip', () => preview(staff, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)])), 415, '已损坏'],
      ['empty', () => preview(staff, new Uint8Array(0)), 400, '上传的文件是空的'],
      ['too large', () => preview(staff, new Uint8Array(IMPORT_LIMITS.bytes + 1)), 413, '文件过大：导入文件不能超过 10 MB'],
      ['a form post', () => preview(staff, Buffer.from('a=b'), 'application/x-www-form-urlencoded'), 415, '请直接上传 Excel 文件本身'],
      ['JSON', () => staff.post('/api/import/files/preview', { rows: [] }), 415, '请直接上传 Excel 文件本身'],
      ['another workbook', () => preview(staff, foreign), 422, '不是导入模板的表头'],
      ['the template with no rows', () => preview(staff, template), 422, '中没有数据'],
      ['a chair (not grassroots staff)', () => preview(chair, template), 403, '只有基层工会保障工作人员可以导入档案'],
      ['another union as orgId', () => staff.upload(`/api/import/files/preview?orgId=510503-01`, template, XLSX_TYPE), 403, '不能为其他工会导入档案'],
    ];
    for (const [what, send, status, message] of cases) {
      const res = await send();
      expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(status);
      expect(res.body.message, what).toContain(message);
      expect(res.body.importId, what).toBeUndefined();
    }
    const missing = await workbook(template, [household(4001)]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(missing as any);
    wb.getWorksheet('档案')!.spliceColumns(COLUMNS.findIndex((c) => c.header === '*家庭住址') + 1, 1);
    const res = await preview(staff, Buffer.from(await wb.xlsx.writeBuffer()));
    expect([res.status, res.body.message]).toEqual([422, '表格缺少以下列：家庭住址。请下载并使用系统提供的导入模板']);
    expect(await counts()).toEqual(before);
    expect((await staff.get('/api/import/files/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await staff.get('/api/import/files/not-an-id')).status).toBe(404);
    const anonymous = await fetch(`${base}/api/import/template.xlsx`);
    expect(anonymous.status).toBe(401);
  });
});
