/**
 * Reading an uploaded .xlsx into rows: the workbook is checked (a real .xlsx, not too big when
 * unpacked, the template's columns), then every cell is converted by its column's kind and
 * every row is validated with `ApplicationSchema`. Each problem is reported with the sheet's row
 * number and the column's Chinese header, so the official finds the cell.
 */
import ExcelJS from 'exceljs';
import { ApplicationSchema, type Application } from '../applications/application.schema';
import { isIsoDate, normalizeResidentId } from '../../workers/identity/resident-id';
import { COLUMN_BY_KEY, COLUMN_BY_PATH, COLUMNS, headerKey, MAX_MEMBERS, MEMBER_REQUIRED, type Column } from './columns';

/** The name of the data sheet in the template. */
export const DATA_SHEET = '档案';
export const IMPORT_LIMITS = {
  /** the upload itself */
  bytes: 10 * 1024 * 1024,
  /** the workbook unpacked (a zip bomb is refused before it is read) */
  unpackedBytes: 200 * 1024 * 1024,
  rows: 5000,
};

/** A refused upload: nothing was read into the system. */
export class ImportRefused extends Error {
  constructor(
    readonly status: 400 | 413 | 415 | 422,
    message: string,
  ) {
    super(message);
    this.name = 'ImportRefused';
  }
}

export interface RowError {
  /** the row number in the sheet (the header is row 1) */
  row: number;
  /** the column's header as the template prints it; empty for the row as a whole */
  column: string;
  message: string;
}

/** The stock file's own columns, for a row that carries a file number. */
export interface StockFields {
  fileNo?: string;
  level?: string;
  /** YYYY-MM-DD */
  filedAt?: string;
  hardshipCategory?: string;
}

export interface ParsedRow {
  row: number;
  app: Application | null;
  stock: StockFields;
  errors: RowError[];
  /** which column holds each person's ID number (applicant first), for conflict reports */
  idColumns: Array<{ idNumber: string; column: string }>;
}

const MB = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/**
 * The total unpacked size from the zip's central directory: refuses archives that would
 * expand beyond the limit, and anything that is not a zip (an .xlsx is one).
 */
function checkZip(body: Buffer): void {
  if (body.length >= 8 && body.readUInt32BE(0) === 0xd0cf11e0) throw new ImportRefused(415, '不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 格式后再上传');
  if (body.length < 22 || body.readUInt32LE(0) !== 0x04034b50) throw new ImportRefused(415, '上传的文件不是 Excel（.xlsx）文件，请使用系统提供的导入模板填写后上传');
  let eocd = -1;
  for (let i = body.length - 22; i >= Math.max(0, body.length - 22 - 0xffff); i--) {
    if (body.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ImportRefused(415, '上传的 Excel 文件已损坏或不完整，请重新保存后上传');
  const entries = body.readUInt16LE(eocd + 10);
  let p = body.readUInt32LE(eocd + 16);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (p + 46 > body.length || body.readUInt32LE(p) !== 0x02014b50) throw new ImportRefused(415, '上传的 Excel 文件已损坏或不完整，请重新保存后上传');
    const size = body.readUInt32LE(p + 24);
    total += size === 0xffffffff ? Infinity : size;
    p += 46 + body.readUInt16LE(p + 28) + body.readUInt16LE(p + 30) + body.readUInt16LE(p + 32);
  }
  if (total > IMPORT_LIMITS.unpackedBytes) throw new ImportRefused(413, `Excel 文件内容过大（解压后超过 ${MB(IMPORT_LIMITS.unpackedBytes)}），请分批导入`);
}

type Raw = string | number | boolean | Date | undefined;

/** A cell's value as typed: rich text joined, formulas by their result, errors as text. */
function raw(v: ExcelJS.CellValue): Raw {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return raw(v.richText.map((t) => t.text).join(''));
    if ('result' in v) return raw(v.result as ExcelJS.CellValue);
    if ('text' in v) return raw(String(v.text));
    if ('error' in v) return String(v.error);
  }
  return String(v);
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const plain = (h: string) => headerKey(h);

type Converted = { value: unknown } | { error: string };

/** Yuan as typed ("1500", "1,500.50", "¥1500元") → fen, exactly: no float arithmetic. */
export function yuanToFen(text: string): number | null {
  const m = /^[¥￥]?\s*(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*元?$/.exec(text.trim());
  if (!m) return null;
  const fen = Number(m[2].replaceAll(',', '')) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

const YES = new Set(['是', 'Y', 'YES', 'TRUE', '1', '√', '✓']);
const NO = new Set(['否', 'N', 'NO', 'FALSE', '0', '×', '✗']);

function convert(col: Column, v: Exclude<Raw, undefined>): Converted {
  const name = plain(col.header);
  const text = v instanceof Date ? isoDay(v) : String(v).trim();
  switch (col.kind) {
    case 'text':
      return { value: text };
    case 'id':
      if (typeof v === 'number') return { error: `${name}须以文本格式填写（数字格式会丢失末几位），请将该列设为“文本”后重新填写` };
      return { value: normalizeResidentId(text.replace(/\s+/g, '')) };
    case 'digits':
      if (typeof v === 'number' && !Number.isSafeInteger(v)) return { error: `${name}须以文本格式填写（数字格式会丢失末几位）` };
      return { value: text.replace(/\s+/g, '') };
    case 'money': {
      const fen = yuanToFen(text);
      return fen === null ? { error: `${name}格式不正确：请填写金额（元），最多两位小数，如 1500.00` } : { value: fen };
    }
    case 'int':
      return /^\d+$/.test(text) ? { value: Number(text) } : { error: `${name}须为整数` };
    case 'bool':
      if (typeof v === 'boolean') return { value: v };
      if (YES.has(text.toUpperCase())) return { value: true };
      if (NO.has(text.toUpperCase())) return { value: false };
      return { error: `${name}请填写“是”或“否”` };
    case 'date': {
      // a date typed into a text-formatted cell comes back as Excel's day number
      if (typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 2958466) return { value: isoDay(new Date(Date.UTC(1899, 11, 30) + v * 86_400_000)) };
      const iso = text.replace(/[/.年月]/g, '-').replace(/日$/, '').replace(/-(\d)(?=-|$)/g, '-0$1');
      return isIsoDate(iso) ? { value: iso } : { error: `${name}应为“年-月-日”格式，如 2018-06-30` };
    }
    case 'enum':
    case 'enumList': {
      const labels = col.labels!;
      const byLabel = new Map(Object.entries(labels).map(([code, label]) => [label, code]));
      const one = (t: string) => byLabel.get(t) ?? (Object.hasOwn(labels, t) ? t : undefined);
      const parts = col.kind === 'enum' ? [text] : text.split(/[、,，;；\s]+/).filter(Boolean);
      const codes = parts.map(one);
      const bad = parts.find((_, i) => codes[i] === undefined);
      if (bad !== undefined) return { error: `${name}“${bad}”不是可选的值，可选：${Object.values(labels).join('、')}` };
      return { value: col.kind === 'enum' ? codes[0] : codes };
    }
  }
}

function setPath(target: Record<string, any>, path: string, value: unknown) {
  const keys = path.split('.');
  let o = target;
  keys.slice(0, -1).forEach((k, i) => {
    o[k] ??= /^\d+$/.test(keys[i + 1]) ? [] : {};
    o = o[k];
  });
  o[keys[keys.length - 1]] = value;
}

/** The column a schema issue is about: its path, else the nearest enclosing one, else the first inside it. */
function columnOf(path: string): string {
  for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const col = COLUMN_BY_PATH.get(p);
    if (col) return col.header;
  }
  return COLUMNS.find((c) => c.path.startsWith(`${path}.`))?.header ?? '';
}

export interface Sheet {
  /** data rows that hold anything, with their cells by column */
  rows: Array<{ row: number; cells: Map<Column, Exclude<Raw, undefined>> }>;
}

/** Opens the workbook and maps its header row onto the template's columns. */
export async function readSheet(body: Buffer): Promise<Sheet> {
  if (body.length === 0) throw new ImportRefused(400, '上传的文件是空的，请选择填好的导入模板（.xlsx）');
  if (body.length > IMPORT_LIMITS.bytes) throw new ImportRefused(413, `文件过大：导入文件不能超过 ${MB(IMPORT_LIMITS.bytes)}，请分批导入`);
  checkZip(body);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(body as unknown as ArrayBuffer);
  } catch {
    throw new ImportRefused(415, '无法读取上传的 Excel 文件，文件可能已损坏，请重新保存为 .xlsx 后上传');
  }
  const ws = wb.getWorksheet(DATA_SHEET) ?? wb.worksheets[0];
  if (!ws) throw new ImportRefused(422, `Excel 文件中没有工作表，请使用系统提供的导入模板`);

  const byIndex = new Map<number, Column>();
  const seen = new Map<Column, number>();
  ws.getRow(1).eachCell((cell, index) => {
    const header = raw(cell.value);
    if (header === undefined) return;
    const col = COLUMN_BY_KEY.get(headerKey(String(header)));
    if (!col) return;
    if (seen.has(col)) throw new ImportRefused(422, `表头“${plain(col.header)}”出现了两次，请使用系统提供的导入模板`);
    seen.set(col, index);
    byIndex.set(index, col);
  });
  const missing = COLUMNS.filter((c) => c.required && !seen.has(c)).map((c) => plain(c.header));
  if (missing.length === COLUMNS.filter((c) => c.required).length) {
    throw new ImportRefused(422, `工作表“${ws.name}”的第1行不是导入模板的表头，请下载并使用系统提供的导入模板`);
  }
  if (missing.length) throw new ImportRefused(422, `表格缺少以下列：${missing.join('、')}。请下载并使用系统提供的导入模板`);

  const rows: Sheet['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (rowNumber === 1) return;
    const cells = new Map<Column, Exclude<Raw, undefined>>();
    for (const [index, col] of byIndex) {
      const v = raw(r.getCell(index).value);
      if (v !== undefined) cells.set(col, v);
    }
    if (cells.size) rows.push({ row: rowNumber, cells });
    if (rows.length > IMPORT_LIMITS.rows) throw new ImportRefused(413, `一次最多导入 ${IMPORT_LIMITS.rows} 行，请分批导入`);
  });
  if (!rows.length) throw new ImportRefused(422, `工作表“${ws.name}”中没有数据：请从第2行起每行填写一户困难职工`);
  return { rows };
}

/**
 * One row → the application it describes (or null) with every problem found in it. Members are
 * the column groups holding anything; a member's required fields are required only then.
 */
export function parseRow(row: number, cells: Map<Column, Exclude<Raw, undefined>>, today: string): ParsedRow {
  const errors: RowError[] = [];
  const failed = new Set<string>();
  const fail = (col: Column | string, message: string) => {
    const column = typeof col === 'string' ? col : col.header;
    if (failed.has(column)) return;
    failed.add(column);
    errors.push({ row, column, message });
  };
  const input: Record<string, any> = {};
  const stock: StockFields = {};
  const present = (col: Column) => cells.has(col);

  for (const [col, v] of cells) {
    const converted = convert(col, v);
    if ('error' in converted) {
      fail(col, converted.error);
      continue;
    }
    if (col.path.startsWith('file.')) (stock as Record<string, unknown>)[col.path.slice(5)] = converted.value;
    else setPath(input, col.path, converted.value);
  }

  // required columns of the application, with one message naming the column
  for (const col of COLUMNS) {
    if (col.required && !present(col)) fail(col, `请填写${plain(col.header)}`);
  }

  // family members: the column groups that hold anything, in order
  const groups: number[] = [];
  for (let n = 1; n <= MAX_MEMBERS; n++) {
    const mine = COLUMNS.filter((c) => c.path.startsWith(`members.${n - 1}.`));
    if (!mine.some(present)) continue;
    groups.push(n);
    for (const field of MEMBER_REQUIRED) {
      const col = COLUMN_BY_PATH.get(`members.${n - 1}.${field}`)!;
      if (!present(col)) fail(col, `请填写${plain(col.header)}`);
    }
  }
  input.members = groups.map((n) => input.members?.[n - 1] ?? {});

  // 突发事件: the three columns describe one event
  const emergency = input.income?.emergency as { kind?: string; expenses?: number; compensationReceived?: boolean } | undefined;
  if (emergency && !emergency.kind) fail(COLUMN_BY_PATH.get('income.emergency.kind')!, '填写突发事件支出或赔偿情况时，请选择突发事件类型');
  else if (emergency?.kind && emergency.expenses === undefined) fail(COLUMN_BY_PATH.get('income.emergency.expenses')!, '请填写突发事件支出（元）');
  if (input.income) input.income.emergency = emergency?.kind ? { compensationReceived: false, ...emergency } : null;

  // a stock file carries its number, level and filing date together
  const stockCol = (key: string) => COLUMN_BY_PATH.get(`file.${key}`)!;
  if (stock.fileNo !== undefined) {
    if (!/^[\w\-/]{1,40}$/.test(stock.fileNo)) fail(stockCol('fileNo'), '档案编号只能包含字母、数字、“-”和“/”，最多40个字符');
    if (!stock.level) fail(stockCol('level'), '填写档案编号的存量档案须填写档案级别');
    if (!stock.filedAt) fail(stockCol('filedAt'), '填写档案编号的存量档案须填写建档日期');
    else if (stock.filedAt > today) fail(stockCol('filedAt'), '建档日期不能晚于今天');
  } else if (stock.level || stock.filedAt) {
    fail(stockCol('fileNo'), '填写档案级别或建档日期的存量档案须填写档案编号');
  }

  const parsed = ApplicationSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String);
      // members[i] of the schema is the i-th group that holds anything
      if (path[0] === 'members' && path.length > 1) path[1] = String(groups[Number(path[1])] - 1);
      fail(columnOf(path.join('.')), issue.message);
    }
  }
  const app = parsed.success && !errors.length ? parsed.data : null;
  const idColumns = app
    ? [
        { idNumber: app.applicant.idNumber, column: COLUMN_BY_PATH.get('applicant.idNumber')!.header },
        ...app.members.map((m, i) => ({ idNumber: m.idNumber, column: COLUMN_BY_PATH.get(`members.${groups[i] - 1}.idNumber`)!.header })),
      ]
    : [];
  return { row, app, stock, errors, idColumns };
}
