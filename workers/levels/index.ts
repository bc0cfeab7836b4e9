/**
 * Which file levels a household qualifies for (SPEC §4, seed 一(三)5: 符合哪个级别建档条件即可建立该级别档案).
 * Only the national criteria are published; provincial, city, county and grassroots criteria
 * are rule sets a process admin configures, versioned and dated. Pure: no I/O.
 */
import { z } from 'zod';
import {
  EXCLUSION_LABELS,
  HouseholdFactsSchema,
  RULE_LABELS,
  StandardsSchema,
  evaluateParsed,
  lowIncomeLineOf,
  disposableAnnualIncome,
  type ExclusionId,
  type HouseholdFacts,
  type Standards,
} from '../eligibility';
import { applyRatio, formatYuan, type Ratio } from '../eligibility/money';
import { LEVELS, LEVEL_LABELS, type Level } from '../funds';
import { isIsoDate } from '../identity/resident-id';

export const SUB_NATIONAL_LEVELS = ['provincial', 'city', 'county', 'grassroots'] as const;
export type SubNationalLevel = (typeof SUB_NATIONAL_LEVELS)[number];

/** Ratios are bounded so that every product against bounded fen stays an exact integer. */
const RatioSchema = z.object({
  num: z.int({ error: '倍数的分子应为整数' }).min(1, { error: '倍数的分子至少为1' }).max(1000, { error: '倍数的分子不能超过1000' }),
  den: z.int({ error: '倍数的分母应为整数' }).min(1, { error: '倍数的分母至少为1' }).max(1000, { error: '倍数的分母不能超过1000' }),
});

const IsoDateSchema = z.string().refine(isIsoDate, { error: '日期应为有效的“年-月-日”，如 2026-03-02' });

/**
 * One version of a level's criteria, as a process admin configures it. Example: a city that
 * files households with per-capita income up to 2 × dibao when they have a hardship cause:
 * `{ level: 'city', version: 1, validFrom: '2019-01-01', title: '…', perCapitaCeiling: { base:
 * 'dibao', multiple: { num: 2, den: 1 }, inclusive: true }, requireHardshipCause: true,
 * netOfExpensesCeiling: null, acceptsNationalCriteria: true }`.
 */
export const LevelRuleSetSchema = z.object({
  level: z.enum(SUB_NATIONAL_LEVELS, { error: '级别应为省级、市级、县（区）级或基层级' }),
  version: z.int({ error: '版本号应为整数' }).min(1, { error: '版本号至少为1' }),
  /** The set applies from this day until a later version of the same level takes effect. */
  validFrom: IsoDateSchema,
  /** Name of the issuing document, shown in the reasons, e.g. '泸州市市级困难职工建档标准（试行）'. */
  title: z.string().trim().min(1, { error: '请填写标准名称' }).max(200, { error: '标准名称过长' }),
  /** Per-capita monthly income must be below (or at, when inclusive) multiple × the base standard. */
  perCapitaCeiling: z.object({
    base: z.enum(['dibao', 'lowIncomeLine'], { error: '基准应为低保标准或低收入标准' }),
    multiple: RatioSchema,
    inclusive: z.boolean(),
  }),
  /** Require a hardship cause: a special cause (illness, schooling…) or an emergency that counts. */
  requireHardshipCause: z.boolean(),
  /**
   * Optional 收入支出差额 test (seed 一(三)3): (disposable − expenses of the hardship causes)
   * ≤ multiple × dibao × 12 × size. null: no such test.
   */
  netOfExpensesCeiling: RatioSchema.nullable(),
  /** A household meeting the national criteria also meets this level (usual: lower levels are wider). */
  acceptsNationalCriteria: z.boolean().default(true),
});
export type LevelRuleSet = z.infer<typeof LevelRuleSetSchema>;

export const LevelRuleSetsSchema = z.array(LevelRuleSetSchema).superRefine((sets, ctx) => {
  const seen = new Set<string>();
  sets.forEach((s, i) => {
    const key = `${s.level}#${s.version}`;
    if (seen.has(key)) {
      ctx.addIssue({ code: 'custom', path: [i, 'version'], message: `${LEVEL_LABELS[s.level]}标准第${s.version}版重复` });
    }
    seen.add(key);
  });
});

export type LevelVerdict = {
  level: Level;
  qualifies: boolean;
  /** The rule set that decided; null for national (published criteria) and for unconfigured levels. */
  ruleSet: { version: number; validFrom: string; title: string } | null;
  /** zh-CN sentences an official can read to the family. */
  reasons: string[];
};

export type LevelQualification = {
  /** Levels the household qualifies for, highest first; the filing union picks one. */
  levels: Level[];
  /** One verdict per level, in LEVELS order. */
  verdicts: LevelVerdict[];
  /** Exclusions refuse every level. */
  exclusions: ExclusionId[];
};

/**
 * The rule set of `level` in force on `on` (YYYY-MM-DD): the latest `validFrom` ≤ `on`, the
 * higher version on a tie. Without `on`, the highest version.
 */
export function ruleSetInForce(ruleSets: LevelRuleSet[], level: SubNationalLevel, on?: string): LevelRuleSet | null {
  let best: LevelRuleSet | null = null;
  for (const s of ruleSets) {
    if (s.level !== level) continue;
    if (on !== undefined && s.validFrom > on) continue;
    if (best === null) best = s;
    else if (on === undefined ? s.version > best.version : s.validFrom > best.validFrom || (s.validFrom === best.validFrom && s.version > best.version)) best = s;
  }
  return best;
}

function formatMultiple({ num, den }: Ratio): string {
  if (num % den === 0) return `${num / den}倍`;
  if ((num * 100) % den === 0) return `${String((num * 100) / den / 100)}倍`;
  return `${num}/${den}倍`;
}

function judgeRuleSet(
  set: LevelRuleSet,
  facts: HouseholdFacts,
  standards: Standards,
  nationalCriteria: string[],
): { qualifies: boolean; reasons: string[] } {
  const reasons: string[] = [];
  const nationalAccepted = set.acceptsNationalCriteria && nationalCriteria.length > 0;
  if (nationalAccepted) {
    reasons.push(`符合全国级建档条件${nationalCriteria.join('、')}，本级标准同样认可`);
  }

  const size = facts.householdSize;
  const disposable = disposableAnnualIncome(facts);
  const { base, multiple, inclusive } = set.perCapitaCeiling;
  const baseAmount = base === 'dibao' ? standards.dibao : lowIncomeLineOf(standards);
  // disposable / (12·size) ≤ base × num / den  ⇔  disposable × den ≤ num × base × 12 × size
  const lhs = disposable * multiple.den;
  const rhs = multiple.num * baseAmount * 12 * size;
  const withinCeiling = inclusive ? lhs <= rhs : lhs < rhs;
  const baseName = base === 'dibao' ? '低保标准' : '低收入标准';
  const ceilingText = `${baseName}${formatYuan(baseAmount)}的${formatMultiple(multiple)}（约${formatYuan(applyRatio(baseAmount, multiple))}）`;
  const perCapitaText = `家庭年可支配收入${formatYuan(disposable)}，${size}人`;
  reasons.push(
    withinCeiling
      ? `人均月收入${inclusive ? '不超过' : '低于'}${ceilingText}（${perCapitaText}）`
      : `人均月收入${inclusive ? '超过' : '不低于'}${ceilingText}（${perCapitaText}）`,
  );

  const e = facts.emergency;
  const emergencyCounts = e !== null && !(e.kind === 'accident' && e.compensationReceived);
  const hasCause = facts.specialCause !== null || emergencyCounts;
  if (set.requireHardshipCause) {
    reasons.push(hasCause ? '有本级标准认可的致困原因' : '本级标准要求有致困原因（患病、子女上学、残疾、单亲、突发事件等），该户没有');
  }

  let netOk = true;
  if (set.netOfExpensesCeiling !== null) {
    const expenses = (facts.specialCause !== null ? facts.annualNecessaryExpenses : 0) + (emergencyCounts && e !== null ? e.expenses : 0);
    const net = disposable - expenses;
    const m = set.netOfExpensesCeiling;
    netOk = net * m.den <= m.num * standards.dibao * 12 * size;
    reasons.push(
      `扣除致困支出${formatYuan(expenses)}后家庭年可支配收入为${formatYuan(net)}，${netOk ? '不高于' : '高于'}低保标准${formatMultiple(m)}的家庭年标准`,
    );
  }

  const ownCriteria = withinCeiling && (!set.requireHardshipCause || hasCause) && netOk;
  return { qualifies: nationalAccepted || ownCriteria, reasons };
}

/**
 * Every level the household qualifies for, with why. National = `evaluateEligibility` eligible;
 * each lower level is judged on its rule set in force on `options.on` (see `ruleSetInForce`).
 * Exclusions (seed 一(三)4) refuse every level. Inputs are validated (throws `ZodError`).
 */
export function qualifyingLevels(
  facts: unknown,
  standards: unknown,
  ruleSets: unknown,
  options: { on?: string } = {},
): LevelQualification {
  const f = HouseholdFactsSchema.parse(facts);
  const s = StandardsSchema.parse(standards);
  const sets = LevelRuleSetsSchema.parse(ruleSets);
  if (options.on !== undefined && !isIsoDate(options.on)) throw new RangeError('日期应为有效的“年-月-日”，如 2026-03-02');

  const national = evaluateParsed(f, s);
  const nationalCriteria = national.criteria.map((id) => `“${RULE_LABELS[id]}”`);
  const excluded = national.exclusions.map((id) => `存在“${EXCLUSION_LABELS[id]}”的情形，各级均不予建档`);

  const verdicts: LevelVerdict[] = LEVELS.map((level) => {
    if (level === 'national') {
      const reasons = national.eligible
        ? [`符合全国级建档条件${nationalCriteria.join('、')}`]
        : national.exclusions.length > 0
          ? excluded
          : ['不符合全国级任何一项建档条件'];
      return { level, qualifies: national.eligible, ruleSet: null, reasons };
    }
    const set = ruleSetInForce(sets, level, options.on);
    if (set === null) {
      return { level, qualifies: false, ruleSet: null, reasons: [`${LEVEL_LABELS[level]}建档标准尚未配置或尚未生效`] };
    }
    const ruleSet = { version: set.version, validFrom: set.validFrom, title: set.title };
    const judged = judgeRuleSet(set, f, s, national.criteria.length > 0 ? nationalCriteria : []);
    if (national.exclusions.length > 0) return { level, qualifies: false, ruleSet, reasons: [...excluded, ...judged.reasons] };
    const verdict = judged.qualifies ? `符合${set.title}（第${set.version}版）` : `不符合${set.title}（第${set.version}版）`;
    return { level, qualifies: judged.qualifies, ruleSet, reasons: [verdict, ...judged.reasons] };
  });

  return {
    levels: verdicts.filter((v) => v.qualifies).map((v) => v.level),
    verdicts,
    exclusions: national.exclusions,
  };
}
