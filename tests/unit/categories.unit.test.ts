import { describe, expect, it } from 'vitest';
import { CATEGORIES, classifyHousehold, countByCategory, type HouseholdCategoryFacts } from '../../workers/projects/categories';
import { HARDSHIP_CAUSES } from '../../api/applications/application.schema';
import { MEASURES, PROGRAMMES } from '../../api/tasks/task-forms';

/** 六个一批 (seed 二(一) 1–6): the documented mapping, row by row. */
describe('six categories per household', () => {
  const table: Array<[string, HouseholdCategoryFacts, string[]]> = [
    ['1 企业欠缴社会保险费', { mainCause: 'no_social_insurance' }, ['social_insurance']],
    ['1 社保待遇落实不到位', { mainCause: 'insurance_not_paid_out' }, ['social_insurance']],
    ['2 因病致困', { mainCause: 'major_illness' }, ['medical_insurance']],
    ['3 有劳动能力而未就业', { mainCause: 'unemployed_able' }, ['employment']],
    ['3 下岗失业，企业正常经营', { mainCause: 'laid_off', enterpriseStatus: '正常经营' }, ['employment']],
    ['4 家庭成员无劳动能力', { mainCause: 'no_work_capacity' }, ['social_assistance']],
    ['4 符合低保条件未获低保覆盖', { mainCause: 'schooling', criteria: ['BELOW_DIBAO_NO_AID'] }, ['social_assistance']],
    ['5 僵尸企业破产清算中下岗', { mainCause: 'laid_off', enterpriseStatus: '破产清算' }, ['employment', 'restructuring_resettlement']],
    ['5 去产能改制企业，有劳动能力未就业', { mainCause: 'unemployed_able', enterpriseStatus: '化解过剩产能，改制重组' }, ['employment', 'restructuring_resettlement']],
    ['5 企业状况不提职工本人失业则不算', { mainCause: 'major_illness', enterpriseStatus: '停产' }, ['medical_insurance']],
    ['6 遭受自然灾害', { mainCause: 'natural_disaster' }, ['disaster_relief']],
    ['6 遭受意外事故', { mainCause: 'accident' }, ['disaster_relief']],
    ['6 家人突发重大疾病，按突发事件建档', { mainCause: 'major_illness', criteria: ['EMERGENCY_HARDSHIP'] }, ['medical_insurance', 'disaster_relief']],
    ['次要原因也计入', { mainCause: 'major_illness', secondaryCauses: ['accident', 'no_social_insurance'] }, ['social_insurance', 'medical_insurance', 'disaster_relief']],
    ['三月帮扶计划的措施', { mainCause: 'schooling', measures: ['employment', 'medical_insurance', 'other'] }, ['medical_insurance', 'employment']],
    ['三月帮扶计划的项目', { mainCause: 'schooling', programmes: ['medical_mutual_aid', 'startup_aid', 'golden_autumn_education'] }, ['medical_insurance', 'employment']],
    ['报名的帮扶项目', { mainCause: 'schooling', projectCategories: ['disaster_relief', 'unknown'] }, ['disaster_relief']],
    ['无对应类别的原因兜底', { mainCause: 'schooling' }, ['social_assistance']],
    ['其他原因兜底', { mainCause: 'other', programmes: ['winter_warmth', 'pairing'] }, ['social_assistance']],
  ];
  it.each(table)('%s', (_name, facts, expected) => {
    expect(classifyHousehold(facts)).toEqual(expected);
  });

  it('every cause, measure and programme gives at least one category, in the seed’s order and without repeats', () => {
    for (const mainCause of HARDSHIP_CAUSES) {
      for (const measures of [[], ...MEASURES.map((m) => [m])]) {
        for (const programmes of [[], ...PROGRAMMES.map((p) => [p])]) {
          const cats = classifyHousehold({ mainCause, measures, programmes });
          expect(cats.length).toBeGreaterThan(0);
          expect(cats).toEqual(CATEGORIES.filter((c) => cats.includes(c)));
        }
      }
    }
  });

  it('counting: a household in two categories counts in both, once among the files', () => {
    expect(countByCategory([['employment', 'restructuring_resettlement'], ['employment'], ['disaster_relief']])).toEqual({
      files: 3,
      byCategory: { social_insurance: 0, medical_insurance: 0, employment: 2, social_assistance: 0, restructuring_resettlement: 1, disaster_relief: 1 },
    });
  });
});
