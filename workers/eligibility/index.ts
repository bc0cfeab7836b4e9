/**
 * National filing criteria (建档条件) and exclusions (不予建档), SPEC §3, seed 一(三)1–4.
 * Pure: no I/O. Called by the `eligibility-check` job handler and by the API pre-check.
 */
import {
  RULE_LABELS,
  EXCLUSION_LABELS,
  belowDibaoNoAid,
  dibaoHouseholdStillPoor,
  emergencyHardship,
  exclusionChecks,
  household,
  lowIncomeSpecialExpense,
  migrantWorker,
  type EligibilityCheck,
  type ExclusionId,
  type RuleId,
} from './rules';
import { HouseholdFactsSchema, StandardsSchema, type HouseholdFacts, type Standards } from './schemas';

export {
  HouseholdFactsSchema,
  StandardsSchema,
  SPECIAL_CAUSES,
  EMERGENCY_KINDS,
  SPECIAL_CAUSE_LABELS,
  EMERGENCY_KIND_LABELS,
  MAX_ANNUAL_FEN,
  MAX_MONTHLY_STANDARD_FEN,
  MAX_HOUSEHOLD_SIZE,
} from './schemas';
export type { HouseholdFacts, Standards, SpecialCause, EmergencyKind } from './schemas';
export {
  RULE_IDS,
  EXCLUSION_IDS,
  RULE_LABELS,
  EXCLUSION_LABELS,
  LOW_INCOME_FACTOR,
  EMERGENCY_DIBAO_MULTIPLE,
  MIN_MONTHS_BELOW_DIBAO,
  lowIncomeLineOf,
  disposableAnnualIncome,
  perCapitaMonthlyIncome,
} from './rules';
export type { RuleId, ExclusionId, EligibilityCheck, RuleCheck, ExclusionCheck } from './rules';
export { formatYuan } from './money';

export type EligibilityResult = {
  /** Some criterion holds and no exclusion applies. */
  eligible: boolean;
  /** Every criterion that holds, in RULE_IDS order, also when an exclusion refuses the file. */
  criteria: RuleId[];
  /** Every exclusion that applies, in EXCLUSION_IDS order. */
  exclusions: ExclusionId[];
  /** disposable / 12 / size in fen, rounded half away from zero; display only. */
  perCapitaMonthlyIncome: number;
  /** One entry per rule, then one per exclusion, always in the same order. */
  checks: EligibilityCheck[];
};

/**
 * Evaluates already-validated facts and standards (amounts in fen) without parsing them again:
 * the fast path for callers that hold the output of `HouseholdFactsSchema`/`StandardsSchema`.
 * Passing unvalidated data here gives meaningless results; use `evaluateEligibility` instead.
 */
export function evaluateParsed(facts: HouseholdFacts, standards: Standards): EligibilityResult {
  const h = household(facts, standards);
  const national = [belowDibaoNoAid(h), dibaoHouseholdStillPoor(h), lowIncomeSpecialExpense(h), emergencyHardship(h)];
  const rules = [...national, migrantWorker(h, national)];
  const excl = exclusionChecks(h);

  const criteria: RuleId[] = [];
  for (const c of rules) if (c.passed) criteria.push(c.id);
  const exclusions: ExclusionId[] = [];
  for (const c of excl) if (!c.passed) exclusions.push(c.id);

  return {
    eligible: criteria.length > 0 && exclusions.length === 0,
    criteria,
    exclusions,
    perCapitaMonthlyIncome: h.perCapita,
    checks: [...rules, ...excl],
  };
}

/**
 * Validates both inputs (throws `ZodError` on non-integer or negative fen, size 0, unknown
 * cause…) and evaluates every national criterion and exclusion. For a migrant worker pass the
 * standards of the work location.
 */
export function evaluateEligibility(facts: unknown, standards: unknown): EligibilityResult {
  return evaluateParsed(HouseholdFactsSchema.parse(facts), StandardsSchema.parse(standards));
}

/** One zh-CN sentence for the decision, for the process variable and the filing UI. */
export function summarize(result: EligibilityResult): string {
  const met = result.criteria.map((id) => `“${RULE_LABELS[id]}”`).join('、');
  const refused = result.exclusions.map((id) => `“${EXCLUSION_LABELS[id]}”`).join('、');
  if (result.eligible) return `符合全国级困难职工建档条件：${met}。`;
  if (result.exclusions.length > 0) {
    return result.criteria.length > 0
      ? `不予建档：存在${refused}的情形（虽符合${met}）。`
      : `不予建档：存在${refused}的情形，且不符合任何建档条件。`;
  }
  return '不符合全国级困难职工建档条件：家庭收入与致困情况不满足任何一项建档条件。';
}
