/**
 * 帮扶资金清理 (seed 一(一)): 全面清理上级工会下拨帮扶资金使用情况…对尚未使用的要按规定范围和标准进行帮扶.
 * Per union in the caller's subtrees and per account: what it received from upper unions up to
 * the cut-off day, what of it was used, and what was still unused (fen) — on screen (JSON), as
 * an A4 page and its PDF, and as an .xlsx, in the seed's terms.
 */
import ExcelJS from 'exceljs';
import type { AppContext } from '../context';
import { scopePaths, type AuthUser } from '../auth/session';
import { deadlineInstant } from '../campaigns/dibao-referral';
import { visibleOrg } from '../campaigns/scope';
import { unusedUpperFunds } from '../../workers/year/rules';
import { fenToYuan } from '../../workers/funds/disbursements';
import { chineseDate, yuan } from '../print/format';
import { LEVEL_LABELS } from '../print/labels';
import { label, value, type Cell, type PrintDoc } from '../print/layout';
import { FundCleanupQuerySchema } from './year.schema';

/**
 * The report's rows, the union it is made for (the one asked for, else the caller's own unions)
 * and the format asked for: `json` (the rows), `html`/`pdf` (fundCleanupDoc), `xlsx`.
 */
export async function fundCleanup(ctx: AppContext, user: AuthUser, query: unknown) {
  const q = FundCleanupQuerySchema.parse(query);
  const prisma = ctx.db.prisma;
  const asked = q.orgId ? await visibleOrg(prisma, user, q.orgId) : null;
  const paths = asked ? [asked.path] : scopePaths(user);
  const cutoff = deadlineInstant(q.cutoff);
  const orgs = await prisma.org.findMany({ where: { OR: paths.map((p) => ({ path: { startsWith: p } })) }, orderBy: { path: 'asc' } });
  const accounts = await prisma.fundAccount.findMany({ where: { orgId: { in: orgs.map((o) => o.id) } }, orderBy: { name: 'asc' } });
  const txns = await prisma.fundTransaction.findMany({ where: { accountId: { in: accounts.map((a) => a.id) }, createdAt: { lte: cutoff } }, select: { accountId: true, kind: true, amount: true, createdAt: true } });

  const rows = orgs
    .map((o) => {
      const rows = accounts
        .filter((a) => a.orgId === o.id)
        .map((a) => {
          const r = unusedUpperFunds(txns.filter((t) => t.accountId === a.id), cutoff);
          return { accountId: a.id, name: a.name, level: a.level, received: Number(r.received), used: Number(r.used), unused: Number(r.unused), balance: Number(r.balance) };
        });
      const sum = (k: 'received' | 'used' | 'unused') => rows.reduce((s, r) => s + r[k], 0);
      return { id: o.id, orgId: o.id, orgName: o.name, kind: o.kind, cutoff: q.cutoff, received: sum('received'), used: sum('used'), unused: sum('unused'), accounts: rows };
    })
    .filter((r) => r.accounts.length);
  const unit = asked?.name ?? orgs.filter((o) => paths.includes(o.path)).map((o) => o.name).join('、');
  return { unit, orgId: asked?.id ?? null, cutoff: q.cutoff, format: q.format, rows };
}

type Sheet = Awaited<ReturnType<typeof fundCleanup>>;

const TITLE = '上级工会下拨帮扶资金清理情况表';
export const FUND_CLEANUP_HEADERS = ['序号', '工会组织', '资金账户', '资金级别', '上级工会下拨资金（元）', '已使用（元）', '尚未使用（元）'] as const;
const NOTE = '说明：清理上级工会下拨帮扶资金使用情况，对尚未使用的要按规定范围和标准进行帮扶（泸工发〔2018〕10号 一（一））。已使用含发放给困难职工的帮扶资金和下拨下级工会的资金。';
const SIGNATURE = '填报人：　　　　　　　工会主要领导（签字）：　　　　　　　（工会盖章）　　　年　　月　　日';

/** One line per account, in the order of the unions, and the 合计 line. */
function lines(sheet: Sheet) {
  const accounts = sheet.rows.flatMap((r) => r.accounts.map((a) => ({ orgName: r.orgName, ...a })));
  const total = (k: 'received' | 'used' | 'unused') => sheet.rows.reduce((s, r) => s + r[k], 0);
  return { accounts, total: { received: total('received'), used: total('used'), unused: total('unused') } };
}
const heading = (sheet: Sheet) => `填报单位：${sheet.unit}　　　清理截止日期：${chineseDate(sheet.cutoff)}`;
const docName = (sheet: Sheet) => `${sheet.unit.split('、')[0]}帮扶资金清理情况表（截至${sheet.cutoff}）`;
export const fundCleanupFilename = (sheet: Sheet, ext: string) => `${docName(sheet)}.${ext}`;

export function fundCleanupDoc(sheet: Sheet): PrintDoc {
  const { accounts, total } = lines(sheet);
  const money = (fen: number): Cell => ({ ...value(yuan(fen)), align: 'right' });
  return {
    title: docName(sheet),
    orientation: 'landscape',
    blocks: [
      { kind: 'title', text: TITLE },
      { kind: 'line', text: heading(sheet), align: 'center' },
      {
        kind: 'table',
        widths: [1, 4, 4, 1.6, 2.4, 2.4, 2.4],
        headerRows: 1,
        rows: [
          FUND_CLEANUP_HEADERS.map((h) => label(h)),
          ...accounts.map((a, i) => [value(i + 1), value(a.orgName), value(a.name), value(LEVEL_LABELS[a.level] ?? a.level), money(a.received), money(a.used), money(a.unused)]),
          [label('合计', 4), money(total.received), money(total.used), money(total.unused)],
        ],
      },
      { kind: 'line', text: NOTE },
      { kind: 'line', text: SIGNATURE, align: 'right' },
    ],
  };
}

export async function fundCleanupXlsx(sheet: Sheet): Promise<Buffer> {
  const { accounts, total } = lines(sheet);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('帮扶资金清理');
  ws.columns = [{ width: 6 }, { width: 28 }, { width: 28 }, { width: 10 }, { width: 20, style: { numFmt: '0.00' } }, { width: 16, style: { numFmt: '0.00' } }, { width: 16, style: { numFmt: '0.00' } }];
  ws.addRow([TITLE]).font = { bold: true, size: 14 };
  ws.addRow([`填报单位：${sheet.unit}`, '', `清理截止日期：${chineseDate(sheet.cutoff)}`]);
  ws.addRow([...FUND_CLEANUP_HEADERS]).font = { bold: true };
  accounts.forEach((a, i) => ws.addRow([i + 1, a.orgName, a.name, LEVEL_LABELS[a.level] ?? a.level, fenToYuan(a.received), fenToYuan(a.used), fenToYuan(a.unused)]));
  ws.addRow(['合计', '', '', '', fenToYuan(total.received), fenToYuan(total.used), fenToYuan(total.unused)]).font = { bold: true };
  ws.addRow([NOTE]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
