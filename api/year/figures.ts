/**
 * 帮扶信息定期统计 (seed 四4: 建立帮扶信息定期统计、分析和上报制度): the figures of one union's
 * subtree for a month or a year, computed from the rows, and their Chinese labels for the
 * printed report and the .xlsx. Money is fen.
 *
 * Stocks are a snapshot when the report is generated: households on file (status `filed`) by
 * level, main cause and category (六个一批), and all files by status. Flows are the period's:
 * new files (filedAt), exits (exitedAt), relief (signed 认定书 with outcome 解困), cancellations
 * (closedAt, any reason), payments (paidAt) by fund level and kind, visits (visit date) by kind,
 * and projects (enrolments, outcomes and spending in the period; projects published by the
 * subtree's unions for the year).
 */
import type { Tx } from '../db/client';
import type { PrismaClient } from '../../prisma/generated/client';
import { HARDSHIP_CAUSES } from '../applications/application.schema';
import { countFilesByCategory } from '../projects/projects';
import { CATEGORIES, CATEGORY_LABELS } from '../../workers/projects/categories';
import { LEVELS } from '../../workers/funds';
import { DISBURSEMENT_KINDS, DISBURSEMENT_KIND_LABELS } from '../../workers/funds/disbursements';
import { HARDSHIP_CAUSE_LABELS, LEVEL_LABELS } from '../print/labels';
import { periodWindow, type Figures } from '../../workers/year/rules';

export const FILE_STATUSES = ['draft', 'in_review', 'returned', 'filed', 'refused', 'cancelled'] as const;
export const FILE_STATUS_LABELS: Record<string, string> = { draft: '草稿', in_review: '审核中', returned: '退回重报', filed: '已建档', refused: '不予建档', cancelled: '已注销' };
export const VISIT_KINDS = ['survey', 'help', 'evaluation'] as const;
export const VISIT_KIND_LABELS: Record<string, string> = { survey: '入户调查核实', help: '帮扶走访', evaluation: '评价走访' };

const zeros = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<string, number>;
const tally = (keys: readonly string[], values: (string | null)[]) => {
  const out = zeros(keys);
  for (const v of values) if (v && v in out) out[v]++;
  return out;
};

export async function computeFigures(db: Tx | PrismaClient, orgPath: string, period: string): Promise<Figures> {
  const { year, start, end, startDay, endDay } = periodWindow(period);
  const under = { startsWith: orgPath };
  const inPeriod = { gte: start, lt: end };
  const files = await db.householdFile.findMany({ where: { orgPath: under }, select: { id: true, status: true, level: true, mainCause: true, filedAt: true, exitedAt: true, closedAt: true } });
  const ids = files.map((f) => f.id);
  const onFile = files.filter((f) => f.status === 'filed');
  const categories = await countFilesByCategory(db, orgPath);
  const relieved = await db.evaluation.count({ where: { fileId: { in: ids }, outcome: 'relieved', signedAt: inPeriod } });
  const paid = await db.disbursement.findMany({ where: { fileId: { in: ids }, status: 'paid', paidAt: inPeriod }, select: { amount: true, kind: true, accountId: true } });
  const accounts = new Map((await db.fundAccount.findMany({ where: { id: { in: [...new Set(paid.map((p) => p.accountId))] } }, select: { id: true, level: true } })).map((a) => [a.id, a.level]));
  const visits = await db.visit.findMany({ where: { fileId: { in: ids }, visitDate: { gte: startDay, lt: endDay } }, select: { kind: true } });
  const projects = await db.assistanceProject.findMany({ where: { orgPath: under, year }, select: { id: true, category: true, budget: true } });
  const enrolments = await db.projectEnrolment.findMany({ where: { orgPath: under, enrolledAt: inPeriod }, select: { projectId: true } });
  const outcomes = await db.projectEnrolment.count({ where: { orgPath: under, outcomeAt: inPeriod, outcome: { not: null } } });
  const enrolledProjects = new Map((await db.assistanceProject.findMany({ where: { id: { in: [...new Set(enrolments.map((e) => e.projectId))] } }, select: { id: true, category: true } })).map((p) => [p.id, p.category]));
  const spending = await db.projectSpending.findMany({ where: { projectId: { in: projects.map((p) => p.id) }, spentOn: { gte: startDay, lt: endDay } }, select: { amount: true } });

  const paidBy = (key: 'level' | 'kind', keys: readonly string[]) => {
    const out = zeros(keys);
    for (const p of paid) {
      const k = key === 'level' ? accounts.get(p.accountId)! : p.kind;
      if (k in out) out[k] += Number(p.amount);
    }
    return out;
  };
  return {
    files: {
      onFile: onFile.length,
      byLevel: tally(LEVELS, onFile.map((f) => f.level)),
      byCause: tally(HARDSHIP_CAUSES, onFile.map((f) => f.mainCause)),
      byCategory: { ...zeros(CATEGORIES), ...categories.byCategory },
      byStatus: tally(FILE_STATUSES, files.map((f) => f.status)),
    },
    flows: {
      newFiles: files.filter((f) => f.filedAt && f.filedAt >= start && f.filedAt < end).length,
      exits: files.filter((f) => f.exitedAt && f.exitedAt >= start && f.exitedAt < end).length,
      relieved,
      cancelled: files.filter((f) => f.status === 'cancelled' && f.closedAt && f.closedAt >= start && f.closedAt < end).length,
    },
    money: {
      payments: paid.length,
      total: paid.reduce((s, p) => s + Number(p.amount), 0),
      byLevel: paidBy('level', LEVELS),
      byKind: paidBy('kind', DISBURSEMENT_KINDS),
    },
    visits: { total: visits.length, byKind: tally(VISIT_KINDS, visits.map((v) => v.kind)) },
    projects: {
      published: projects.length,
      budget: projects.reduce((s, p) => s + Number(p.budget), 0),
      enrolled: enrolments.length,
      enrolledByCategory: tally(CATEGORIES, enrolments.map((e) => enrolledProjects.get(e.projectId) ?? null)),
      outcomes,
      spent: spending.reduce((s, p) => s + Number(p.amount), 0),
    },
  };
}

const yuan = (fen: number) => `${(fen / 100).toFixed(2)}元`;
type Row = [section: string, item: string, value: string];

/** The report's rows in the seed's terms: 档案情况, 帮扶成效, 帮扶资金, 走访, 帮扶项目. */
export function figureRows(f: Figures): Row[] {
  const g = (path: string) => path.split('.').reduce<any>((o, k) => o?.[k], f) ?? 0;
  const each = (section: string, path: string, labels: Record<string, string>, money = false): Row[] =>
    Object.entries(labels).map(([k, label]) => [section, label, money ? yuan(g(`${path}.${k}`)) : String(g(`${path}.${k}`))]);
  return [
    ['档案情况', '在档困难职工户数', String(g('files.onFile'))],
    ...each('在档户数（按建档级别）', 'files.byLevel', LEVEL_LABELS),
    ...each('在档户数（按分类帮扶类别）', 'files.byCategory', CATEGORY_LABELS),
    ...each('在档户数（按主要致困原因）', 'files.byCause', HARDSHIP_CAUSE_LABELS),
    ...each('档案数（按档案状态）', 'files.byStatus', FILE_STATUS_LABELS),
    ['帮扶成效', '新建档案', String(g('flows.newFiles'))],
    ['帮扶成效', '脱困', String(g('flows.exits'))],
    ['帮扶成效', '解困', String(g('flows.relieved'))],
    ['帮扶成效', '注销档案', String(g('flows.cancelled'))],
    ['帮扶资金', '发放笔数', String(g('money.payments'))],
    ['帮扶资金', '发放金额合计', yuan(g('money.total'))],
    ...each('帮扶资金（按资金级别）', 'money.byLevel', LEVEL_LABELS, true),
    ...each('帮扶资金（按帮扶类型）', 'money.byKind', DISBURSEMENT_KIND_LABELS, true),
    ['入户走访', '走访次数', String(g('visits.total'))],
    ...each('入户走访（按类型）', 'visits.byKind', VISIT_KIND_LABELS),
    ['帮扶项目', '发布项目数', String(g('projects.published'))],
    ['帮扶项目', '项目预算', yuan(g('projects.budget'))],
    ['帮扶项目', '报名户数', String(g('projects.enrolled'))],
    ...each('帮扶项目报名（按类别）', 'projects.enrolledByCategory', CATEGORY_LABELS),
    ['帮扶项目', '登记成效', String(g('projects.outcomes'))],
    ['帮扶项目', '项目支出', yuan(g('projects.spent'))],
  ];
}
