/**
 * The embedded runtime's throughput (issue 9 items 1 and 6): durable service-task completions
 * per second, every step persisted, on start → 3 service tasks → end; the raw bpmn-engine
 * baseline without persistence in the same run; and the bytes stored per parked instance.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from 'bpmn-engine';
import * as Elements from 'bpmn-elements';
import { openDatabase } from '../api/db/client';
import { EmbeddedEngine } from '../api/engine/embedded/runtime';
import { systemClock } from '../api/clock';
import { moddleOptions } from '../api/engine/embedded/model';
import BpmnModdle from 'bpmn-moddle';
import serializer, { TypeResolver } from 'moddle-context-serializer';
import type { JobHandler } from '../workers/job';
import { median, percentile, type BenchResult } from './support';

const XML = readFileSync(join(import.meta.dirname, 'models', 'three-tasks.bpmn'), 'utf8');
const handlers: Record<string, JobHandler<object>> = {
  'bench-a': (job) => job.complete({ a: 1 }),
  'bench-b': (job) => job.complete({ b: 2 }),
  'bench-c': (job) => job.complete({ c: 3 }),
};

async function durableRound(instances: number, inFlight: number, dataDir: string | null): Promise<number> {
  const dir = dataDir ?? 'memory://';
  const db = await openDatabase({ dataDir: dir });
  const engine = new EmbeddedEngine({ db, clock: systemClock, handlers, context: {}, maxJobsInFlight: inFlight, log: () => {} });
  await engine.deploy('three-tasks.bpmn', XML);
  for (let i = 0; i < instances; i++) await engine.startInstance('bench-three-tasks', { businessKey: `B-${i}`, variables: { i } });
  const t0 = performance.now();
  await engine.drain(100_000);
  const seconds = (performance.now() - t0) / 1000;
  const done = await db.prisma.processInstance.count({ where: { status: 'completed' } });
  await db.close();
  if (done !== instances) throw new Error(`only ${done} of ${instances} instances completed`);
  return (instances * 3) / seconds;
}

/** The same model in bpmn-engine alone: parsed once, service tasks answered inline, nothing stored. */
async function rawRound(instances: number): Promise<number> {
  const services = { run: (_scope: unknown, next: (err: null, out: object) => void) => next(null, {}) };
  const xml = XML.replaceAll(/<zeebe:taskDefinition type="bench-\w" retries="3" \/>/g, '').replaceAll('<bpmn:serviceTask ', '<bpmn:serviceTask implementation="${environment.services.run}" ');
  const sourceContext = serializer(await new BpmnModdle(moddleOptions).fromXML(xml), TypeResolver(Elements));
  const silent = () => ({ debug() {}, error() {}, warn() {} });
  const t0 = performance.now();
  for (let i = 0; i < instances; i++) {
    const engine = new Engine({ sourceContext, services, Logger: silent } as any);
    await engine.execute();
  }
  return (instances * 3) / ((performance.now() - t0) / 1000);
}

async function stateSize(): Promise<{ json: number; stored: number }> {
  const db = await openDatabase({ dataDir: 'memory://' });
  const engine = new EmbeddedEngine({ db, clock: systemClock, handlers, context: {}, log: () => {} });
  await engine.deploy('three-tasks.bpmn', XML);
  for (let i = 0; i < 50; i++) await engine.startInstance('bench-three-tasks', { businessKey: `S-${i}`, variables: { i } });
  // parked: each instance waits at its first job
  const rows = await db.prisma.$queryRaw<{ json: number; stored: number }[]>`
    SELECT avg(octet_length(state::text))::int AS json, avg(pg_column_size(state))::int AS stored FROM "ProcessInstance"`;
  await db.close();
  return rows[0];
}

export async function run(opts: { rounds?: number; instances?: number } = {}): Promise<BenchResult[]> {
  const rounds = opts.rounds ?? 3;
  const instances = opts.instances ?? 300;
  const dir = mkdtempSync(join(tmpdir(), 'bf-bench-'));
  const durable1: number[] = [];
  const durable4: number[] = [];
  const raw: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      durable1.push(await durableRound(instances, 1, join(dir, `a${r}`)));
      durable4.push(await durableRound(instances, 4, join(dir, `b${r}`)));
      raw.push(await rawRound(instances));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const size = await stateSize();
  const d1 = median(durable1);
  const d4 = median(durable4);
  const best = Math.max(d1, d4);
  const baseline = median(raw);
  return [
    { name: 'runtime', figure: '持久化服务任务完成数/秒（1个作业并发）', target: '≥ 300/s', measured: Math.round(d1), unit: '/s', pass: d1 >= 300, detail: `p95(slowest) ${Math.round(percentile(durable1, 5))}/s` },
    { name: 'runtime', figure: '持久化服务任务完成数/秒（4个作业并发）', target: '≥ 300/s', measured: Math.round(d4), unit: '/s', pass: d4 >= 300, detail: `p95(slowest) ${Math.round(percentile(durable4, 5))}/s` },
    { name: 'runtime', figure: 'bpmn-engine 内存基线 服务任务/秒', target: '(基线)', measured: Math.round(baseline), unit: '/s', pass: null },
    { name: 'runtime', figure: '持久化开销（基线 ÷ 持久化）', target: '≤ 2×', measured: Number((baseline / best).toFixed(1)), unit: '×', pass: baseline / best <= 2 },
    { name: 'state', figure: '每个停靠实例的状态大小（JSON）', target: '不含模型', measured: size.json, unit: 'B', pass: null, detail: `磁盘上 ${size.stored} B（压缩后）` },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(r);
}
