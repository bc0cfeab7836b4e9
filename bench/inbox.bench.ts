/**
 * The inbox (issue 9 item 2): GET /api/tasks p50/p95 for a county reviewer and a grassroots staff
 * member with 100,000 files and 10,000 open tasks on the embedded default. Data is generated
 * in SQL (seeded, reproducible), then the real API is asked over HTTP.
 */
import { startSystem } from '../api/system';
import { login } from '../tests/support/system';
import { percentile, median, type BenchResult } from './support';

export async function run(opts: { files?: number; tasks?: number; requests?: number; databaseUrl?: string; label?: string } = {}): Promise<BenchResult[]> {
  const files = opts.files ?? 100_000;
  const tasks = opts.tasks ?? 10_000;
  const requests = opts.requests ?? 200;
  const sys = await startSystem({ dataDir: 'memory://', databaseUrl: opts.databaseUrl, port: 0, background: false, log: () => {} });
  try {
    const sql = sys.db.sql;
    const grassroots = (await sys.db.prisma.org.findMany({ where: { kind: 'grassroots' }, select: { id: true, path: true } })).sort((a, b) => a.id.localeCompare(b.id));
    await sql.exec(`CREATE TEMP TABLE bench_orgs (n int, id text, path text)`);
    for (const [i, g] of grassroots.entries()) await sql.query('INSERT INTO bench_orgs VALUES ($1, $2, $3)', [i, g.id, g.path]);
    const n = grassroots.length;
    const def = await sys.db.prisma.processDefinition.findFirstOrThrow({ where: { bpmnProcessId: 'filing' } });
    const t0 = performance.now();
    await sql.exec(`
      INSERT INTO "HouseholdFile" (id, "caseNo", status, "orgId", "orgPath", "applicantName", "idNumber", sex, "birthDate", "mainCause", "householdSize", "annualIncome", "perCapitaMonthly", form, "createdBy", "updatedAt")
      SELECT 'bf' || g, 'BENCH-' || g, CASE WHEN g % 10 = 0 THEN 'in_review' ELSE 'filed' END, o.id, o.path, '测试' || g, lpad(g::text, 18, '0'), 'male', DATE '1980-01-01', 'laid_off', 3, 1800000, 46667, '{}'::jsonb, 'bench', now()
      FROM generate_series(1, ${files}) g JOIN bench_orgs o ON o.n = g % ${n};
      INSERT INTO "UserTask" (id, "instanceId", "definitionId", "bpmnProcessId", "elementId", "executionId", name, "formKey", "candidateRole", "candidateOrgId", "candidateOrgPath", "businessKey", status, "dueAt", "createdAt", variables)
      SELECT 'bt' || g, 'bi' || g, '${def.id}', 'filing',
        CASE WHEN g % 3 = 0 THEN 'countyReview' ELSE 'householdSurvey' END, 'e' || g,
        CASE WHEN g % 3 = 0 THEN '区县工会复核' ELSE '入户调查核实' END,
        CASE WHEN g % 3 = 0 THEN 'filing-review' ELSE 'filing-survey' END,
        CASE WHEN g % 3 = 0 THEN 'county_reviewer' ELSE 'grassroots_staff' END,
        CASE WHEN g % 3 = 0 THEN split_part(o.path, '/', 5) ELSE o.id END,
        CASE WHEN g % 3 = 0 THEN '/' || split_part(o.path, '/', 2) || '/' || split_part(o.path, '/', 3) || '/' || split_part(o.path, '/', 4) || '/' || split_part(o.path, '/', 5) || '/' ELSE o.path END,
        'BENCH-' || (g * 10), 'created', now() + (g % 30) * interval '1 day', now(), jsonb_build_object('fileId', 'bf' || (g * 10))
      FROM generate_series(1, ${tasks}) g JOIN bench_orgs o ON o.n = (g / 3) % ${n};
      ANALYZE;`);
    const loadSeconds = (performance.now() - t0) / 1000;
    const out: BenchResult[] = [];
    for (const username of ['county', 'staff']) {
      const client = await login(sys.url!, username);
      const times: number[] = [];
      let total = '';
      for (let i = 0; i < requests; i++) {
        const s = performance.now();
        const res = await client.get('/api/tasks?sort=["dueAt","ASC"]&range=[0,24]&filter={"view":"all"}');
        times.push(performance.now() - s);
        total = res.headers.get('content-range') ?? '';
        if (res.status !== 200) throw new Error(`inbox ${res.status}`);
      }
      const p95 = percentile(times, 95);
      out.push({
        name: 'inbox',
        figure: `待办列表 ${username === 'county' ? '区县审核员' : '基层保障干事'} p50 / p95（${opts.label ?? '内嵌'}，${files.toLocaleString('en')} 档案，${tasks.toLocaleString('en')} 待办）`,
        target: 'p95 < 50 ms',
        measured: Math.round(p95 * 10) / 10,
        unit: 'ms',
        pass: p95 < 50,
        detail: `p50 ${median(times).toFixed(1)} ms; ${total.split('/')[1]} tasks visible; data loaded in ${loadSeconds.toFixed(0)} s`,
      });
    }
    return out;
  } finally {
    await sys.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(r);
}
