/**
 * December (issue 9 item 3): starting the evaluation of active files — each parked help cycle's
 * December timer fires and its exit judgement runs, up to the evaluation task. Measured on N
 * files and extrapolated to 100,000; memory is sampled to show it stays bounded (no instance is
 * kept live).
 */
import { startSystem } from '../api/system';
import { ManualClock } from '../api/clock';
import type { BenchResult } from './support';

export async function run(opts: { files?: number } = {}): Promise<BenchResult[]> {
  const files = opts.files ?? 500;
  const clock = new ManualClock('2026-03-02T01:00:00Z');
  const sys = await startSystem({ dataDir: 'memory://', clock, background: false, log: () => {} });
  const engine = sys.embedded!;
  try {
    const prisma = sys.db.prisma;
    const org = await prisma.org.findUniqueOrThrow({ where: { id: '510502-01' } });
    for (let i = 0; i < files; i++) {
      const file = await prisma.householdFile.create({
        data: {
          caseNo: `DEC-${i}`, fileNo: `510502-2026-${String(i).padStart(6, '0')}`, status: 'filed', level: 'county', orgId: org.id, orgPath: org.path,
          applicantName: '测试', idNumber: String(i).padStart(18, '0'), sex: 'male', birthDate: new Date('1980-01-01'), mainCause: 'laid_off',
          householdSize: 3, annualIncome: 1_800_000n, perCapitaMonthly: 46_667, form: { applicant: { hukouRegion: '510502' } }, createdBy: 'bench',
        },
      });
      await prisma.incomeRecord.createMany({ data: ['07', '08', '09', '10', '11', '12'].map((m) => ({ fileId: file.id, month: `2026-${m}`, perCapita: 80_000 + (i % 7) * 1000, source: 'import', createdAt: clock.now() })) });
      await engine.startInstance('help-cycle', {
        businessKey: `${file.fileNo}/2026`,
        orgPath: org.path,
        variables: { fileId: file.id, fileNo: file.fileNo, year: 2026, orgs: { grassroots: org.id, county: '510502', city: '510500' }, dates: { planFrom: clock.now().toISOString(), evaluationFrom: '2026-12-19T16:00:00.000Z', evaluationMonth: '2026-12' } },
      });
    }
    // everyone made the March plan: the cycles now wait for December
    const plans = await prisma.userTask.findMany({ where: { elementId: 'marchPlan', status: 'created' } });
    for (const t of plans) await engine.completeTask(t.id, 'bench', { plan: { planText: '计划' } });
    const parked = await prisma.timer.count({ where: { elementId: 'untilDecember', status: 'pending' } });
    if (parked !== files) throw new Error(`${parked} of ${files} cycles parked`);

    clock.set('2026-12-20T01:00:00Z');
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    const t0 = performance.now();
    await engine.drain(1_000_000);
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const reached = await prisma.userTask.count({ where: { elementId: 'decemberEvaluation', status: 'created' } });
    if (reached !== files) throw new Error(`${reached} of ${files} evaluations started`);
    const projected = (seconds * 100_000) / files;
    return [
      { name: 'december', figure: `十二月评价启动（${files} 户实测，推算 100,000 户）`, target: '< 60 s', measured: Math.round(projected), unit: 's', pass: projected < 60, detail: `${files} 户用时 ${seconds.toFixed(1)} s，${Math.round(files / seconds)} 户/秒` },
      { name: 'december', figure: '十二月评价启动时的内存增量（峰值）', target: '有界（不保留实例）', measured: Math.round((peak - rss0) / 1024 / 1024), unit: 'MB', pass: null, detail: `引擎存活实例 ${engine.liveEngines}` },
    ];
  } finally {
    await sys.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(r);
}
