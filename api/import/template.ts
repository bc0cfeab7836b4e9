/**
 * The import template: sheet 档案 with the Chinese headers (required ones marked `*`), text
 * format where Excel would mangle numbers (ID, phone, card), drop-downs for coded columns; and
 * sheet 说明 with what each column takes, an example, and the allowed values in Chinese.
 */
import ExcelJS from 'exceljs';
import { COLUMNS, MAX_MEMBERS, type Column } from './columns';
import { DATA_SHEET, IMPORT_LIMITS } from './parse';

const HELP_SHEET = '说明';
const TEXT_KINDS = new Set(['text', 'id', 'digits', 'date']);

function kindNote(col: Column): string {
  switch (col.kind) {
    case 'money':
      return '金额，单位：元，最多两位小数';
    case 'int':
      return '整数';
    case 'bool':
      return '填“是”或“否”';
    case 'date':
      return '日期，年-月-日';
    case 'enum':
      return '从下拉列表中选择';
    case 'enumList':
      return '从可选值中选择，多项用顿号分隔';
    case 'id':
      return '18位身份证号（文本格式）';
    default:
      return '';
  }
}

type DataValidationSheet = { dataValidations: { add(address: string, validation: object): void } };

export async function importTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '困难职工帮扶管理系统';
  const ws = wb.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  const help = wb.addWorksheet(HELP_SHEET);

  help.addRow(['困难职工档案导入模板填写说明']).font = { bold: true, size: 14 };
  help.addRow([
    `在“${DATA_SHEET}”工作表中从第2行起每行填写一户；带 * 的列必填。每户最多填写 ${MAX_MEMBERS} 名共同生活的家庭成员（申请人本人不算），更多成员请导入后在档案页面补充。` +
      `已建档的存量档案填写“档案编号”“档案级别”“建档日期”，导入后直接为“已建档”；不填档案编号的各行作为新的建档申请，进入入户调查、公示、审批的建档流程。` +
      `一次最多导入 ${IMPORT_LIMITS.rows} 行，文件不超过 ${IMPORT_LIMITS.bytes / 1024 / 1024} MB。上传后系统先逐行检查，确认后才写入。`,
  ]);
  help.getRow(2).alignment = { wrapText: true, vertical: 'top' };
  help.getRow(2).height = 75;
  help.mergeCells(2, 1, 2, 8);
  const head = help.addRow(['列名', '是否必填', '填写要求', '示例', '可选值']);
  head.font = { bold: true };
  const start = help.rowCount + 1;

  COLUMNS.forEach((col, i) => {
    const letter = ws.getColumn(i + 1).letter;
    ws.getColumn(i + 1).width = col.width ?? Math.max(10, Math.min(28, col.header.length * 2 + 2));
    if (TEXT_KINDS.has(col.kind)) ws.getColumn(i + 1).numFmt = '@';
    const values = col.labels ? Object.values(col.labels) : [];
    const helpRow = help.addRow([col.header, col.header.startsWith('*') ? '是' : '', [kindNote(col), col.note].filter(Boolean).join('；'), col.example ?? '', ...values]);
    // a drop-down of the allowed values, read from this row of 说明
    if (col.kind === 'enum') {
      const from = help.getColumn(5).letter;
      const to = help.getColumn(4 + values.length).letter;
      (ws as unknown as DataValidationSheet).dataValidations.add(`${letter}2:${letter}${IMPORT_LIMITS.rows + 1}`, {
        type: 'list',
        allowBlank: true,
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: '请从列表中选择',
        error: `可选：${values.join('、')}`,
        formulae: [`'${HELP_SHEET}'!$${from}$${helpRow.number}:$${to}$${helpRow.number}`],
      });
    }
  });
  const header = ws.getRow(1);
  header.values = COLUMNS.map((c) => c.header);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.height = 36;
  header.eachCell((cell, i) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: COLUMNS[i - 1].header.startsWith('*') ? 'FFFCE4D6' : 'FFF2F2F2' } };
  });
  [16, 8, 48, 24].forEach((w, i) => (help.getColumn(i + 1).width = w));
  for (let r = start; r <= help.rowCount; r++) help.getRow(r).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
