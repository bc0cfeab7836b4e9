import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  EMERGENCY_KINDS,
  EXCLUSION_IDS,
  MAX_ANNUAL_FEN,
  MAX_HOUSEHOLD_SIZE,
  MAX_MONTHLY_STANDARD_FEN,
  RULE_IDS,
  SPECIAL_CAUSES,
  evaluateEligibility,
  evaluateParsed,
  type HouseholdFacts,
} from '../../workers/eligibility';

const fen = (max: number) => fc.integer({ min: 0, max });

/** Realistic households: amounts around the dibao lines so that every rule is exercised. */
const realisticFacts = (maxFen: number): fc.Arbitrary<HouseholdFacts> =>
  fc.record({
    householdSize: fc.integer({ min: 1, max: MAX_HOUSEHOLD_SIZE }),
    annualIncome: fc.record({ wages: fen(maxFen), business: fen(maxFen), property: fen(maxFen), transfer: fen(maxFen) }),
    annualIncomeTax: fen(maxFen),
    annualSocialInsurance: fen(maxFen),
    monthsBelowDibao: fc.integer({ min: 0, max: 24 }),
    receivesGovernmentAid: fc.boolean(),
    isDibaoHousehold: fc.boolean(),
    specialCause: fc.constantFrom(null, ...SPECIAL_CAUSES),
    annualNecessaryExpenses: fen(maxFen),
    emergency: fc.option(
      fc.record({ kind: fc.constantFrom(...EMERGENCY_KINDS), expenses: fen(maxFen), compensationReceived: fc.boolean() }),
      { nil: null },
    ),
    isMigrantWorker: fc.boolean(),
    isUnionMember: fc.boolean(),
    homesOwned: fc.integer({ min: 0, max: 3 }),
    ownsShopOrEmploys: fc.boolean(),
    childPrivateSchoolOrAbroad: fc.boolean(),
    usesVehicleOrMachinery: fc.boolean(),
    refusedInvestigation: fc.boolean(),
    blacklisted: fc.boolean(),
  });

const standardsArb = fc
  .integer({ min: 1, max: MAX_MONTHLY_STANDARD_FEN })
  .chain((dibao) =>
    fc.oneof(
      fc.constant({ dibao }),
      fc.integer({ min: dibao, max: MAX_MONTHLY_STANDARD_FEN }).map((lowIncomeLine) => ({ dibao, lowIncomeLine })),
    ),
  );

const smallStandardsArb = fc.integer({ min: 50_000, max: 120_000 }).map((dibao) => ({ dibao }));

/** Rebuilds an object, nested objects too, with its keys sorted by the given random weights. */
function withKeyOrder<T extends object>(value: T, weights: number[]): T {
  const entries = Object.entries(value)
    .map(([key, v], i) => ({ key, v, weight: weights[i % weights.length] }))
    .sort((a, b) => a.weight - b.weight);
  const out: Record<string, unknown> = {};
  for (const { key, v } of entries) {
    out[key] = v !== null && typeof v === 'object' ? withKeyOrder(v as object, [...weights].reverse()) : v;
  }
  return out as T;
}

describe('eligibility properties', () => {
  it('per-capita income is disposable / 12 / size within half a fen, rounded half away from zero', () => {
    fc.assert(
      fc.property(realisticFacts(MAX_ANNUAL_FEN), smallStandardsArb, (facts, standards) => {
        const { perCapitaMonthlyIncome: pc } = evaluateEligibility(facts, standards);
        const i = facts.annualIncome;
        // Independent arithmetic in BigInt: |pc·12·size − disposable| ≤ ½·12·size.
        const disposable =
          BigInt(i.wages) + BigInt(i.business) + BigInt(i.property) + BigInt(i.transfer) -
          BigInt(facts.annualIncomeTax) - BigInt(facts.annualSocialInsurance);
        const den = 12n * BigInt(facts.householdSize);
        const twiceError = 2n * (BigInt(pc) * den - disposable);
        expect(twiceError <= den && twiceError >= -den).toBe(true);
        // An exact half goes away from zero.
        if (twiceError === den || twiceError === -den) expect(BigInt(pc) * disposable > 0n).toBe(true);
        expect(Object.is(pc, -0)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('evaluating twice, or through the fast path, gives the same result', () => {
    fc.assert(
      fc.property(realisticFacts(20_000_000), standardsArb, (facts, standards) => {
        const first = evaluateEligibility(facts, standards);
        expect(evaluateEligibility(facts, standards)).toEqual(first);
        expect(evaluateParsed(facts, standards)).toEqual(first);
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order of the input fields; checks come in a fixed order', () => {
    fc.assert(
      fc.property(
        realisticFacts(20_000_000),
        smallStandardsArb,
        fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 30 }),
        (facts, standards, weights) => {
          const reordered = withKeyOrder(facts, weights);
          const a = evaluateEligibility(facts, standards);
          const b = evaluateEligibility(reordered, withKeyOrder(standards, weights));
          expect(b).toEqual(a);
          expect(a.checks.map((c) => c.id)).toEqual([...RULE_IDS, ...EXCLUSION_IDS]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('eligible exactly when a criterion holds and no exclusion applies; criteria match the checks', () => {
    fc.assert(
      fc.property(realisticFacts(20_000_000), smallStandardsArb, (facts, standards) => {
        const r = evaluateEligibility(facts, standards);
        const passedRules = r.checks.filter((c) => c.kind === 'rule' && c.passed).map((c) => c.id);
        const failedExclusions = r.checks.filter((c) => c.kind === 'exclusion' && !c.passed).map((c) => c.id);
        expect(r.criteria).toEqual(passedRules);
        expect(r.exclusions).toEqual(failedExclusions);
        expect(r.eligible).toBe(r.criteria.length > 0 && r.exclusions.length === 0);
        // Exclusions never remove a criterion (SPEC §3: every rule is reported).
        const clean = { ...facts, homesOwned: 0, ownsShopOrEmploys: false, childPrivateSchoolOrAbroad: false, usesVehicleOrMachinery: false, refusedInvestigation: false, blacklisted: false };
        expect(evaluateEligibility(clean, standards).criteria).toEqual(r.criteria);
      }),
      { numRuns: 500 },
    );
  });

  it('more income never turns a failed below-dibao check into a pass', () => {
    fc.assert(
      fc.property(realisticFacts(10_000_000), smallStandardsArb, fc.integer({ min: 1, max: 1_000_000 }), (facts, standards, extra) => {
        const before = evaluateEligibility(facts, standards).checks[0].passed;
        const richer = { ...facts, annualIncome: { ...facts.annualIncome, wages: facts.annualIncome.wages + extra } };
        const after = evaluateEligibility(richer, standards).checks[0].passed;
        expect(before || !after).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
