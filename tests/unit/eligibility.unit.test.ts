import { describe, it, expect } from 'vitest';
import { ZodError } from 'zod';
import {
  EXCLUSION_IDS,
  RULE_IDS,
  evaluateEligibility,
  evaluateParsed,
  lowIncomeLineOf,
  summarize,
  type EligibilityResult,
  type ExclusionId,
  type RuleId,
} from '../../workers/eligibility';
import { ANNUAL_DIBAO_LINE, DIBAO, household, poorHousehold } from './households';

const standards = { dibao: DIBAO };

function check(result: EligibilityResult, id: RuleId | ExclusionId) {
  const found = result.checks.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no check ${id}`);
  return found;
}

describe('disposable and per-capita income (seed 一(三)2)', () => {
  it('subtracts tax and social insurance from all four kinds of income', () => {
    // 2 000 000 + 500 000 + 100 000 + 840 000 − 100 000 − 100 000 = 3 240 000 = the dibao line
    const atLine = household({
      annualIncome: { wages: 2_000_000, business: 500_000, property: 100_000, transfer: 840_000 },
      annualIncomeTax: 100_000,
      annualSocialInsurance: 100_000,
      monthsBelowDibao: 6,
    });
    const r = evaluateEligibility(atLine, standards);
    expect(r.perCapitaMonthlyIncome).toBe(90_000);
    expect(check(r, 'BELOW_DIBAO_NO_AID').figures.disposableAnnual).toBe(3_240_000);
    expect(r.criteria).not.toContain('BELOW_DIBAO_NO_AID');

    const oneFenLess = evaluateEligibility({ ...atLine, annualSocialInsurance: 100_001 }, standards);
    expect(check(oneFenLess, 'BELOW_DIBAO_NO_AID').figures.disposableAnnual).toBe(3_239_999);
    expect(oneFenLess.criteria).toContain('BELOW_DIBAO_NO_AID');
  });

  it.each([
    // [annual wages, tax, size, expected per-capita fen]
    [3_000_000, 0, 3, 83_333], // 83 333.33
    [3_239_999, 0, 3, 90_000], // 89 999.97
    [18, 0, 1, 2], // 1.5 → 2
    [17, 0, 1, 1], // 1.4166…
    [6, 0, 1, 1], // 0.5 → 1
    [5, 0, 1, 0], // 0.4166…
    [0, 18, 1, -2], // −1.5 → −2 (half away from zero)
    [0, 17, 1, -1],
    [0, 6, 1, -1], // −0.5 → −1
    [0, 5, 1, 0], // −0.4166… → 0, not −0
    [1_000_000, 0, 7, 11_905], // 11 904.76
  ])('wages %i, tax %i, %i people → %i fen a month each', (wages, tax, size, expected) => {
    const r = evaluateEligibility(household({ householdSize: size, annualIncomeTax: tax }, wages), standards);
    expect(Object.is(r.perCapitaMonthlyIncome, expected)).toBe(true);
  });
});

describe('BELOW_DIBAO_NO_AID', () => {
  it.each([
    ['one fen below the line', ANNUAL_DIBAO_LINE - 1, 6, false, true],
    ['exactly at the line', ANNUAL_DIBAO_LINE, 6, false, false],
    ['one fen above the line', ANNUAL_DIBAO_LINE + 1, 6, false, false],
    ['7 months below', ANNUAL_DIBAO_LINE - 1, 7, false, true],
    ['only 5 months below', ANNUAL_DIBAO_LINE - 1, 5, false, false],
    ['receives government aid', ANNUAL_DIBAO_LINE - 1, 12, true, false],
  ])('%s', (_name, disposable, months, aid, expected) => {
    const r = evaluateEligibility(
      household({ monthsBelowDibao: months, receivesGovernmentAid: aid }, disposable),
      standards,
    );
    expect(check(r, 'BELOW_DIBAO_NO_AID').passed).toBe(expected);
    expect(r.criteria.includes('BELOW_DIBAO_NO_AID')).toBe(expected);
    expect(r.eligible).toBe(expected);
  });

  it('explains with the exact annual comparison, in yuan', () => {
    const c = check(evaluateEligibility(household({ monthsBelowDibao: 6 }, ANNUAL_DIBAO_LINE - 1), standards), 'BELOW_DIBAO_NO_AID');
    expect(c.figures).toEqual({
      disposableAnnual: 3_239_999,
      perCapitaMonthly: 90_000,
      dibao: 90_000,
      annualDibaoLine: 3_240_000,
      householdSize: 3,
      monthsBelowDibao: 6,
    });
    expect(c.explanation).toBe(
      '符合“连续6个月以上人均收入低于低保标准且未经政府救助”：人均月收入¥900.00低于低保标准¥900.00' +
        '（家庭年可支配收入¥32,399.99低于¥900.00×12个月×3人=¥32,400.00）；已连续6个月低于低保标准（须6个月以上）；未享受政府救助。',
    );
  });

  it('says which condition failed', () => {
    const c = check(evaluateEligibility(household({ monthsBelowDibao: 5, receivesGovernmentAid: true }, ANNUAL_DIBAO_LINE), standards), 'BELOW_DIBAO_NO_AID');
    expect(c.explanation.startsWith('不符合')).toBe(true);
    expect(c.explanation).toContain('家庭年可支配收入¥32,400.00不低于¥900.00×12个月×3人=¥32,400.00');
    expect(c.explanation).toContain('连续低于低保标准5个月，不足6个月');
    expect(c.explanation).toContain('已享受政府救助');
  });
});

describe('DIBAO_HOUSEHOLD_STILL_POOR', () => {
  it.each([
    ['one fen below the line', true, ANNUAL_DIBAO_LINE - 1, true],
    ['exactly at the line', true, ANNUAL_DIBAO_LINE, false],
    ['one fen above the line', true, ANNUAL_DIBAO_LINE + 1, false],
    ['not a recognised 低保户', false, ANNUAL_DIBAO_LINE - 1, false],
  ])('%s', (_name, isDibaoHousehold, disposable, expected) => {
    // A 低保户 receives aid, which is transfer income; BELOW_DIBAO_NO_AID cannot apply.
    const facts = household({ isDibaoHousehold, receivesGovernmentAid: true, monthsBelowDibao: 12 }, 0);
    facts.annualIncome.transfer = disposable;
    const r = evaluateEligibility(facts, standards);
    expect(check(r, 'DIBAO_HOUSEHOLD_STILL_POOR').passed).toBe(expected);
    expect(r.criteria).toEqual(expected ? ['DIBAO_HOUSEHOLD_STILL_POOR'] : []);
  });
});

describe('LOW_INCOME_SPECIAL_EXPENSE', () => {
  // Default low-income line: 1.5 × 90 000 = 135 000 a month, 135 000 × 36 = 4 860 000 a year.
  const withCause = (disposable: number, expenses = 5_000_000) =>
    household({ specialCause: 'illness', annualNecessaryExpenses: expenses }, disposable);

  it.each([
    ['one fen below dibao', ANNUAL_DIBAO_LINE - 1, false],
    ['exactly at dibao', ANNUAL_DIBAO_LINE, true],
    ['one fen above dibao', ANNUAL_DIBAO_LINE + 1, true],
    ['one fen below the low-income line', 4_859_999, true],
    ['exactly at the low-income line', 4_860_000, true],
    ['one fen above the low-income line', 4_860_001, false],
  ])('per-capita band: %s', (_name, disposable, expected) => {
    expect(check(evaluateEligibility(withCause(disposable), standards), 'LOW_INCOME_SPECIAL_EXPENSE').passed).toBe(expected);
  });

  it.each([
    // disposable 4 000 000 − expenses ≤ 3 240 000 ⇔ expenses ≥ 760 000
    ['net exactly at the dibao line', 760_000, true],
    ['net one fen above', 759_999, false],
    ['net one fen below', 760_001, true],
  ])('income minus necessary expenses: %s', (_name, expenses, expected) => {
    const c = check(evaluateEligibility(withCause(4_000_000, expenses), standards), 'LOW_INCOME_SPECIAL_EXPENSE');
    expect(c.passed).toBe(expected);
    expect(c.figures.disposableAfterExpensesAnnual).toBe(4_000_000 - expenses);
  });

  it('needs a special cause', () => {
    const r = evaluateEligibility(household({ specialCause: null, annualNecessaryExpenses: 5_000_000 }, 4_000_000), standards);
    expect(check(r, 'LOW_INCOME_SPECIAL_EXPENSE').passed).toBe(false);
    expect(check(r, 'LOW_INCOME_SPECIAL_EXPENSE').explanation).toContain('无患病、子女上学、残疾、单亲或其他特殊致困原因');
  });

  it.each(['illness', 'schooling', 'disability', 'single_parent', 'other'] as const)('accepts the cause %s', (cause) => {
    const r = evaluateEligibility(household({ specialCause: cause, annualNecessaryExpenses: 760_000 }, 4_000_000), standards);
    expect(r.criteria).toEqual(['LOW_INCOME_SPECIAL_EXPENSE']);
    expect(r.eligible).toBe(true);
  });

  it('uses a configured low-income line instead of 1.5 × dibao', () => {
    // 120 000 × 36 = 4 320 000
    const configured = { dibao: DIBAO, lowIncomeLine: 120_000 };
    expect(check(evaluateEligibility(withCause(4_320_000), configured), 'LOW_INCOME_SPECIAL_EXPENSE').passed).toBe(true);
    const above = check(evaluateEligibility(withCause(4_320_001), configured), 'LOW_INCOME_SPECIAL_EXPENSE');
    expect(above.passed).toBe(false);
    expect(above.figures.lowIncomeLine).toBe(120_000);
    expect(above.figures.annualLowIncomeLine).toBe(4_320_000);
    expect(above.explanation).toContain('高于低收入标准¥1,200.00');
  });

  it('defaults the low-income line to 1.5 × dibao rounded half up to a fen', () => {
    expect(lowIncomeLineOf({ dibao: 90_000 })).toBe(135_000);
    expect(lowIncomeLineOf({ dibao: 90_001 })).toBe(135_002); // 135 001.5
    expect(lowIncomeLineOf({ dibao: 1 })).toBe(2); // 1.5
    expect(lowIncomeLineOf({ dibao: 2 })).toBe(3);
    expect(lowIncomeLineOf({ dibao: 90_000, lowIncomeLine: 100_000 })).toBe(100_000);
    const c = check(evaluateEligibility(withCause(4_000_000), standards), 'LOW_INCOME_SPECIAL_EXPENSE');
    expect(c.figures.lowIncomeLine).toBe(135_000);
    expect(c.explanation).toContain('低收入标准¥1,350.00（未设定，按低保标准上浮50%计）');
  });
});

describe('EMERGENCY_HARDSHIP', () => {
  // 3 × 90 000 = 270 000 a month; 270 000 × 36 = 9 720 000 a year.
  const hit = (disposable: number, emergency: NonNullable<ReturnType<typeof household>['emergency']>) =>
    household({ emergency }, disposable);
  const illness = { kind: 'major_illness' as const, expenses: 10_000_000, compensationReceived: false };

  it.each([
    ['one fen below 3 × dibao', 9_719_999, true],
    ['exactly 3 × dibao (inclusive)', 9_720_000, true],
    ['one fen above 3 × dibao', 9_720_001, false],
  ])('ceiling: %s', (_name, disposable, expected) => {
    expect(check(evaluateEligibility(hit(disposable, illness), standards), 'EMERGENCY_HARDSHIP').passed).toBe(expected);
  });

  it.each([
    // 5 000 000 − expenses ≤ 3 240 000 ⇔ expenses ≥ 1 760 000
    ['net exactly at the dibao line', 1_760_000, true],
    ['net one fen above', 1_759_999, false],
    ['net one fen below', 1_760_001, true],
  ])('income minus emergency expenses: %s', (_name, expenses, expected) => {
    const c = check(evaluateEligibility(hit(5_000_000, { ...illness, expenses }), standards), 'EMERGENCY_HARDSHIP');
    expect(c.passed).toBe(expected);
    expect(c.figures.emergencyExpensesAnnual).toBe(expenses);
    expect(c.figures.disposableAfterExpensesAnnual).toBe(5_000_000 - expenses);
  });

  it.each([
    ['accident, compensation not received in time', 'accident', false, true],
    ['accident, compensation received', 'accident', true, false],
    ['major illness, even when insurance paid', 'major_illness', true, true],
    ['disaster', 'disaster', false, true],
  ] as const)('%s', (_name, kind, compensationReceived, expected) => {
    const r = evaluateEligibility(hit(5_000_000, { kind, expenses: 2_000_000, compensationReceived }), standards);
    expect(check(r, 'EMERGENCY_HARDSHIP').passed).toBe(expected);
  });

  it('needs an emergency', () => {
    const r = evaluateEligibility(household({}, 1_000_000), standards);
    expect(check(r, 'EMERGENCY_HARDSHIP').passed).toBe(false);
    expect(check(r, 'EMERGENCY_HARDSHIP').explanation).toContain('未遭受突发事件');
  });

  it('explains the ceiling in yuan', () => {
    const c = check(evaluateEligibility(hit(9_720_001, illness), standards), 'EMERGENCY_HARDSHIP');
    expect(c.explanation).toContain('超过低保标准3倍¥2,700.00（家庭年可支配收入¥97,200.01高于¥2,700.00×12个月×3人=¥97,200.00）');
  });
});

describe('MIGRANT_WORKER', () => {
  it('a migrant worker who is a union member and meets a rule', () => {
    const r = evaluateEligibility(poorHousehold({ isMigrantWorker: true, isUnionMember: true }), standards);
    expect(r.criteria).toEqual(['BELOW_DIBAO_NO_AID', 'MIGRANT_WORKER']);
    expect(r.exclusions).toEqual([]);
    expect(r.eligible).toBe(true);
  });

  it('a migrant worker who is a member but meets no rule', () => {
    const r = evaluateEligibility(household({ isMigrantWorker: true, isUnionMember: true }, ANNUAL_DIBAO_LINE * 4), standards);
    expect(r.criteria).toEqual([]);
    expect(check(r, 'MIGRANT_WORKER').explanation).toContain('不符合上述任何一项条件');
    expect(r.eligible).toBe(false);
  });

  it('a migrant worker who is not a union member is refused', () => {
    const r = evaluateEligibility(poorHousehold({ isMigrantWorker: true, isUnionMember: false }), standards);
    expect(r.criteria).toEqual(['BELOW_DIBAO_NO_AID']);
    expect(r.exclusions).toEqual(['NOT_UNION_MEMBER']);
    expect(r.eligible).toBe(false);
    expect(check(r, 'NOT_UNION_MEMBER').passed).toBe(false);
  });

  it('a local worker needs no union membership', () => {
    const r = evaluateEligibility(poorHousehold({ isMigrantWorker: false, isUnionMember: false }), standards);
    expect(r.criteria).toEqual(['BELOW_DIBAO_NO_AID']);
    expect(r.exclusions).toEqual([]);
    expect(r.eligible).toBe(true);
    expect(check(r, 'MIGRANT_WORKER').passed).toBe(false);
  });
});

describe('exclusions (seed 一(三)4)', () => {
  it.each([
    ['OWNS_TWO_HOMES', { homesOwned: 2 }],
    ['OWNS_SHOP_OR_EMPLOYS', { ownsShopOrEmploys: true }],
    ['PRIVATE_SCHOOL_OR_ABROAD', { childPrivateSchoolOrAbroad: true }],
    ['USES_VEHICLE_OR_MACHINERY', { usesVehicleOrMachinery: true }],
    ['REFUSED_INVESTIGATION', { refusedInvestigation: true }],
    ['BLACKLISTED', { blacklisted: true }],
    ['NOT_UNION_MEMBER', { isMigrantWorker: true, isUnionMember: false }],
  ] as const)('%s refuses a household that meets a criterion', (id, overrides) => {
    const r = evaluateEligibility(poorHousehold(overrides), standards);
    expect(r.exclusions).toEqual([id]);
    expect(r.criteria).toContain('BELOW_DIBAO_NO_AID');
    expect(r.eligible).toBe(false);
    const c = check(r, id);
    expect(c.kind).toBe('exclusion');
    expect(c.passed).toBe(false);
    expect(c.explanation).toContain('不予建档');
  });

  it.each([
    [0, false],
    [1, false],
    [2, true],
    [3, true],
  ])('%i homes → excluded: %s', (homesOwned, excluded) => {
    const r = evaluateEligibility(poorHousehold({ homesOwned }), standards);
    expect(r.exclusions.includes('OWNS_TWO_HOMES')).toBe(excluded);
    expect(check(r, 'OWNS_TWO_HOMES').figures).toEqual({ homesOwned, homesLimit: 2 });
  });

  it('lists several exclusions at once, in the fixed order', () => {
    const r = evaluateEligibility(
      poorHousehold({ blacklisted: true, homesOwned: 3, refusedInvestigation: true, isMigrantWorker: true }),
      standards,
    );
    expect(r.exclusions).toEqual(['OWNS_TWO_HOMES', 'REFUSED_INVESTIGATION', 'BLACKLISTED', 'NOT_UNION_MEMBER']);
    expect(r.eligible).toBe(false);
  });

  it('a household with an exclusion and no criterion', () => {
    const r = evaluateEligibility(household({ ownsShopOrEmploys: true }, ANNUAL_DIBAO_LINE * 4), standards);
    expect(r).toMatchObject({ eligible: false, criteria: [], exclusions: ['OWNS_SHOP_OR_EMPLOYS'] });
  });
});

describe('result shape', () => {
  it('has one check per rule and per exclusion, rules first, always in the same order', () => {
    const r = evaluateEligibility(household(), standards);
    expect(r.checks.map((c) => c.id)).toEqual([
      'BELOW_DIBAO_NO_AID',
      'DIBAO_HOUSEHOLD_STILL_POOR',
      'LOW_INCOME_SPECIAL_EXPENSE',
      'EMERGENCY_HARDSHIP',
      'MIGRANT_WORKER',
      'OWNS_TWO_HOMES',
      'OWNS_SHOP_OR_EMPLOYS',
      'PRIVATE_SCHOOL_OR_ABROAD',
      'USES_VEHICLE_OR_MACHINERY',
      'REFUSED_INVESTIGATION',
      'BLACKLISTED',
      'NOT_UNION_MEMBER',
    ]);
    expect(r.checks.map((c) => c.kind)).toEqual([...RULE_IDS.map(() => 'rule'), ...EXCLUSION_IDS.map(() => 'exclusion')]);
    for (const c of r.checks) {
      expect(c.explanation).toMatch(/[\u4e00-\u9fff]/);
      for (const v of Object.values(c.figures)) expect(Number.isInteger(v)).toBe(true);
    }
  });

  it('lists every criterion that holds', () => {
    // A 低保户 below dibao with an illness: below dibao and still poor and an emergency.
    const facts = poorHousehold({
      isDibaoHousehold: true,
      emergency: { kind: 'major_illness', expenses: 0, compensationReceived: false },
    });
    const r = evaluateEligibility(facts, standards);
    expect(r.criteria).toEqual(['BELOW_DIBAO_NO_AID', 'DIBAO_HOUSEHOLD_STILL_POOR', 'EMERGENCY_HARDSHIP']);
  });

  it('the fast path gives the same result for validated input', () => {
    const facts = poorHousehold({ specialCause: 'schooling' });
    expect(evaluateParsed(facts, standards)).toEqual(evaluateEligibility(facts, standards));
  });

  it('ignores unknown extra fields instead of echoing them', () => {
    const r = evaluateEligibility({ ...poorHousehold(), note: '多余字段' }, standards);
    expect(r.eligible).toBe(true);
  });

  it('summarises the decision in one sentence', () => {
    expect(summarize(evaluateEligibility(poorHousehold(), standards))).toBe(
      '符合全国级困难职工建档条件：“连续6个月以上人均收入低于低保标准且未经政府救助”。',
    );
    expect(summarize(evaluateEligibility(poorHousehold({ blacklisted: true }), standards))).toBe(
      '不予建档：存在“已列入建档黑名单”的情形（虽符合“连续6个月以上人均收入低于低保标准且未经政府救助”）。',
    );
    expect(summarize(evaluateEligibility(household({}, ANNUAL_DIBAO_LINE * 4), standards))).toBe(
      '不符合全国级困难职工建档条件：家庭收入与致困情况不满足任何一项建档条件。',
    );
  });
});

describe('invalid input throws ZodError', () => {
  const valid = poorHousehold();
  it.each([
    ['non-integer fen', { ...valid, annualIncomeTax: 1.5 }],
    ['negative fen', { ...valid, annualSocialInsurance: -1 }],
    ['negative wages', { ...valid, annualIncome: { ...valid.annualIncome, wages: -100 } }],
    ['fen as a string', { ...valid, annualNecessaryExpenses: '100' }],
    ['NaN', { ...valid, annualNecessaryExpenses: Number.NaN }],
    ['Infinity', { ...valid, annualIncomeTax: Number.POSITIVE_INFINITY }],
    ['amount beyond the bound', { ...valid, annualIncomeTax: 1_000_000_000_001 }],
    ['household size 0', { ...valid, householdSize: 0 }],
    ['household size 2.5', { ...valid, householdSize: 2.5 }],
    ['household size 100', { ...valid, householdSize: 100 }],
    ['unknown cause', { ...valid, specialCause: 'gambling' }],
    ['missing cause (must be null)', { ...valid, specialCause: undefined }],
    ['unknown emergency kind', { ...valid, emergency: { kind: 'flood', expenses: 0, compensationReceived: false } }],
    ['negative months', { ...valid, monthsBelowDibao: -1 }],
    ['negative homes', { ...valid, homesOwned: -1 }],
    ['boolean as a string', { ...valid, blacklisted: 'false' }],
    ['missing field', (({ blacklisted: _b, ...rest }) => rest)(valid)],
    ['not an object', null],
  ])('facts: %s', (_name, facts) => {
    expect(() => evaluateEligibility(facts, standards)).toThrow(ZodError);
  });

  it.each([
    ['dibao 0', { dibao: 0 }],
    ['negative dibao', { dibao: -90_000 }],
    ['dibao in yuan with decimals', { dibao: 900.5 }],
    ['low-income line below dibao', { dibao: 90_000, lowIncomeLine: 89_999 }],
    ['missing dibao', { lowIncomeLine: 135_000 }],
  ])('standards: %s', (_name, s) => {
    expect(() => evaluateEligibility(valid, s)).toThrow(ZodError);
  });

  it('reports the problem in Chinese', () => {
    const issues = (input: unknown, s: unknown) => {
      try {
        evaluateEligibility(input, s);
      } catch (e) {
        if (e instanceof ZodError) return e.issues.map((i) => i.message);
      }
      return [];
    };
    expect(issues({ ...valid, householdSize: 0 }, standards)).toEqual(['家庭人口不能小于1']);
    expect(issues({ ...valid, annualIncomeTax: 1.5 }, standards)).toEqual(['所得税应为以分计的整数']);
    expect(issues(valid, { dibao: 90_000, lowIncomeLine: 1 })).toEqual(['低收入标准不得低于低保标准']);
  });

  it('accepts the lower bound of each field', () => {
    expect(() => evaluateEligibility(household({ householdSize: 1 }, 0), { dibao: 1, lowIncomeLine: 1 })).not.toThrow();
  });
});
