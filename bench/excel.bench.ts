/**
 * Excel in and out (issue 9 item 5): a roster of 10,000 rows exported as .xlsx, and an import of
 * the largest sheet the import accepts (5,000 rows), extrapolated to 100,000 rows.
 */
import { startSystem } from '../api/system';
import { login } from '../tests/support/system';
import { household, workbook } from '../tests/support/import-rows';
import { rosterWorkbook, type RosterRow } from '../api/print/roster';
import { XLSX_TYPE } from '../api/import/routes';
import { median, type BenchResult } from './support';
import { DEMO_PASSWORD } from '../prisma/seed';

async function exportRoster(rows: number): Promise<number> {
  const data: RosterRow[] = Array.from({ length: rows }, (_, i) => ({
    seq: i + 1,
    fileNo: `510502-2026-${String(i).padStart(6, '0')}`,
    name: `职工${i}`,
    sex: i % 2 ? '男' : '女',
    idNumber: `**************${String(1000 + (i % 9000))}`,
    phone: '139****0000',
    hardshipCategory: '家庭成员患重特大疾病',
    workplaceOrAddress: '泸州市江阳区北城街道',
    helperNames: '赵帮扶、孙结对',
  }));
  const t0 = performance.now();
  const buf = await rosterWorkbook({ title: '2026年困难职工解困脱困花名册', year: 2026, orgName: '江阳区北城街道工会', filledOn: '2026-12-28', chair: '王主席', parts: [{ title: null, rows: data }] });
  if (buf.length < 1000) throw new Error('empty workbook');
  return (performance.now() - t0) / 1000;
}

async function importRows(rows: number): Promise<{ seconds: number; imported: number }> {
  const sys = await startSystem({ dataDir: 'memory://', port: 0, background: false, log: () => {} });
  try {
    const staff = await login(sys.url!, 'staff');
    const signIn = await fetch(`${sys.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'staff', password: DEMO_PASSWORD }) });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const template = Buffer.from(await (await fetch(`${sys.url}/api/import/template.xlsx`, { headers: { cookie } })).arrayBuffer());
    const body = await workbook(template, Array.from({ length: rows }, (_, i) => household(i)));
    const t0 = performance.now();
    const preview = await staff.upload('/api/import/files/preview', body, XLSX_TYPE);
    if (preview.status !== 200) throw new Error(`preview ${preview.status} ${JSON.stringify(preview.body).slice(0, 300)}`);
    await staff.post(`/api/import/files/${preview.body.importId}/confirm`, {});
    for (;;) {
      const p = (await staff.get(`/api/import/files/${preview.body.importId}`)).body;
      if (p.status === 'done' || p.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, imported: await sys.db.prisma.householdFile.count() };
  } finally {
    await sys.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const exports = [await exportRoster(10_000), await exportRoster(10_000), await exportRoster(10_000)];
  const rows = 5_000;
  const imp = await importRows(rows);
  const projected = (imp.seconds * 100_000) / rows;
  return [
    { name: 'excel', figure: '花名册导出 10,000 行 .xlsx', target: '< 5 s', measured: Number(median(exports).toFixed(2)), unit: 's', pass: median(exports) < 5 },
    { name: 'excel', figure: `档案导入（${rows.toLocaleString('en')} 行实测，推算 100,000 行）`, target: '< 60 s', measured: Math.round(projected), unit: 's', pass: projected < 60, detail: `${rows} 行用时 ${imp.seconds.toFixed(1)} s，导入 ${imp.imported} 户；单个文件上限 5,000 行` },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(r);
}
