/**
 * `npm run bench [-- <name>]`: every benchmark (or one), printed as a table of figure, target,
 * measured and pass/short, with the machine. Benchmarks print figures; tests never assert on time.
 */
import { machine, type BenchResult } from './support';

type Bench = () => Promise<BenchResult[]>;

const BENCHES: Record<string, Bench> = {
  rules: async () => {
    const { run } = await import('./rules.bench');
    const r = run();
    return [{ name: 'rules', figure: '资格评估次数/秒（单核）', target: `≥ ${r.target.toLocaleString('en')}/s`, measured: Math.round(r.measured), unit: r.unit, pass: r.measured >= r.target }];
  },
  runtime: async () => (await import('./runtime.bench')).run(),
  december: async () => (await import('./december.bench')).run(),
  excel: async () => (await import('./excel.bench')).run(),
  inbox: async () => {
    const { run } = await import('./inbox.bench');
    const embedded = await run();
    // the PostgreSQL server tier, when one is reachable
    const url = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
    const { freshDatabaseUrl } = await import('../tests/support/db');
    process.env.TEST_DATABASE_URL = url;
    const fresh = await freshDatabaseUrl().catch(() => null);
    if (!fresh) return embedded;
    try {
      return [...embedded, ...(await run({ files: 1_000_000, tasks: 100_000, databaseUrl: fresh.url, label: 'PostgreSQL 服务器' }))];
    } finally {
      await fresh.drop();
    }
  },
};

const only = process.argv[2];
if (only && !BENCHES[only]) {
  console.error(`unknown benchmark ${only}; one of: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
const results: BenchResult[] = [];
for (const [name, bench] of Object.entries(BENCHES)) {
  if (only && name !== only) continue;
  process.stderr.write(`running ${name}…\n`);
  results.push(...(await bench()));
}
const date = new Date().toISOString().slice(0, 10);
console.log(`\nBenchmarks ${date} — ${machine()}\n`);
console.log('| benchmark | figure | target | measured | result |');
console.log('|---|---|---|---|---|');
for (const r of results) {
  const verdict = r.pass === null ? '—' : r.pass ? 'pass' : 'short';
  console.log(`| ${r.name} | ${r.figure} | ${r.target} | ${r.measured.toLocaleString('en')} ${r.unit}${r.detail ? ` (${r.detail})` : ''} | ${verdict} |`);
}
