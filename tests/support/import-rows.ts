import ExcelJS from 'exceljs';
import { residentId } from './fixtures';
import { headerKey } from '../../api/import/columns';

/** Rows for the .xlsx import, as an official fills the template (tests and the import benchmark). */
/** A person's ID number from a birth date and a sequence number (valid check digit). */
export const idOf = (birth: string, seq: number) => residentId(`510502${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`);
export const dayAfter = (start: string, days: number) => new Date(Date.parse(`${start}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** One household as the template's columns (headers without the required mark). */
export function household(i: number, opts: { stock?: boolean; members?: number } = {}): Record<string, unknown> {
  const row: Record<string, unknown> = {
    姓名: `导入职工${i}`,
    身份证号: idOf(dayAfter('1965-01-01', i), 11),
    民族: '汉族',
    政治面貌: '群众',
    健康状况: i % 3 ? '健康' : '患慢性病',
    工作状态: '在岗',
    参加工作时间: '2001-07',
    住房类型: '租住私房',
    '建筑面积（平方米）': 40 + (i % 20),
    手机号码: `139${String(10_000_000 + i).padStart(8, '0')}`,
    劳模类型: '非劳模',
    婚姻状况: '已婚',
    是否单亲: '否',
    医保状况: '职工基本医疗保险',
    家庭住址: `泸州市江阳区北城街道${i}号`,
    邮政编码: '646000',
    工作单位: '江阳区环卫服务中心',
    所属行业: '公共设施管理业',
    // money as text and as numbers: both are yuan
    '本人月平均收入（元）': i % 2 ? '1500.00' : 1500,
    户口所在地行政区划: '510502',
    户口类型: '城镇户口',
    是否有一定自救能力: '是',
    主要致困原因: '家庭成员患重特大疾病',
    次要致困原因: '子女上学',
    '年工薪收入（元）': '18,000.00',
    '年经营净收入（元）': 0,
    '年财产性收入（元）': 0,
    '年转移性收入（元）': '1200.50',
    '年缴纳个人所得税（元）': 0,
    '年缴纳社会保险费（元）': 1200,
    '家庭近6个月总收入（元）': 9600,
    人均收入连续低于低保标准的月数: 8,
    特殊困难原因: '患病',
    '特殊原因年度必要支出（元）': 36000,
    '自有产权住房（套）': 0,
    '医疗费（元）': 36000,
    开户银行: '中国农业银行',
    银行卡号: `62284800${String(i).padStart(11, '0')}`,
  };
  if (opts.stock !== false) {
    row['档案编号'] = `510502-2018-${String(i).padStart(6, '0')}`;
    row['档案级别'] = '全国级';
    row['建档日期'] = i % 2 ? '2018-06-30' : new Date('2018-06-30T00:00:00Z');
  }
  for (let n = 1; n <= (opts.members ?? 1 + (i % 2)); n++) {
    Object.assign(row, {
      [`成员${n}姓名`]: `成员${i}-${n}`,
      [`成员${n}与户主关系`]: n === 1 ? '配偶' : '子',
      [`成员${n}身份证号`]: idOf(dayAfter(n === 1 ? '1967-01-01' : '2005-01-01', i), 20 + n),
      [`成员${n}月收入（元）`]: 0,
      [`成员${n}健康状况`]: '患重特大疾病',
      [`成员${n}医保状况`]: '城乡居民基本医疗保险',
      [`成员${n}婚姻状况`]: n === 1 ? '已婚' : '未婚',
      [`成员${n}户口类型`]: '城镇户口',
      [`成员${n}人员身份`]: n === 1 ? '无业' : '在校学生',
    });
  }
  return row;
}

/** Fills the downloaded template: the test writes into the template exactly as an official would. */
export async function workbook(template: Buffer, rows: Array<Record<string, unknown>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as any);
  const ws = wb.getWorksheet('档案')!;
  const index = new Map<string, number>();
  ws.getRow(1).eachCell((cell, i) => index.set(headerKey(String(cell.value)), i));
  rows.forEach((values, r) => {
    const row = ws.getRow(r + 2);
    for (const [key, v] of Object.entries(values)) {
      const i = index.get(key);
      if (!i) throw new Error(`no column ${key} in the template`);
      row.getCell(i).value = v as ExcelJS.CellValue;
    }
    row.commit();
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

