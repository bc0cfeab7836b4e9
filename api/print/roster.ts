/**
 * 附件5 困难职工解困脱困花名册 with the seed's columns and header line. A clean-up roster
 * (seed 一(一): 花名册分两个部分打印) prints with its sibling: 第一部分 存量档案, 第二部分 增量档案.
 */
import ExcelJS from 'exceljs';
import type { AppContext } from '../context';
import { scopePaths, type AuthUser } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';
import { ApplicationSchema } from '../applications/application.schema';
import { maskPhone, maskResidentId } from '../../workers/identity/resident-id';
import { shanghaiDate } from '../time';
import { chineseDate } from './format';
import { hardshipCategory } from './forms';
import { SEX_LABELS } from './labels';
import { label, value, type Block, type PrintDoc } from './layout';

/** The columns of attachment 5, in its order. */
export const ROSTER_COLUMNS = ['序号', '档案号', '姓名', '性别', '身份证号', '联系方式', '困难类别', '工作单位或家庭住址', '帮扶责任人姓名'] as const;
const WIDTHS = [5, 15, 8, 5, 17, 11, 14, 25, 12];

/** Clean-up rosters come in two parts, printed stock first (seed 一(一)). */
export const CLEANUP_PARTS = [
  { kind: 'cleanup_stock', title: '第一部分 存量档案' },
  { kind: 'cleanup_increment', title: '第二部分 增量档案' },
] as const;
const isCleanup = (kind: string) => CLEANUP_PARTS.some((p) => p.kind === kind);

export interface RosterRow {
  seq: number;
  fileNo: string;
  name: string;
  sex: string;
  idNumber: string;
  phone: string;
  hardshipCategory: string;
  workplaceOrAddress: string;
  helperNames: string;
}

export interface RosterPrint {
  title: string;
  year: number;
  orgName: string;
  /** 填表时间: when the roster was drawn up, YYYY-MM-DD */
  filledOn: string;
  /** the chair who signed it in the system, if signed */
  chair: string;
  parts: Array<{ title: string | null; rows: RosterRow[] }>;
}

/**
 * The roster (with its clean-up sibling) if the caller's org subtree holds its union, else 404.
 * Names print in full (the roster is signed on paper); ID numbers and phones only with `full`,
 * and that read is audited.
 */
export async function loadRoster(ctx: AppContext, user: AuthUser, rosterId: string, opts: { full: boolean; format: string }): Promise<RosterPrint> {
  const prisma = ctx.db.prisma;
  const roster = await prisma.roster.findUnique({ where: { id: rosterId } });
  const org = roster ? await prisma.org.findUnique({ where: { id: roster.orgId } }) : null;
  if (!roster || !org || !scopePaths(user).some((p) => org.path.startsWith(p))) throw new AppError('NOT_FOUND', '花名册不存在');

  const rosters = isCleanup(roster.kind)
    ? await prisma.roster.findMany({ where: { orgId: roster.orgId, year: roster.year, kind: { in: CLEANUP_PARTS.map((p) => p.kind) } } })
    : [roster];
  const fileIds = rosters.flatMap((r) => r.fileIds);
  const files = await prisma.householdFile.findMany({ where: { id: { in: fileIds } } });
  const helperIds = [...new Set(files.flatMap((f) => [f.firstHelperId, f.secondHelperId]).filter((x): x is string => !!x))];
  const signerIds = rosters.map((r) => r.submittedBy).filter((x): x is string => !!x);
  const names = new Map((await prisma.user.findMany({ where: { id: { in: [...helperIds, ...signerIds] } }, select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]));
  const byId = new Map(files.map((f) => [f.id, f]));

  const rowsOf = (ids: string[]): RosterRow[] =>
    ids
      .map((id) => byId.get(id))
      .filter((f): f is NonNullable<typeof f> => !!f)
      .sort((a, b) => (a.fileNo ?? a.caseNo).localeCompare(b.fileNo ?? b.caseNo))
      .map((f, i) => {
        const form = ApplicationSchema.safeParse(f.form);
        const applicant = form.success ? form.data.applicant : null;
        return {
          seq: i + 1,
          fileNo: f.fileNo ?? f.caseNo,
          name: f.applicantName,
          sex: SEX_LABELS[f.sex] ?? f.sex,
          idNumber: opts.full ? f.idNumber : maskResidentId(f.idNumber),
          phone: !f.phone ? '' : opts.full ? f.phone : maskPhone(f.phone),
          hardshipCategory: hardshipCategory(f),
          workplaceOrAddress: applicant?.employer || applicant?.address || '',
          helperNames: [f.firstHelperId, f.secondHelperId].map((id) => (id ? names.get(id) : undefined)).filter(Boolean).join('、'),
        };
      });

  const parts = isCleanup(roster.kind)
    ? CLEANUP_PARTS.map((p) => ({ title: p.title, rows: rowsOf(rosters.find((r) => r.kind === p.kind)?.fileIds ?? []) }))
    : [{ title: null, rows: rowsOf(roster.fileIds) }];
  const signed = rosters.find((r) => r.submittedBy);
  if (opts.full) {
    await prisma.$transaction((tx) =>
      audit(tx, user, { action: 'reveal', entity: 'roster', entityId: roster.id, after: { format: opts.format, fields: ['idNumber', 'phone'], files: fileIds.length }, orgId: org.id }, ctx.clock.now()),
    );
  }
  return {
    title: isCleanup(roster.kind) ? `${roster.year}年困难职工档案清理花名册` : `${roster.year}年困难职工解困脱困花名册`,
    year: roster.year,
    orgName: org.name,
    filledOn: shanghaiDate(roster.createdAt),
    chair: signed?.submittedBy ? (names.get(signed.submittedBy) ?? '') : '',
    parts,
  };
}

/** 基层工会（盖章）, 填表人, 填表时间, 工会主席（签字）: the line above the table. 填表人 signs by hand. */
export function rosterHeaderLine(r: RosterPrint): string {
  return `基层工会（盖章）：${r.orgName}　　　填表人：　　　　　　　填表时间：${chineseDate(r.filledOn)}　　　工会主席（签字）：${r.chair}`;
}

const cells = (r: RosterRow) => [String(r.seq), r.fileNo, r.name, r.sex, r.idNumber, r.phone, r.hardshipCategory, r.workplaceOrAddress, r.helperNames];

export function rosterDoc(r: RosterPrint): PrintDoc {
  const blocks: Block[] = [
    { kind: 'title', text: r.title },
    { kind: 'line', text: rosterHeaderLine(r) },
  ];
  for (const part of r.parts) {
    if (part.title) blocks.push({ kind: 'subtitle', text: part.title });
    blocks.push({
      kind: 'table',
      widths: WIDTHS,
      headerRows: 1,
      fontSize: 9,
      rows: [ROSTER_COLUMNS.map((c) => label(c)), ...(part.rows.length ? part.rows.map((row) => cells(row).map((c) => value(c))) : [[value('（无）', ROSTER_COLUMNS.length)]])],
    });
  }
  return { title: `${r.title}-${r.orgName}`, orientation: 'landscape', blocks };
}

/** The roster as .xlsx: one sheet, the seed's layout, both clean-up parts one after the other. */
export async function rosterWorkbook(r: RosterPrint): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const n = ROSTER_COLUMNS.length;
  const fullWidth = (text: string, font: Partial<ExcelJS.Font>, align: 'center' | 'left') => {
    const row = ws.addRow([text]);
    ws.mergeCells(row.number, 1, row.number, n);
    row.font = font;
    row.alignment = { horizontal: align };
  };
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  fullWidth(r.title, { bold: true, size: 16 }, 'center');
  fullWidth(rosterHeaderLine(r), { size: 11 }, 'left');
  for (const part of r.parts) {
    if (part.title) fullWidth(part.title, { bold: true, size: 12 }, 'left');
    const header = ws.addRow([...ROSTER_COLUMNS]);
    header.font = { bold: true };
    header.eachCell((c) => ((c.border = border), (c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true })));
    for (const row of part.rows) {
      const added = ws.addRow([row.seq, ...cells(row).slice(1)]);
      added.eachCell({ includeEmpty: true }, (c) => ((c.border = border), (c.alignment = { vertical: 'middle', wrapText: true })));
    }
  }
  // 身份证号 and 档案号 stay text: Excel would round an 18-digit number.
  ws.getColumn(2).numFmt = '@';
  ws.getColumn(5).numFmt = '@';
  [6, 20, 10, 6, 22, 16, 18, 36, 18].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
