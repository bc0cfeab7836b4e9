/**
 * The clean-up rosters (seed 一(一): 困难职工花名册分两个部分打印, 由本级工会主要领导签字后存档)
 * with the columns of attachment 5, as JSON for the page and as .xlsx for printing.
 */
import ExcelJS from 'exceljs';
import type { Tx } from '../db/client';
import { maskPhone, maskResidentId } from '../../workers/identity/resident-id';
import { ApplicationSchema } from '../applications/application.schema';
import { CANCEL_REASON_LABELS, type CancelReason, type CleanupPart } from '../../workers/campaigns/cleanup';

/** Attachment 2's 主要致困原因, for the 困难类别 column when the file carries no category of its own. */
const HARDSHIP_CAUSE_LABELS: Record<string, string> = {
  no_work_capacity: '家庭成员无劳动能力',
  unemployed_able: '有劳动能力而未就业',
  laid_off: '下岗失业',
  no_social_insurance: '未参加社会保险',
  insurance_not_paid_out: '社会保险待遇落实不到位',
  major_illness: '家庭成员患重特大疾病',
  natural_disaster: '遭受自然灾害',
  accident: '遭受意外事故',
  schooling: '子女上学',
  other: '其他',
};

/** Attachment 5's columns, then the clean-up's own outcome. */
export const ROSTER_HEADERS = ['序号', '档案号', '姓名', '性别', '身份证号', '联系方式', '困难类别', '工作单位或家庭住址', '帮扶责任人姓名', '清理结果'] as const;

export const PART_TITLES: Record<CleanupPart, string> = { stock: '第一部分：存量档案', increment: '第二部分：增量档案' };

export interface RosterRow {
  seq: number;
  fileId: string;
  fileNo: string;
  name: string;
  sex: string;
  idNumberMasked: string;
  phoneMasked: string;
  hardshipCategory: string;
  workplaceOrAddress: string;
  helperNames: string;
  result: string;
}

function resultText(d: { part: string; decision: string | null; reason: string | null }): string {
  if (d.decision === 'restored') return '已注销，已申请恢复（重新审核中）';
  if (d.part === 'increment') return d.decision === 'cancel' ? '已注销（可申请恢复）' : '待注销';
  if (d.decision === 'keep') return '保留并完善';
  if (d.decision === 'cancel') return `注销：${CANCEL_REASON_LABELS[d.reason as CancelReason] ?? d.reason}`;
  return '待清理';
}

/** The roster's rows for these decisions, in file-number order. Names in full: the roster is signed on paper. */
export async function rosterRows(tx: Tx, decisions: Array<{ fileId: string; part: string; decision: string | null; reason: string | null }>): Promise<RosterRow[]> {
  const files = await tx.householdFile.findMany({ where: { id: { in: decisions.map((d) => d.fileId) } } });
  const helperIds = [...new Set(files.flatMap((f) => [f.firstHelperId, f.secondHelperId]).filter((id): id is string => !!id))];
  const helpers = new Map((await tx.user.findMany({ where: { id: { in: helperIds } }, select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]));
  const byId = new Map(files.map((f) => [f.id, f]));
  return decisions
    .map((d) => ({ d, f: byId.get(d.fileId)! }))
    .filter((x) => x.f)
    .sort((a, b) => (a.f.fileNo ?? a.f.caseNo).localeCompare(b.f.fileNo ?? b.f.caseNo))
    .map(({ d, f }, i) => {
      const form = ApplicationSchema.safeParse(f.form);
      const applicant = form.success ? form.data.applicant : null;
      return {
        seq: i + 1,
        fileId: f.id,
        fileNo: f.fileNo ?? f.caseNo,
        name: f.applicantName,
        sex: f.sex === 'male' ? '男' : f.sex === 'female' ? '女' : f.sex,
        idNumberMasked: maskResidentId(f.idNumber),
        phoneMasked: f.phone ? maskPhone(f.phone) : '',
        hardshipCategory: f.hardshipCategory ?? HARDSHIP_CAUSE_LABELS[f.mainCause] ?? f.mainCause,
        workplaceOrAddress: applicant?.employer ?? applicant?.address ?? '',
        helperNames: [f.firstHelperId, f.secondHelperId].map((id) => (id ? helpers.get(id) : undefined)).filter(Boolean).join('、'),
        result: resultText(d),
      };
    });
}

export interface RosterSheet {
  title: string;
  orgName: string;
  signedBy: string | null;
  signedAt: string | null;
  rows: RosterRow[];
}

/** The roster as an .xlsx workbook, laid out like attachment 5. */
export async function rosterWorkbook(sheet: RosterSheet): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow([sheet.title]);
  ws.mergeCells(1, 1, 1, ROSTER_HEADERS.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(1).alignment = { horizontal: 'center' };
  ws.addRow([`基层工会（盖章）：${sheet.orgName}`, '', '', '', `工会主席(签字)：${sheet.signedBy ?? ''}`, '', '', `签字时间：${sheet.signedAt ?? ''}`]);
  const header = ws.addRow([...ROSTER_HEADERS]);
  header.font = { bold: true };
  for (const r of sheet.rows) {
    ws.addRow([r.seq, r.fileNo, r.name, r.sex, r.idNumberMasked, r.phoneMasked, r.hardshipCategory, r.workplaceOrAddress, r.helperNames, r.result]);
  }
  [6, 22, 10, 6, 22, 16, 22, 32, 18, 28].forEach((width, i) => (ws.getColumn(i + 1).width = width));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
