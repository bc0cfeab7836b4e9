/**
 * 帮扶情况记录簿 (seed 二(三)2 “一档一册一簿”): the chronological record of a union's help actions in
 * a year — filings, visits, yearly plans, payments, project enrolments, evaluations,
 * cancellations, and the union's own work plan and reports — as JSON, an A4 print page, a PDF
 * and an .xlsx. Names are printed in full like the roster (a signed paper record of the union);
 * ID numbers are not printed.
 */
import ExcelJS from 'exceljs';
import type { AppContext } from '../context';
import type { AuthUser } from '../auth/session';
import { visibleOrg } from '../campaigns/scope';
import { yearWindow } from '../../workers/campaigns/targets';
import { DISBURSEMENT_KIND_LABELS } from '../../workers/funds/disbursements';
import { CANCEL_REASON_LABELS } from '../../workers/campaigns/vocabulary';
import { shanghaiDate } from '../time';
import { chineseDate, yuan } from '../print/format';
import { LEVEL_LABELS, OUTCOME_LABELS } from '../print/labels';
import { label, value, type PrintDoc } from '../print/layout';
import { VISIT_KIND_LABELS } from './figures';

export interface RecordEntry {
  date: string;
  kind: string;
  household: string;
  content: string;
}

export const RECORD_BOOK_HEADERS = ['序号', '日期', '类别', '困难职工', '帮扶情况'] as const;

const day = (d: Date) => shanghaiDate(d);
const dateCol = (d: Date) => d.toISOString().slice(0, 10);
const clip = (s: string, n = 200) => (s.length > n ? `${s.slice(0, n)}…` : s);

export async function recordBook(ctx: AppContext, user: AuthUser, orgId: string, year: number) {
  const prisma = ctx.db.prisma;
  const org = await visibleOrg(prisma, user, orgId);
  const { start, end } = yearWindow(year);
  const inYear = { gte: start, lt: end };
  const files = await prisma.householdFile.findMany({ where: { orgPath: { startsWith: org.path } }, select: { id: true, caseNo: true, fileNo: true, applicantName: true, level: true, status: true, filedAt: true, closedAt: true, closeReason: true } });
  const ids = files.map((f) => f.id);
  const who = new Map(files.map((f) => [f.id, `${f.applicantName}（${f.fileNo ?? f.caseNo}）`]));
  const entries: RecordEntry[] = [];

  for (const f of files) {
    if (f.filedAt && f.filedAt >= start && f.filedAt < end) entries.push({ date: day(f.filedAt), kind: '建档', household: who.get(f.id)!, content: `建立${LEVEL_LABELS[f.level ?? ''] ?? ''}困难职工档案` });
    if (f.status === 'cancelled' && f.closedAt && f.closedAt >= start && f.closedAt < end) {
      entries.push({ date: day(f.closedAt), kind: '注销档案', household: who.get(f.id)!, content: `注销档案：${CANCEL_REASON_LABELS[f.closeReason as keyof typeof CANCEL_REASON_LABELS] ?? f.closeReason ?? ''}` });
    }
  }
  const visits = await prisma.visit.findMany({ where: { fileId: { in: ids }, visitDate: { gte: new Date(`${year}-01-01T00:00:00Z`), lt: new Date(`${year + 1}-01-01T00:00:00Z`) } } });
  for (const v of visits) entries.push({ date: dateCol(v.visitDate), kind: VISIT_KIND_LABELS[v.kind] ?? '走访', household: who.get(v.fileId)!, content: clip(`入户人员：${v.visitors}。${v.findings}`) });
  const plans = await prisma.helpPlan.findMany({ where: { fileId: { in: ids }, year } });
  for (const p of plans) entries.push({ date: day(p.createdAt), kind: '一户一策帮扶计划', household: who.get(p.fileId)!, content: clip(p.planText) });
  const paid = await prisma.disbursement.findMany({ where: { fileId: { in: ids }, status: 'paid', paidAt: inYear } });
  for (const d of paid) entries.push({ date: day(d.paidAt!), kind: '帮扶资金发放', household: who.get(d.fileId)!, content: `${DISBURSEMENT_KIND_LABELS[d.kind as keyof typeof DISBURSEMENT_KIND_LABELS] ?? d.kind} ${yuan(d.amount)}元（非现金，打卡发放）：${clip(d.reason, 100)}` });
  const enrolments = await prisma.projectEnrolment.findMany({ where: { fileId: { in: ids }, enrolledAt: inYear } });
  const projects = new Map((await prisma.assistanceProject.findMany({ where: { id: { in: enrolments.map((e) => e.projectId) } }, select: { id: true, name: true } })).map((p) => [p.id, p.name]));
  for (const e of enrolments) entries.push({ date: day(e.enrolledAt), kind: '分类帮扶项目', household: who.get(e.fileId)!, content: `报名参加“${projects.get(e.projectId) ?? ''}”` });
  const evaluations = await prisma.evaluation.findMany({ where: { fileId: { in: ids }, signedAt: inYear } });
  for (const e of evaluations) entries.push({ date: day(e.signedAt!), kind: '帮扶效果评价', household: who.get(e.fileId)!, content: `认定书：${OUTCOME_LABELS[e.outcome ?? e.proposed] ?? ''}（工会主席已签字）` });
  const plan = await prisma.workPlan.findUnique({ where: { orgId_year: { orgId: org.id, year } } });
  if (plan?.firstSubmittedAt) entries.push({ date: day(plan.firstSubmittedAt), kind: '分类帮扶措施方案', household: '', content: '报送本级分类帮扶措施方案至市总工会备案' });
  const reports = await prisma.statReport.findMany({ where: { orgId: org.id, submittedAt: inYear } });
  for (const r of reports) entries.push({ date: day(r.submittedAt!), kind: '统计上报', household: '', content: `上报${r.period.length === 4 ? `${r.period}年度` : r.period}帮扶信息统计表` });

  entries.sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind, 'zh-CN') || a.household.localeCompare(b.household, 'zh-CN'));
  return { orgId: org.id, orgName: org.name, year, title: '帮扶情况记录簿', entries };
}

export function recordBookDoc(book: Awaited<ReturnType<typeof recordBook>>): PrintDoc {
  return {
    title: `${book.orgName}${book.year}年帮扶情况记录簿`,
    orientation: 'landscape',
    blocks: [
      { kind: 'title', text: '帮扶情况记录簿' },
      { kind: 'line', text: `建档工会：${book.orgName}　　　年度：${book.year}年　　　共${book.entries.length}条记录`, align: 'center' },
      {
        kind: 'table',
        widths: [1, 2, 2.4, 3, 9],
        headerRows: 1,
        fontSize: 9,
        rows: [
          RECORD_BOOK_HEADERS.map((h) => label(h)),
          ...book.entries.map((e, i) => [value(i + 1), value(chineseDate(e.date)), value(e.kind), value(e.household), value(e.content)]),
        ],
      },
      { kind: 'line', text: '工会主要领导（签字）：　　　　　　　　　　（工会盖章）　　　　　　　年　　月　　日', align: 'right' },
    ],
  };
}

export async function recordBookXlsx(book: Awaited<ReturnType<typeof recordBook>>) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('帮扶情况记录簿');
  ws.columns = [{ width: 6 }, { width: 16 }, { width: 18 }, { width: 26 }, { width: 80 }];
  ws.addRow(['帮扶情况记录簿']).font = { bold: true, size: 14 };
  ws.addRow([`建档工会：${book.orgName}`, '', `年度：${book.year}年`]);
  ws.addRow([...RECORD_BOOK_HEADERS]).font = { bold: true };
  book.entries.forEach((e, i) => ws.addRow([i + 1, chineseDate(e.date), e.kind, e.household, e.content]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
