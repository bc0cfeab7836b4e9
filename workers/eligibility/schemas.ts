import { z } from 'zod';

/**
 * Upper bounds on inputs. They are far above any real household (¥100亿 a year, ¥100万 per
 * person per month, 99 people) and exist so that every integer product formed by the rules
 * stays exact in a double (see money.ts).
 */
export const MAX_ANNUAL_FEN = 1_000_000_000_000;
export const MAX_MONTHLY_STANDARD_FEN = 100_000_000;
export const MAX_HOUSEHOLD_SIZE = 99;

/** Causes of the 略高于低保 rule (seed 一(三)1 and 3: 患病、子女上学、残疾、单亲及其他特殊原因). */
export const SPECIAL_CAUSES = ['illness', 'schooling', 'disability', 'single_parent', 'other'] as const;
export type SpecialCause = (typeof SPECIAL_CAUSES)[number];

/** The three kinds of sudden hardship listed in seed 一(三)3. */
export const EMERGENCY_KINDS = ['accident', 'major_illness', 'disaster'] as const;
export type EmergencyKind = (typeof EMERGENCY_KINDS)[number];

export const SPECIAL_CAUSE_LABELS: Record<SpecialCause, string> = {
  illness: '患病',
  schooling: '子女上学',
  disability: '残疾',
  single_parent: '单亲',
  other: '其他特殊原因',
};

export const EMERGENCY_KIND_LABELS: Record<EmergencyKind, string> = {
  accident: '意外事故',
  major_illness: '突发重大疾病',
  disaster: '自然灾害或重大安全事故',
};

const fen = (label: string, max = MAX_ANNUAL_FEN) =>
  z
    .int({ error: `${label}应为以分计的整数` })
    .min(0, { error: `${label}不能为负数` })
    .max(max, { error: `${label}超出允许范围` });

const flag = (label: string) => z.boolean({ error: `${label}应为是或否` });

const count = (label: string, min: number, max: number) =>
  z
    .int({ error: `${label}应为整数` })
    .min(min, { error: `${label}不能小于${min}` })
    .max(max, { error: `${label}不能大于${max}` });

/** Household facts of one file, annual amounts in fen (issue 3 contract; SPEC §2, seed 一(三)2). */
export const HouseholdFactsSchema = z.object({
  householdSize: count('家庭人口', 1, MAX_HOUSEHOLD_SIZE),
  annualIncome: z.object({
    wages: fen('工薪收入'),
    business: fen('经营净收入'),
    property: fen('财产性收入'),
    transfer: fen('转移性收入'),
  }),
  annualIncomeTax: fen('所得税'),
  annualSocialInsurance: fen('社会保障支出'),
  monthsBelowDibao: count('连续低于低保标准月数', 0, 1200),
  receivesGovernmentAid: flag('是否享受政府救助'),
  isDibaoHousehold: flag('是否低保户'),
  specialCause: z.enum(SPECIAL_CAUSES, { error: '特殊致困原因无效' }).nullable(),
  annualNecessaryExpenses: fen('年度必要支出'),
  emergency: z
    .object({
      kind: z.enum(EMERGENCY_KINDS, { error: '突发致困类型无效' }),
      expenses: fen('突发事件支出'),
      compensationReceived: flag('是否已获赔付'),
    })
    .nullable(),
  isMigrantWorker: flag('是否农民工'),
  isUnionMember: flag('是否工会会员'),
  homesOwned: count('自有住房套数', 0, 1000),
  ownsShopOrEmploys: flag('是否拥有商业店铺或雇工经营'),
  childPrivateSchoolOrAbroad: flag('子女是否就读高收费私立学校或自费留学'),
  usesVehicleOrMachinery: flag('是否非受雇佣经常使用机动车辆或机械'),
  refusedInvestigation: flag('是否拒绝调查核实'),
  blacklisted: flag('是否已列入黑名单'),
});
export type HouseholdFacts = z.infer<typeof HouseholdFactsSchema>;

/**
 * Local standards per person per month, in fen (SPEC §3). For a migrant worker the caller
 * passes the standards of the work location (seed 一(三)1: 按务工地标准).
 */
export const StandardsSchema = z
  .object({
    dibao: fen('低保标准', MAX_MONTHLY_STANDARD_FEN).min(1, { error: '低保标准必须大于0' }),
    lowIncomeLine: fen('低收入标准', MAX_MONTHLY_STANDARD_FEN).optional(),
  })
  .refine((s) => s.lowIncomeLine === undefined || s.lowIncomeLine >= s.dibao, {
    error: '低收入标准不得低于低保标准',
    path: ['lowIncomeLine'],
  });
export type Standards = z.infer<typeof StandardsSchema>;
