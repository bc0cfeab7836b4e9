import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ZodError } from 'zod';
import { LevelRuleSetSchema, qualifyingLevels, ruleSetInForce, type LevelRuleSet } from '../../workers/levels';
import { ANNUAL_DIBAO_LINE, DIBAO, household, poorHousehold } from './households';

const standards = { dibao: DIBAO };

// Figures for 3 people at dibao ¥900: 2 × dibao a year = 6 480 000; 9/5 × dibao = 5 832 000;
// low-income line 135 000 × 36 = 4 860 000; 3 × dibao = 9 720 000.
const city: LevelRuleSet = {
  level: 'city',
  version: 1,
  validFrom: '2019-01-01',
  title: '泸州市市级困难职工建档标准（试行）',
  perCapitaCeiling: { base: 'dibao', multiple: { num: 2, den: 1 }, inclusive: true },
  requireHardshipCause: true,
  netOfExpensesCeiling: null,
  acceptsNationalCriteria: true,
};
const countyV1: LevelRuleSet = {
  level: 'county',
  version: 1,
  validFrom: '2019-01-01',
  title: '江阳区区级困难职工建档标准',
  perCapitaCeiling: { base: 'lowIncomeLine', multiple: { num: 1, den: 1 }, inclusive: true },
  requireHardshipCause: false,
  netOfExpensesCeiling: null,
  acceptsNationalCriteria: true,
};
const countyV2: LevelRuleSet = {
  ...countyV1,
  version: 2,
  validFrom: '2021-01-01',
  title: '江阳区区级困难职工建档标准（2021年修订）',
  perCapitaCeiling: { base: 'dibao', multiple: { num: 9, den: 5 }, inclusive: false },
};
const grassroots: LevelRuleSet = {
  level: 'grassroots',
  version: 1,
  validFrom: '2019-01-01',
  title: '基层工会困难职工建档标准',
  perCapitaCeiling: { base: 'dibao', multiple: { num: 3, den: 1 }, inclusive: true },
  requireHardshipCause: true,
  netOfExpensesCeiling: { num: 3, den: 2 },
  acceptsNationalCriteria: true,
};
const ruleSets = [city, countyV1, countyV2, grassroots];
const on2022 = { on: '2022-06-01' };

/** Per-capita exactly 2 × dibao, ill, with necessary expenses: meets no national rule. */
const twiceDibaoIll = (disposable = 6_480_000, expenses = 0) =>
  household({ specialCause: 'illness', annualNecessaryExpenses: expenses }, disposable);

describe('qualifyingLevels', () => {
  it('a household filed by the city up to 2 × dibao, not nationally', () => {
    const r = qualifyingLevels(twiceDibaoIll(), standards, ruleSets, on2022);
    expect(r.levels).toEqual(['city']);
    const v = r.verdicts.find((x) => x.level === 'city');
    expect(v?.ruleSet).toEqual({ version: 1, validFrom: '2019-01-01', title: '泸州市市级困难职工建档标准（试行）' });
    expect(v?.reasons[0]).toBe('符合泸州市市级困难职工建档标准（试行）（第1版）');
    expect(v?.reasons).toContain('人均月收入不超过低保标准¥900.00的2倍（约¥1,800.00）（家庭年可支配收入¥64,800.00，3人）');
  });

  it.each([
    ['at 2 × dibao', 6_480_000, true],
    ['one fen below', 6_479_999, true],
    ['one fen above', 6_480_001, false],
  ])('city ceiling (inclusive) %s', (_name, disposable, expected) => {
    expect(qualifyingLevels(twiceDibaoIll(disposable), standards, ruleSets, on2022).levels.includes('city')).toBe(expected);
  });

  it('the city requires a hardship cause', () => {
    const r = qualifyingLevels(household({}, 6_000_000), standards, ruleSets, on2022);
    expect(r.levels).toEqual([]);
    expect(r.verdicts.find((v) => v.level === 'city')?.reasons).toContain(
      '本级标准要求有致困原因（患病、子女上学、残疾、单亲、突发事件等），该户没有',
    );
  });

  it('an accident already compensated is no hardship cause', () => {
    const compensated = household({ emergency: { kind: 'accident', expenses: 0, compensationReceived: true } }, 6_000_000);
    expect(qualifyingLevels(compensated, standards, ruleSets, on2022).levels).toEqual([]);
    const notYet = household({ emergency: { kind: 'accident', expenses: 0, compensationReceived: false } }, 6_000_000);
    expect(qualifyingLevels(notYet, standards, ruleSets, on2022).levels).toEqual(['city']);
  });

  it.each([
    // (6 480 000 − expenses) × 2 ≤ 3 × 90 000 × 36 = 9 720 000 ⇔ expenses ≥ 1 620 000
    ['net at the ceiling', 1_620_000, true],
    ['net one fen above', 1_619_999, false],
    ['net one fen below', 1_620_001, true],
  ])('grassroots net-of-expenses test: %s', (_name, expenses, expected) => {
    const r = qualifyingLevels(twiceDibaoIll(6_480_000, expenses), standards, ruleSets, on2022);
    expect(r.levels.includes('grassroots')).toBe(expected);
    expect(r.levels.includes('city')).toBe(true);
  });

  it.each([
    // county v2: disposable × 5 < 9 × 90 000 × 36 ⇔ disposable < 5 832 000 (exclusive)
    ['one fen below 1.8 × dibao', 5_831_999, true],
    ['exactly 1.8 × dibao', 5_832_000, false],
  ])('county v2 ceiling (exclusive) %s', (_name, disposable, expected) => {
    const r = qualifyingLevels(household({}, disposable), standards, ruleSets, on2022);
    expect(r.levels.includes('county')).toBe(expected);
    expect(r.verdicts.find((v) => v.level === 'county')?.ruleSet?.version).toBe(2);
  });

  it('judges each level on the rule set in force on the day', () => {
    // 5 000 000: above county v1 (low-income line, 4 860 000), below county v2 (5 832 000).
    const facts = household({}, 5_000_000);
    const before = qualifyingLevels(facts, standards, ruleSets, { on: '2020-12-31' });
    expect(before.levels).toEqual([]);
    expect(before.verdicts.find((v) => v.level === 'county')?.ruleSet?.version).toBe(1);
    const after = qualifyingLevels(facts, standards, ruleSets, { on: '2021-01-01' });
    expect(after.levels).toEqual(['county']);
    expect(qualifyingLevels(facts, standards, ruleSets).levels).toEqual(['county']);
    const tooEarly = qualifyingLevels(facts, standards, ruleSets, { on: '2018-12-31' });
    expect(tooEarly.verdicts.find((v) => v.level === 'county')).toEqual({
      level: 'county',
      qualifies: false,
      ruleSet: null,
      reasons: ['县（区）级建档标准尚未配置或尚未生效'],
    });
  });

  it('a household meeting national criteria qualifies at every configured level that accepts them', () => {
    const r = qualifyingLevels(poorHousehold(), standards, ruleSets, on2022);
    expect(r.levels).toEqual(['national', 'city', 'county', 'grassroots']);
    expect(r.verdicts.map((v) => v.level)).toEqual(['national', 'provincial', 'city', 'county', 'grassroots']);
    expect(r.verdicts[1]).toMatchObject({ level: 'provincial', qualifies: false, ruleSet: null });
    expect(r.verdicts[0].reasons).toEqual(['符合全国级建档条件“连续6个月以上人均收入低于低保标准且未经政府救助”']);
  });

  it('a level that does not accept the national criteria judges on its own', () => {
    const strict = { ...city, version: 2, validFrom: '2022-01-01', acceptsNationalCriteria: false };
    const r = qualifyingLevels(poorHousehold(), standards, [...ruleSets, strict], on2022);
    expect(r.levels).toEqual(['national', 'county', 'grassroots']);
  });

  it('exclusions refuse every level', () => {
    const r = qualifyingLevels(poorHousehold({ homesOwned: 2 }), standards, ruleSets, on2022);
    expect(r.levels).toEqual([]);
    expect(r.exclusions).toEqual(['OWNS_TWO_HOMES']);
    for (const v of r.verdicts.filter((x) => x.ruleSet !== null || x.level === 'national')) {
      expect(v.qualifies).toBe(false);
      expect(v.reasons[0]).toBe('存在“拥有2套（含）以上住宅”的情形，各级均不予建档');
    }
    const migrant = qualifyingLevels(twiceDibaoIll(), standards, ruleSets, { ...on2022 });
    expect(migrant.levels).toEqual(['city']);
    expect(qualifyingLevels({ ...twiceDibaoIll(), isMigrantWorker: true }, standards, ruleSets, on2022).levels).toEqual([]);
  });

  it('does not depend on the order of the rule sets', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(ruleSets, { minLength: ruleSets.length }),
        fc.integer({ min: 0, max: 4 * ANNUAL_DIBAO_LINE }),
        fc.constantFrom(undefined, '2020-06-01', '2022-06-01'),
        (sets, disposable, on) => {
          const facts = twiceDibaoIll(disposable, 1_000_000);
          expect(qualifyingLevels(facts, standards, sets, { on })).toEqual(qualifyingLevels(facts, standards, ruleSets, { on }));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('LevelRuleSetSchema', () => {
  it('defaults acceptsNationalCriteria to true', () => {
    const { acceptsNationalCriteria: _omitted, ...rest } = city;
    expect(LevelRuleSetSchema.parse(rest).acceptsNationalCriteria).toBe(true);
  });

  it.each([
    ['national is not configurable', { ...city, level: 'national' }],
    ['zero denominator', { ...city, perCapitaCeiling: { ...city.perCapitaCeiling, multiple: { num: 2, den: 0 } } }],
    ['fractional multiple', { ...city, perCapitaCeiling: { ...city.perCapitaCeiling, multiple: { num: 1.5, den: 1 } } }],
    ['invalid date', { ...city, validFrom: '2019-02-30' }],
    ['unknown base', { ...city, perCapitaCeiling: { ...city.perCapitaCeiling, base: 'average_wage' } }],
    ['empty title', { ...city, title: '  ' }],
    ['version 0', { ...city, version: 0 }],
  ])('refuses %s', (_name, set) => {
    expect(() => qualifyingLevels(poorHousehold(), standards, [set])).toThrow(ZodError);
  });

  it('refuses two rule sets with the same level and version', () => {
    expect(() => qualifyingLevels(poorHousehold(), standards, [city, { ...city, validFrom: '2020-01-01' }])).toThrow(ZodError);
  });

  it('ruleSetInForce picks the latest validFrom on or before the day', () => {
    expect(ruleSetInForce(ruleSets, 'county', '2021-01-01')?.version).toBe(2);
    expect(ruleSetInForce(ruleSets, 'county', '2020-12-31')?.version).toBe(1);
    expect(ruleSetInForce(ruleSets, 'county', '2018-12-31')).toBeNull();
    expect(ruleSetInForce(ruleSets, 'provincial', '2022-01-01')).toBeNull();
  });
});
