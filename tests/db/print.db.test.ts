import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { testSystem, inbox, type Client } from '../support/system';
import { DEMO_PASSWORD } from '../../prisma/seed';
import { ManualClock } from '../../api/clock';
import { loadUser, sessionMiddleware } from '../../api/auth/session';
import { errorHandler } from '../../api/errors';
import { APPROVE, complete, officials, toApproval, toCountyReview, userId } from '../support/filing';
import { demoApplication } from '../support/fixtures';
import { printRoutes } from '../../api/print/routes';
import { loadFilePrint } from '../../api/print/data';
import { archiveForm, certificate, contactCard, declarationForm } from '../../api/print/forms';
import { pdfDefinition } from '../../api/print/pdf';
import { docTexts, type PrintDoc } from '../../api/print/layout';
import { loadRoster, rosterDoc } from '../../api/print/roster';
import { launchBrowser, screenshot } from '../support/browser';

/**
 * The labels of the seed's attachments (泸工发〔2018〕10号), as printed on the paper forms.
 * Each list is checked against the seed text first, so a typo here cannot make a test pass.
 */
const ARCHIVE_LABELS = [
  '困难城镇职工档案表格（*为必填项）',
  '*职工编号', '*困难类别', '*档案类型', '*建档标准',
  '*姓名', '*民族', '*性别', '*政治面貌', '*身份证号', '*出生日期', '年龄', '*健康状况', '疾病/残疾类别', '*工作状态', '*工作时间',
  '*住房类型', '建筑面积', '手机号码', '其他联系方式', '*劳模类型', '*婚姻状况', '是否单亲', '*医保状况',
  '*家庭住址', '邮政编码', '工作单位', '单位性质', '企业状况', '*所属行业',
  '*本人月平均收入', '*家庭其他非薪资年收入', '*家庭年度总收入', '*家庭人口', '家庭月人均收入', '*户口所在地行政区划', '*户口类型',
  '是否有一定自救能力', '是否为零就业家庭', '*主要致困原因', '年度必要支出', '其他(文字描述)', '次要致困原因（0-3项）',
  '开户银行', '支行名称', '银行卡号', '附件', '附件名称', '附件类型', '备注', '*建档人', '*审核人', '录入人',
];
const MEMBER_LABELS = [
  '*姓名', '*关系（是户主的）', '*民族', '*身份证号', '出生日期', '年龄', '性别', '政治面貌', '*月收入', '*劳模类型', '*健康状况', '疾病/残疾类别',
  '*医保状况', '*婚姻状况', '*户口类型', '手机号码', '其它联系方式', '*人员身份', '当前学历', '入学年份', '年制', '单位或学校',
  '单位性质', '企业状况', '所属行业', '工作状态', '劳动合同签订/入伍时间', '合同期限', '备注',
];
const CAUSES = ['家庭成员无劳动能力', '有劳动能力而未就业', '下岗失业', '未参加社会保险', '社会保险待遇落实不到位', '家庭成员患重特大疾病', '遭受自然灾害', '遭受意外事故', '子女上学', '其他'];
const DECLARATION_LABELS = [
  '年度困难职工家庭财产、收支情况及致困原因申报表',
  '职工姓名', '性别', '年龄', '身份证号', '婚姻状况', '工作单位', '家庭人口',
  '本人近半年工薪总收入', '全家工薪总收入',
  '本人本年度非工薪总收入（包括投资收入、利息、稿费、救济等）',
  '全家年度非工薪总收入（包括离退休金、社会救济、经营净收入、租金收入、利息、红利、稿费等所有收入）',
  '全部家庭成员近6个月总收入（包括离退休金、工薪收入、经营净收入、投资收入、租金、利息、稿费、救济等）',
  '全部家庭成员人均每月收入', '自有产权住房（套）', '经营性商业店铺（m2）', '非受雇佣机动车、船、工程机械及大型农机具等', '其它资产',
  '家庭生活年度必须支出项目', '日常基本生活开支', '医疗费（提供医疗费用结算收据复印件）', '子女上学', '购房、购车', '其他',
  '主要致困原因', ...CAUSES, '申报人（签字）', '审核人（签字）',
];
const MEASURES = ['就业创业发展', '纳入社保制度覆盖', '纳入大病保险和医疗互助保险保障', '社会救助兜底', '其他（注明）'];
const PROGRAMMES = ['技能培训促就业计划', '创业援助计划', '阳光就业计划', '职工医疗互助计划', '金秋助学计划', '一帮一结对计划', '送温暖精准化计划', '其他（注明）'];
const CARD_HELPER_LABELS = [
  '困难职工解困脱困联系卡（帮扶责任人存）', '职工编号', '职工姓名', '性别', '出生年月', '家庭住址', '工作单位', '家庭主要成员',
  '致困原因', '困难类别', '帮扶任务完成时限', '月底前实现解困脱困', '联系方式', '帮扶单位', '帮扶责任人',
];
const CARD_WORKER_LABELS = [
  '困难职工解困脱困联系卡（困难职工存）', '职工姓名', '性别', '出生年月', '帮扶单位', '帮扶责任人', '职务', '联系方式',
  '困难职工所属工会联络人姓名', '解困脱困措施选项', ...MEASURES, '解困脱困计划选项', ...PROGRAMMES, '备注',
];
const CERTIFICATE_LABELS = [
  '困难职工解困脱困认定书（基层工会存）', '职工姓名', '性别', '出生年月', '工作单位或家庭住址', '联系方式', '档案号', '身份证号',
  '帮扶单位', '帮扶责任人', '职务', '困难职工所属工会联络人姓名', '解困脱困措施', ...MEASURES, '解困脱困计划', ...PROGRAMMES,
  '效果评价', '效果描述', '家庭人均收入达到', '（元/月）', '脱困，建议注销档案', '解困，建议继续帮扶', '效果不理想，建议继续帮扶',
  '解困脱困认定意见', '工会主席（签字）', '基层工会（盖章）', '认定日期',
];
const ROSTER_LABELS = ['年困难职工解困脱困花名册', '基层工会（盖章）', '填表人', '填表时间', '工会主席（签字）', '序号', '档案号', '姓名', '性别', '身份证号', '联系方式', '困难类别', '工作单位或家庭住址', '帮扶责任人姓名'];

const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const squeeze = (s: string) => s.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）').replace(/:/g, '：');
const has = (cmd: string) => {
  try {
    execFileSync('which', [cmd], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** The labels of one attachment of the seed: from "附件N：" to the next attachment. */
function seedSection(n: number): string {
  const seed = readFileSync('/work/shared/seed/luzhou-2018-10-implementation-plan.txt', 'utf8');
  const start = seed.indexOf(`附件${n}：`);
  const end = n < 5 ? seed.indexOf(`附件${n + 1}：`) : seed.length;
  expect(start, `seed attachment ${n}`).toBeGreaterThan(0);
  return squeeze(seed.slice(start, end));
}

/** Every text a pdfmake definition prints, in order (what the PDF holds before rendering). */
function definitionText(node: unknown): string {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map(definitionText).join('\n');
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    return ['text', 'content', 'table', 'body', 'stack', 'columns'].map((k) => (k in o ? definitionText(o[k]) : '')).join('\n');
  }
  return '';
}

function expectLabels(text: string, labels: string[], what: string) {
  const flat = squeeze(text);
  const missing = labels.filter((l) => !flat.includes(squeeze(l)));
  expect(missing, `${what} lacks these labels of the seed`).toEqual([]);
}

/** The HTML's visible text: tags dropped, entities decoded. */
const htmlText = (html: string) =>
  html
    .replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('printable documents: attachments 1–5 as A4 pages, PDFs and the roster as .xlsx', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let o: Awaited<ReturnType<typeof officials>>;
  let server: Server;
  let base: string;
  const cookies = new Map<string, string>();
  let fileId: string, fileNo: string, otherFileId: string;
  let rosterId: string;
  let idNumber: string;

  /** A session cookie of a demo user on the test server (printing is a GET with the cookie). */
  async function cookie(username: string) {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
    expect(res.status).toBe(200);
    cookies.set(username, res.headers.get('set-cookie')!.split(';')[0]);
  }
  const get = async (who: string, path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { cookie: cookies.get(who)! } });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
  };

  beforeAll(async () => {
    sys = await testSystem({ clock: new ManualClock('2026-01-05T01:00:00Z') });
    // The routers under test in front of the whole app, as the lead mounts them at /api.
    const app = express();
    // api/app.ts's Content-Security-Policy, which the print pages must live with (no inline script)
    app.use((_req, res, next) => {
      res.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
      next();
    });
    app.use('/api', sessionMiddleware(sys.db.prisma, sys.clock), printRoutes(sys.ctx));
    app.use(sys.app);
    app.use(errorHandler);
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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

    // A household filed through the whole chain: survey, helpers, approval, report, county review.
    const { id, caseNo } = await toApproval(sys, o, 1);
    await toCountyReview(sys, o, caseNo, 'county');
    await complete(sys, o.county, 'countyReview', caseNo, APPROVE);
    const file = await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id } });
    expect(file.status).toBe('filed');
    fileId = id;
    fileNo = file.fileNo!;
    idNumber = file.idNumber;

    // The year of help: March plan, income above the dibao, December evaluation, the chair signs.
    const task = async (who: Client, elementId: string) => {
      const t = (await inbox(who)).body.find((t: any) => t.elementId === elementId && t.businessKey === `${fileNo}/2026`);
      expect(t, `${who.username}: ${elementId}`).toBeTruthy();
      return t;
    };
    const done = async (who: Client, elementId: string, variables: object) => {
      const res = await who.post(`/api/tasks/${(await task(who, elementId)).id}/complete`, { variables });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      await sys.engine.drain();
    };
    sys.clock.set('2026-03-02T01:00:00Z');
    await sys.engine.drain();
    await done(o.helper, 'marchPlan', {
      visitDate: '2026-03-02',
      measures: ['employment', 'medical_insurance'],
      programmes: ['skills_training', 'medical_mutual_aid'],
      planText: '推荐参加技能培训促就业，配偶纳入职工医疗互助',
      promisedExitDate: '2026-12',
    });
    for (const [month, perCapita] of Object.entries({ '2026-07': 78_000, '2026-08': 79_000, '2026-09': 80_000, '2026-10': 80_000, '2026-11': 81_000, '2026-12': 82_000 })) {
      expect((await o.staff.put(`/api/files/${fileId}/income`, { month, perCapita })).status).toBe(200);
    }
    sys.clock.set('2026-12-20T01:00:00Z');
    await sys.engine.drain();
    await done(o.staff, 'decemberEvaluation', { outcome: 'exited', causesRemoved: true, effectDescription: '配偶病情稳定，本人技能培训后转岗增收' });
    await done(o.chair, 'chairSign', { signed: true });
    const [roster] = (await o.chair.get('/api/rosters?year=2026')).body;
    expect((await o.chair.post(`/api/rosters/${roster.id}/submit`)).status).toBe(200);
    rosterId = roster.id;

    const other = await o.staff.post('/api/applications', demoApplication(2));
    expect(other.status).toBe(201);
    otherFileId = other.body.id;
    await sys.engine.drain();
    for (const u of ['staff', 'chair', 'county', 'staff_nx', 'county_nx']) await cookie(u);
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await sys?.stop();
  });

  it('the label lists of this test are the seed’s own words', () => {
    const a1 = seedSection(1);
    expectLabels(a1, [...ARCHIVE_LABELS, ...MEMBER_LABELS], 'seed attachment 1');
    expectLabels(seedSection(2), DECLARATION_LABELS.filter((l) => l !== '年度困难职工家庭财产、收支情况及致困原因申报表'), 'seed attachment 2');
    expectLabels(seedSection(3), [...CARD_HELPER_LABELS, ...CARD_WORKER_LABELS].map((l) => l.replace('（注明）', '')), 'seed attachment 3');
    expectLabels(seedSection(4), CERTIFICATE_LABELS.map((l) => l.replace('（注明）', '').replace('，建议注销档案', '').replace('，建议继续帮扶', '')), 'seed attachment 4');
    expectLabels(seedSection(5), ROSTER_LABELS.filter((l) => l !== '序号'), 'seed attachment 5');
  });

  it('档案表 (attachment 1): every field with its label, derived figures computed, ID masked by default', async () => {
    const res = await get('staff', `/api/files/${fileId}/print/archive`);
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/html');
    const html = res.body.toString('utf8');
    const text = htmlText(html);
    expectLabels(text, ARCHIVE_LABELS, 'archive page');
    expectLabels(text, [...MEMBER_LABELS, '家庭成员信息表格1', '家庭成员信息表格2'], 'archive page members');
    expect(html).toContain('@page { size: A4 portrait');
    expect(html).toMatch(/<button[^>]*id="print-button"[^>]*>打印<\/button>/);
    expect(html).toContain('src="/api/print/print.js"');
    for (const v of [
      fileNo,
      '张建国',
      '1980年03月15日', // birth date from the ID number
      '46', // age on 2026-12-20
      '1500.00 元', // 本人月平均收入
      '18000.00 元', // 家庭年度总收入
      '0.00 元', // 家庭其他非薪资年收入
      '3 人', // 家庭人口
      '466.67 元', // (18000 − 1200) / 12 / 3
      '36000.00 元', // 年度必要支出
      '家庭成员患重特大疾病',
      '子女上学',
      '城镇困难职工',
      '区县级',
      '刘秀英',
      '配偶',
      '泸州市第七中学',
      '李保障', // 建档人
      '王主席', // 审核人
      '困难职工档案表', // an uploaded document's kind
      '**** **** 0001',
    ]) {
      expect(text, v).toContain(v);
    }
    expect(text).toContain(`**************${idNumber.slice(-4)}`);
    expect(html).not.toContain(idNumber);
    expect(html).not.toContain('13800138000');
    expect(html).not.toContain('6228480000000000001');
  });

  it('the full ID number only with ?full=1, and that read is audited like revealFile', async () => {
    const before = await sys.db.prisma.auditLog.count({ where: { entity: 'household_file', entityId: fileId, action: 'reveal' } });
    const masked = await get('staff', `/api/files/${fileId}/print/declaration`);
    expect(masked.body.toString()).not.toContain(idNumber);
    expect(await sys.db.prisma.auditLog.count({ where: { entity: 'household_file', entityId: fileId, action: 'reveal' } })).toBe(before);
    for (const doc of ['archive', 'declaration', 'certificate']) {
      const res = await get('staff', `/api/files/${fileId}/print/${doc}?full=1`);
      expect(res.status).toBe(200);
      expect(res.body.toString(), doc).toContain(idNumber);
    }
    const pdf = await get('staff', `/api/files/${fileId}/print/archive.pdf?full=1`);
    expect(pdf.status).toBe(200);
    const audits = await sys.db.prisma.auditLog.findMany({ where: { entity: 'household_file', entityId: fileId, action: 'reveal' }, orderBy: { id: 'asc' } });
    expect(audits.length - before).toBe(4);
    expect(audits.slice(before).map((a) => (a.after as any).document)).toEqual(['archive', 'declaration', 'certificate', 'archive']);
    const staffId = await userId(sys, 'staff');
    expect(audits.every((a) => a.userId === staffId)).toBe(true);
  });

  it('申报表 (attachment 2): every field, money in yuan with two decimals, the main cause ticked', async () => {
    const res = await get('staff', `/api/files/${fileId}/print/declaration`);
    const text = htmlText(res.body.toString());
    expectLabels(text, DECLARATION_LABELS, 'declaration page');
    for (const v of ['2026年度', '9000.00 元', '466.67 元', '12000.00', '36000.00', '3000.00', '家庭成员患重特大疾病■', '下岗失业□', '次要致困原因：子女上学', '46']) expect(text, v).toContain(v);
  });

  it('联系卡 (attachment 3): both copies, helpers with title and phone, the year’s measures ticked', async () => {
    const text = htmlText((await get('staff', `/api/files/${fileId}/print/contact-card`)).body.toString());
    const cut = text.indexOf('困难职工解困脱困联系卡（困难职工存）');
    expect(cut).toBeGreaterThan(0);
    expectLabels(text.slice(0, cut), CARD_HELPER_LABELS, 'helper copy');
    expectLabels(text.slice(cut), CARD_WORKER_LABELS, 'worker copy');
    for (const v of [fileNo, '1980年03月', '赵帮扶', '孙结对', '江阳区总工会', '2027年12月底前实现解困脱困', '刘秀英（配偶）、张小明（子）', '就业创业发展■', '纳入社保制度覆盖□', '技能培训促就业计划■', '李保障']) {
      expect(text, v).toContain(v);
    }
  });

  it('认定书 (attachment 4) for a year: the evaluation, the outcome ticked, the chair and the date', async () => {
    const text = htmlText((await get('staff', `/api/files/${fileId}/print/certificate?year=2026`)).body.toString());
    expectLabels(text, CERTIFICATE_LABELS, 'certificate page');
    for (const v of ['2026年度', '820.00', '配偶病情稳定', '■脱困，建议注销档案', '□解困，建议继续帮扶', '王主席', '2026年12月20日', '江阳区环卫服务中心']) expect(text, v).toContain(v);
    // another year: the form with nothing of 2026 filled in
    const empty = htmlText((await get('staff', `/api/files/${fileId}/print/certificate?year=2025`)).body.toString());
    expectLabels(empty, CERTIFICATE_LABELS, 'blank certificate');
    expect(empty).not.toContain('■脱困');
    expect((await get('staff', `/api/files/${fileId}/print/certificate?year=abc`)).status).toBe(400);
  });

  it('every PDF holds every label (in its definition and in the file), with the CJK font embedded', async () => {
    const auth = (await loadUser(sys.db.prisma, await userId(sys, 'staff')))!;
    const data = await loadFilePrint(sys.ctx, auth, fileId, { full: false, document: 'archive' });
    const docs: Array<[string, PrintDoc, string[]]> = [
      ['archive', archiveForm(data), [...ARCHIVE_LABELS, ...MEMBER_LABELS]],
      ['declaration', declarationForm(data), DECLARATION_LABELS],
      ['contact-card', contactCard(data), [...CARD_HELPER_LABELS, ...CARD_WORKER_LABELS]],
      ['certificate', certificate(data, 2026), CERTIFICATE_LABELS],
    ];
    const extract = has('pdftotext');
    for (const [name, doc, labels] of docs) {
      expectLabels(definitionText(pdfDefinition(doc).content), labels, `${name} PDF definition`);
      expectLabels(docTexts(doc).join('\n'), labels, `${name} layout`);
      const res = await get('staff', `/api/files/${fileId}/print/${name}.pdf`);
      expect(res.status, name).toBe(200);
      expect(res.type).toBe('application/pdf');
      expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
      // the font is embedded (a subset), not referenced
      expect(res.body.toString('latin1')).toMatch(/\/FontFile[23]?\b/);
      expect(res.body.toString('latin1')).toContain('NotoSansCJKsc');
      if (extract) {
        const dir = mkdtempSync(join(tmpdir(), 'bf-print-'));
        writeFileSync(join(dir, 'doc.pdf'), res.body);
        const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', join(dir, 'doc.pdf'), '-'], { encoding: 'utf8' });
        expectLabels(text, labels, `${name} PDF text`);
        expect(text).toContain('张建国');
      }
    }
    if (!extract) console.warn('pdftotext not installed (apt-get install -y poppler-utils): PDF text checked on the document definitions only');
  });

  it('page 1 of each PDF rendered to PNG in test-artifacts/ for a human to look at', async () => {
    if (!has('pdftoppm')) {
      console.warn('pdftoppm not installed (apt-get install -y poppler-utils): no PNG of the PDFs');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'bf-print-'));
    for (const [name, path] of [
      ['archive', `/api/files/${fileId}/print/archive.pdf`],
      ['declaration', `/api/files/${fileId}/print/declaration.pdf`],
      ['contact-card', `/api/files/${fileId}/print/contact-card.pdf`],
      ['certificate', `/api/files/${fileId}/print/certificate.pdf?year=2026`],
      ['roster', `/api/rosters/${rosterId}/print.pdf`],
    ]) {
      const res = await get('staff', path);
      expect(res.status, name).toBe(200);
      writeFileSync(join(dir, `${name}.pdf`), res.body);
      execFileSync('pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', join(dir, `${name}.pdf`), join(ARTIFACTS, `print-${name}-page1`)]);
      expect(existsSync(join(ARTIFACTS, `print-${name}-page1.png`))).toBe(true);
    }
  });

  it('the page prints from its 打印 button under the app’s Content-Security-Policy (headless chromium)', async () => {
    if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
      console.warn('chromium not installed: the print page was not opened in a browser');
      return;
    }
    const browser = await launchBrowser({ width: 1000, height: 1200 });
    try {
      await browser.addCookies([{ name: 'bf_sid', value: cookies.get('staff')!.split('=')[1], url: base }]);
      const page = await browser.newPage();
      await page.addInitScript(() => {
        (window as any).printed = 0;
        window.print = () => void (window as any).printed++;
      });
      const violations: string[] = [];
      page.on('console', (m) => m.type() === 'error' && violations.push(m.text()));
      await page.goto(`${base}/api/files/${fileId}/print/archive`);
      await page.getByRole('button', { name: '打印' }).click();
      expect(await page.evaluate(() => (window as any).printed)).toBe(1);
      expect(violations).toEqual([]);
      expect(await page.locator('td', { hasText: '*建档标准' }).count()).toBe(1);
      await screenshot(page, 'print-archive-html');
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.toolbar').isVisible()).toBe(false);
    } finally {
      await browser.close();
    }
  });

  it('another union’s file or roster does not exist for its officials (404), and an unknown document is a 404', async () => {
    for (const path of [`/api/files/${fileId}/print/archive`, `/api/files/${fileId}/print/archive.pdf`, `/api/files/${fileId}/print/certificate?full=1`, `/api/rosters/${rosterId}/print`, `/api/rosters/${rosterId}/print.xlsx`]) {
      for (const who of ['staff_nx', 'county_nx']) expect((await get(who, path)).status, `${who} ${path}`).toBe(404);
    }
    expect(await sys.db.prisma.auditLog.count({ where: { entityId: fileId, action: 'reveal', userId: await userId(sys, 'staff_nx') } })).toBe(0);
    expect((await get('staff', `/api/files/${fileId}/print/passport`)).status).toBe(404);
    expect((await get('staff', `/api/files/no-such-file/print/archive`)).status).toBe(404);
    // the county above the union sees its files
    expect((await get('county', `/api/files/${fileId}/print/archive`)).status).toBe(200);
    const anonymous = await fetch(`${base}/api/files/${fileId}/print/archive`);
    expect(anonymous.status).toBe(401);
  });

  it('花名册 (attachment 5): the seed’s columns and header line as a page, a PDF and an .xlsx', async () => {
    const page = await get('chair', `/api/rosters/${rosterId}/print`);
    expect(page.status).toBe(200);
    const html = page.body.toString();
    const text = htmlText(html);
    expectLabels(text, ROSTER_LABELS, 'roster page');
    expect(html).toContain('@page { size: A4 landscape');
    for (const v of ['2026年困难职工解困脱困花名册', '江阳区北城街道工会', fileNo, '张建国', '男', '赵帮扶、孙结对', '江阳区环卫服务中心', '王主席']) expect(text, v).toContain(v);
    expect(html).not.toContain(idNumber);
    expect(text).toContain(`**************${idNumber.slice(-4)}`);

    const xlsx = await get('chair', `/api/rosters/${rosterId}/print.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.type).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as any);
    const ws = wb.getWorksheet('花名册')!;
    const rows: string[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    expect(rows[0][0]).toBe('2026年困难职工解困脱困花名册');
    expectLabels(rows[1][0], ['基层工会（盖章）', '填表人', '填表时间', '工会主席（签字）'], 'xlsx header line');
    expect(rows[2]).toEqual(['序号', '档案号', '姓名', '性别', '身份证号', '联系方式', '困难类别', '工作单位或家庭住址', '帮扶责任人姓名']);
    expect(rows[3].slice(0, 4)).toEqual(['1', fileNo, '张建国', '男']);

    const full = await get('chair', `/api/rosters/${rosterId}/print.xlsx?full=1`);
    const wbFull = new ExcelJS.Workbook();
    await wbFull.xlsx.load(full.body as any);
    expect(String(wbFull.getWorksheet('花名册')!.getRow(4).getCell(5).value)).toBe(idNumber);
    expect(await sys.db.prisma.auditLog.count({ where: { entity: 'roster', entityId: rosterId, action: 'reveal' } })).toBe(1);

    const pdf = await get('chair', `/api/rosters/${rosterId}/print.pdf`);
    expect(pdf.type).toBe('application/pdf');
    if (has('pdftotext')) {
      const dir = mkdtempSync(join(tmpdir(), 'bf-print-'));
      writeFileSync(join(dir, 'roster.pdf'), pdf.body);
      expectLabels(execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', join(dir, 'roster.pdf'), '-'], { encoding: 'utf8' }), ROSTER_LABELS, 'roster PDF text');
    }
  });

  it('a clean-up roster prints both parts of the campaign together: 存量 first, then 增量', async () => {
    const org = await sys.db.prisma.org.findUniqueOrThrow({ where: { id: '510502-01' } });
    const now = sys.clock.now();
    const stock = await sys.db.prisma.roster.create({ data: { orgId: org.id, year: 2026, kind: 'cleanup_stock', status: 'draft', fileIds: [fileId], createdAt: now } });
    await sys.db.prisma.roster.create({ data: { orgId: org.id, year: 2026, kind: 'cleanup_increment', status: 'draft', fileIds: [otherFileId], createdAt: now } });
    const text = htmlText((await get('staff', `/api/rosters/${stock.id}/print`)).body.toString());
    const first = text.indexOf('第一部分 存量档案');
    const second = text.indexOf('第二部分 增量档案');
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(text.slice(first, second)).toContain(fileNo);
    const otherCase = (await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id: otherFileId } })).caseNo;
    expect(text.slice(second)).toContain(otherCase);
    expect(text.slice(first, second)).not.toContain(otherCase);
    expectLabels(text.slice(second), ROSTER_LABELS.slice(5), 'increment part columns');

    const xlsx = await get('staff', `/api/rosters/${stock.id}/print.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as any);
    const cells: string[] = [];
    wb.getWorksheet('花名册')!.eachRow((r) => cells.push(String((r.values as unknown[])[1] ?? '')));
    expect(cells.indexOf('第一部分 存量档案')).toBeLessThan(cells.indexOf('第二部分 增量档案'));
    const auth = (await loadUser(sys.db.prisma, await userId(sys, 'staff')))!;
    const roster = await loadRoster(sys.ctx, auth, stock.id, { full: false, format: 'html' });
    expect(roster.parts.map((p) => [p.title, p.rows.length])).toEqual([['第一部分 存量档案', 1], ['第二部分 增量档案', 1]]);
    expectLabels(definitionText(pdfDefinition(rosterDoc(roster)).content), [...ROSTER_LABELS.slice(1), '第一部分 存量档案', '第二部分 增量档案'], 'clean-up roster PDF definition');
  });
});
