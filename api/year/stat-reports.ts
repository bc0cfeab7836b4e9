/**
 * 帮扶信息定期统计上报 (seed 四4): a union generates its monthly or yearly report from the data,
 * submits it to the upper union, whose reviewer accepts it or returns it; the upper union sums
 * its children's submitted reports. Reports and the summary export to .xlsx in the seed's terms.
 */
import ExcelJS from 'exceljs';
import type { AppContext } from '../context';
import { inScope, scopePaths, type AuthUser } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';
import { visibleOrg } from '../campaigns/scope';
import { sumFigures, type Figures } from '../../workers/year/rules';
import { REPORT_STATUS_LABELS } from '../../workers/year/vocabulary';
import { computeFigures, figureRows } from './figures';
import { label, value, type PrintDoc } from '../print/layout';
import { AggregateQuerySchema, GenerateReportSchema, ReportFilterSchema, ReviewReportSchema } from './year.schema';

const REVIEWER_ROLES = ['county_reviewer', 'city_reviewer', 'upper_reviewer'];
/** Who reports for a union: its own staff, chair or reviewers (a helper or a supervisor does not). */
const REPORTER_ROLES = ['grassroots_staff', 'grassroots_chair', ...REVIEWER_ROLES];
const reportsFor = (user: AuthUser, orgId: string) => user.roles.some((r) => r.orgId === orgId && REPORTER_ROLES.includes(r.role));
type Report = NonNullable<Awaited<ReturnType<AppContext['db']['prisma']['statReport']['findUnique']>>>;

const periodLabel = (period: string) => (period.length === 4 ? `${period}年度` : `${period.slice(0, 4)}年${Number(period.slice(5))}月`);

function reportView(r: Report, orgName: string) {
  return { id: r.id, orgId: r.orgId, orgName, period: r.period, kind: r.kind, status: r.status, figures: r.figures as Figures, generatedAt: r.generatedAt, submittedAt: r.submittedAt, reviewedAt: r.reviewedAt, reviewComment: r.reviewComment };
}

async function findReport(ctx: AppContext, user: AuthUser, id: string) {
  const report = await ctx.db.prisma.statReport.findUnique({ where: { id } });
  if (!report || !inScope(user, report.orgPath)) throw new AppError('NOT_FOUND', '统计报表不存在');
  const org = await ctx.db.prisma.org.findUniqueOrThrow({ where: { id: report.orgId } });
  return { report, org };
}

/** 生成报表: the union's own staff or reviewers; regenerating replaces a draft or returned report. */
export async function generateReport(ctx: AppContext, user: AuthUser, body: unknown) {
  const input = GenerateReportSchema.parse(body);
  const now = ctx.clock.now();
  return ctx.db.prisma.$transaction(
    async (tx) => {
      const org = await visibleOrg(tx, user, input.orgId);
      if (!reportsFor(user, org.id)) throw new AppError('FORBIDDEN', '只有本级工会可以生成本级报表');
      const existing = await tx.statReport.findUnique({ where: { orgId_period: { orgId: org.id, period: input.period } } });
      if (existing && (existing.status === 'submitted' || existing.status === 'accepted')) {
        throw new AppError('CONFLICT', '报表已上报，不能重新生成', { period: `${periodLabel(input.period)}报表已上报，不能重新生成` });
      }
      const figures = await computeFigures(tx, org.path, input.period);
      const data = { figures: figures as any, generatedAt: now, generatedBy: user.id, status: 'draft' };
      const saved = existing
        ? await tx.statReport.update({ where: { id: existing.id }, data })
        : await tx.statReport.create({ data: { ...data, orgId: org.id, orgPath: org.path, period: input.period, kind: input.period.length === 4 ? 'yearly' : 'monthly' } });
      await audit(tx, user, { action: 'generate', entity: 'stat_report', entityId: saved.id, after: { period: input.period }, orgId: org.id }, now);
      return reportView(saved, org.name);
    },
    { timeout: 60_000 },
  );
}

export async function listReports(ctx: AppContext, user: AuthUser, filter: unknown) {
  const f = ReportFilterSchema.parse(filter);
  const paths = scopePaths(user);
  const rows = await ctx.db.prisma.statReport.findMany({
    where: { OR: paths.map((p) => ({ orgPath: { startsWith: p } })), ...(f.period && { period: f.period }), ...(f.orgId && { orgId: f.orgId }), ...(f.status && { status: f.status }) },
    orderBy: [{ period: 'desc' }, { orgPath: 'asc' }],
  });
  const orgs = new Map((await ctx.db.prisma.org.findMany({ where: { id: { in: rows.map((r) => r.orgId) } } })).map((o) => [o.id, o.name]));
  return rows.map((r) => reportView(r, orgs.get(r.orgId)!));
}

export async function getReport(ctx: AppContext, user: AuthUser, id: string) {
  const { report, org } = await findReport(ctx, user, id);
  return reportView(report, org.name);
}

/** 上报: a draft or returned report goes to the upper union for review. */
export async function submitReport(ctx: AppContext, user: AuthUser, id: string) {
  const { report, org } = await findReport(ctx, user, id);
  if (report.status !== 'draft' && report.status !== 'returned') throw new AppError('CONFLICT', `报表${REPORT_STATUS_LABELS[report.status]}，不能再次上报`);
  if (!reportsFor(user, org.id)) throw new AppError('FORBIDDEN', '只有本级工会可以上报本级报表');
  const now = ctx.clock.now();
  return ctx.db.prisma.$transaction(async (tx) => {
    const saved = await tx.statReport.update({ where: { id }, data: { status: 'submitted', submittedAt: now, submittedBy: user.id } });
    await audit(tx, user, { action: 'submit', entity: 'stat_report', entityId: id, before: { status: report.status }, after: { status: 'submitted' }, orgId: org.id }, now);
    return reportView(saved, org.name);
  });
}

/** 审核: a reviewer of the upper union accepts or returns the report (with the reason). */
export async function reviewReport(ctx: AppContext, user: AuthUser, id: string, body: unknown) {
  const input = ReviewReportSchema.parse(body);
  const { report, org } = await findReport(ctx, user, id);
  const parent = org.parentId ? await ctx.db.prisma.org.findUnique({ where: { id: org.parentId } }) : null;
  if (!parent || !user.roles.some((r) => REVIEWER_ROLES.includes(r.role) && parent.path.startsWith(r.orgPath))) {
    throw new AppError('FORBIDDEN', '只有上级工会可以审核报表');
  }
  if (report.status !== 'submitted') throw new AppError('CONFLICT', `报表${REPORT_STATUS_LABELS[report.status]}，不能审核`);
  const now = ctx.clock.now();
  return ctx.db.prisma.$transaction(async (tx) => {
    const status = input.decision === 'approve' ? 'accepted' : 'returned';
    const saved = await tx.statReport.update({ where: { id }, data: { status, reviewedAt: now, reviewedBy: user.id, reviewComment: input.comment || null } });
    await audit(tx, user, { action: input.decision === 'approve' ? 'accept' : 'return', entity: 'stat_report', entityId: id, before: { status: report.status }, after: { status, comment: input.comment }, orgId: org.id }, now);
    return reportView(saved, org.name);
  });
}

/**
 * 汇总: the sum of the union's children's submitted (or accepted) reports for the period, and
 * which children have none yet. Returned and draft reports are not counted.
 */
export async function aggregateReports(ctx: AppContext, user: AuthUser, query: unknown) {
  const q = AggregateQuerySchema.parse(query);
  const prisma = ctx.db.prisma;
  const org = await visibleOrg(prisma, user, q.orgId);
  const children = await prisma.org.findMany({ where: { parentId: org.id }, orderBy: { id: 'asc' } });
  const reports = await prisma.statReport.findMany({ where: { orgId: { in: children.map((c) => c.id) }, period: q.period } });
  const counted = reports.filter((r) => r.status === 'submitted' || r.status === 'accepted');
  return {
    orgId: org.id,
    orgName: org.name,
    period: q.period,
    figures: sumFigures(counted.map((r) => r.figures as Figures)),
    children: children.map((c) => {
      const r = reports.find((x) => x.orgId === c.id);
      return { orgId: c.id, orgName: c.name, reportId: r?.id ?? null, status: r?.status ?? 'missing', counted: counted.some((x) => x.orgId === c.id) };
    }),
  };
}

/** The report (or the summary) as a worksheet: title, union, period, then 项目 / 指标 / 数值. */
export async function figuresXlsx(title: string, orgName: string, period: string, figures: Figures, notes: string[] = []) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('帮扶信息统计表');
  ws.columns = [{ width: 28 }, { width: 36 }, { width: 18 }];
  ws.addRow([title]).font = { bold: true, size: 14 };
  ws.addRow([`填报单位：${orgName}`, `统计期：${periodLabel(period)}`]);
  ws.addRow(['项目', '指标', '数值']).font = { bold: true };
  for (const row of figureRows(figures)) ws.addRow(row);
  for (const n of notes) ws.addRow([n]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The report as a printed page (A4): the seed's terms, the union, the period, the reviewer's note. */
export function figuresDoc(title: string, orgName: string, period: string, figures: Figures, notes: string[] = []): PrintDoc {
  return {
    title: `${orgName}${periodLabel(period)}${title}`,
    orientation: 'portrait',
    blocks: [
      { kind: 'title', text: title },
      { kind: 'line', text: `填报单位：${orgName}　　　统计期：${periodLabel(period)}`, align: 'center' },
      { kind: 'table', widths: [3, 4, 2], headerRows: 1, rows: [[label('项目'), label('指标'), label('数值')], ...figureRows(figures).map((r) => r.map((c, i) => (i === 2 ? { ...value(c), align: 'right' as const } : value(c))))] },
      ...notes.map((text) => ({ kind: 'line' as const, text })),
      { kind: 'line', text: '填报人：　　　　　　　工会主要领导（签字）：　　　　　　　（工会盖章）　　　年　　月　　日', align: 'right' },
    ],
  };
}

export async function reportDoc(ctx: AppContext, user: AuthUser, id: string) {
  const { report, org } = await findReport(ctx, user, id);
  return figuresDoc('困难职工帮扶信息统计表', org.name, report.period, report.figures as Figures, [`状态：${REPORT_STATUS_LABELS[report.status]}`]);
}

export async function reportXlsx(ctx: AppContext, user: AuthUser, id: string) {
  const { report, org } = await findReport(ctx, user, id);
  const body = await figuresXlsx('困难职工帮扶信息统计表', org.name, report.period, report.figures as Figures, [`状态：${REPORT_STATUS_LABELS[report.status]}`]);
  return { body, filename: `${org.name}${periodLabel(report.period)}帮扶信息统计表.xlsx` };
}

export async function aggregateXlsx(ctx: AppContext, user: AuthUser, query: unknown) {
  const a = await aggregateReports(ctx, user, query);
  const missing = a.children.filter((c) => !c.counted).map((c) => c.orgName);
  const body = await figuresXlsx('困难职工帮扶信息统计汇总表', a.orgName, a.period, a.figures, [`汇总下级工会报表：${a.children.filter((c) => c.counted).length}份`, ...(missing.length ? [`未上报：${missing.join('、')}`] : [])]);
  return { body, filename: `${a.orgName}${periodLabel(a.period)}帮扶信息统计汇总表.xlsx` };
}
