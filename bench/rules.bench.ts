/**
 * Eligibility throughput on one core (issue 3: a benchmark, not a test).
 *   npx tsx bench/rules.bench.ts
 * Seeded random households are evaluated in rounds; each round gives evals/s. Reported: the
 * median round and the p95 round (95 % of rounds were at least this fast), for the validated
 * path (`evaluateEligibility`, zod parse included) and the fast path (`evaluateParsed`).
 * Explanations are built by concatenation, which V8 keeps as ropes until read, so a third line
 * adds `JSON.stringify` of the result: the cost a job handler pays when it writes the variables.
 */
import { pathToFileURL } from 'node:url';
import {
  EMERGENCY_KINDS,
  HouseholdFactsSchema,
  SPECIAL_CAUSES,
  StandardsSchema,
  evaluateEligibility,
  evaluateParsed,
  type HouseholdFacts,
  type Standards,
} from '../workers/eligibility';

export type BenchResult = { name: string; target: number; measured: number; unit: string };

type Stats = { median: number; p95: number };

const TARGET = 200_000;

/** mulberry32: small, seeded, good enough to spread the inputs over every rule. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeCases(count: number, seed: number): { facts: HouseholdFacts; standards: Standards }[] {
  const r = rng(seed);
  const int = (max: number) => Math.floor(r() * (max + 1));
  const chance = (p: number) => r() < p;
  const cases: { facts: HouseholdFacts; standards: Standards }[] = [];
  for (let i = 0; i < count; i++) {
    const dibao = 60_000 + int(50) * 1_000;
    const householdSize = 1 + int(5);
    // Income spread from 0 to 4 × the household's annual dibao line, so every rule is reached.
    const wages = int(4 * dibao * 12 * householdSize);
    const facts = {
      householdSize,
      annualIncome: { wages, business: chance(0.2) ? int(500_000) : 0, property: chance(0.1) ? int(100_000) : 0, transfer: chance(0.3) ? int(300_000) : 0 },
      annualIncomeTax: chance(0.1) ? int(50_000) : 0,
      annualSocialInsurance: int(200_000),
      monthsBelowDibao: int(12),
      receivesGovernmentAid: chance(0.3),
      isDibaoHousehold: chance(0.2),
      specialCause: chance(0.5) ? SPECIAL_CAUSES[int(SPECIAL_CAUSES.length - 1)] : null,
      annualNecessaryExpenses: int(3_000_000),
      emergency: chance(0.3)
        ? { kind: EMERGENCY_KINDS[int(EMERGENCY_KINDS.length - 1)], expenses: int(10_000_000), compensationReceived: chance(0.5) }
        : null,
      isMigrantWorker: chance(0.3),
      isUnionMember: chance(0.8),
      homesOwned: chance(0.1) ? 2 : int(1),
      ownsShopOrEmploys: chance(0.05),
      childPrivateSchoolOrAbroad: chance(0.02),
      usesVehicleOrMachinery: chance(0.05),
      refusedInvestigation: chance(0.01),
      blacklisted: chance(0.01),
    };
    const standards = chance(0.5) ? { dibao } : { dibao, lowIncomeLine: dibao + int(dibao) };
    cases.push({ facts: HouseholdFactsSchema.parse(facts), standards: StandardsSchema.parse(standards) });
  }
  return cases;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: Math.round(at(0.5)), p95: Math.round(at(0.05)) };
}

/** Keeps the results alive so the loop cannot be optimised away. */
let sink = 0;

function measure(evaluate: (f: HouseholdFacts, s: Standards) => { criteria: unknown[] }, rounds: number): Stats {
  const cases = makeCases(10_000, 20180327);
  const perRound: number[] = [];
  for (let round = -3; round < rounds; round++) {
    const start = performance.now();
    for (const c of cases) sink += evaluate(c.facts, c.standards).criteria.length;
    const seconds = (performance.now() - start) / 1000;
    if (round >= 0) perRound.push(cases.length / seconds);
  }
  return stats(perRound);
}

/** Fast path only (already-validated input), in the shape a bench runner collects. */
export function run(rounds = 20): BenchResult {
  return { name: 'eligibility.evaluateParsed', target: TARGET, measured: measure(evaluateParsed, rounds).median, unit: 'evals/s' };
}

function parsedAndSerialised(f: HouseholdFacts, s: Standards): { criteria: unknown[] } {
  const result = evaluateParsed(f, s);
  sink += JSON.stringify(result).length;
  return result;
}

/** Both paths, validated and fast, and the fast path with the result serialised. */
export function runAll(rounds = 20): { validated: Stats; parsed: Stats; serialised: Stats } {
  return {
    validated: measure(evaluateEligibility, rounds),
    parsed: measure(evaluateParsed, rounds),
    serialised: measure(parsedAndSerialised, rounds),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { validated, parsed, serialised } = runAll();
  const line = (name: string, s: Stats) =>
    `${name.padEnd(42)} median ${s.median.toLocaleString('en-US').padStart(10)} evals/s   p95 ${s.p95.toLocaleString('en-US').padStart(10)} evals/s`;
  console.log(line('evaluateEligibility (zod parse + rules)', validated));
  console.log(line('evaluateParsed (validated input)', parsed));
  console.log(line('evaluateParsed + JSON.stringify(result)', serialised));
  console.log(`target ${TARGET.toLocaleString('en-US')} evals/s: ${parsed.median >= TARGET ? 'met' : 'NOT met'} (fast path median)`);
  if (sink < 0) console.log(sink);
}
