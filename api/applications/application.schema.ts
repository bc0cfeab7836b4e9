/**
 * The application form: the household file of attachment 1 (worker, household, income, bank,
 * family members) and the declaration of attachment 2 (income, assets, yearly necessary
 * expenses, hardship causes). Shared by the API (validation) and the admin UI (form rules).
 * Money is integer fen. Birth date, sex and age are derived from the ID number, never typed.
 */
import { z } from 'zod';
import { residentIdSchema } from '../../workers/identity/resident-id';

/** SPEC §2, attachment 2: 主要致困原因, in the form's order. */
export const HARDSHIP_CAUSES = [
  'no_work_capacity',
  'unemployed_able',
  'laid_off',
  'no_social_insurance',
  'insurance_not_paid_out',
  'major_illness',
  'natural_disaster',
  'accident',
  'schooling',
  'other',
] as const;
export type HardshipCause = (typeof HARDSHIP_CAUSES)[number];

export const HEALTH_STATUSES = ['healthy', 'chronic_illness', 'serious_illness', 'disabled'] as const;
export const WORK_STATUSES = ['employed', 'laid_off', 'unemployed', 'flexible', 'retired'] as const;
export const HOUSING_TYPES = ['own', 'rent', 'public_rent', 'with_relatives', 'other'] as const;
export const MARITAL_STATUSES = ['married', 'unmarried', 'divorced', 'widowed'] as const;
export const MEDICAL_INSURANCE = ['employee', 'urban_rural_resident', 'none'] as const;
export const MODEL_WORKER_TYPES = ['none', 'national', 'provincial', 'city'] as const;
export const HUKOU_TYPES = ['urban', 'rural'] as const;
export const POLITICAL_STATUSES = ['masses', 'cpc_member', 'league_member', 'democratic_party'] as const;
export const MEMBER_IDENTITIES = ['employed', 'student', 'preschool', 'unemployed', 'retired', 'farmer', 'other'] as const;
export const SPECIAL_CAUSES = ['illness', 'schooling', 'disability', 'single_parent', 'other'] as const;
export const EMERGENCY_KINDS = ['accident', 'major_illness', 'disaster'] as const;

const msg = (m: string) => ({ error: m });
const fen = (label: string) =>
  z
    .number(msg(`${label}须为数字（单位：分）`))
    .int(`${label}须为整数（单位：分）`)
    .min(0, `${label}不能为负数`)
    .max(1_000_000_000_00, `${label}过大`);
const text = (label: string, max = 100) => z.string(msg(`请填写${label}`)).trim().min(1, `请填写${label}`).max(max, `${label}不能超过${max}个字`);
const optionalText = (label: string, max = 200) => z.string().trim().max(max, `${label}不能超过${max}个字`).optional();
const region = (label: string) => z.string(msg(`请填写${label}`)).regex(/^\d{6}$/, `${label}应为6位行政区划代码`);
const oneOf = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.enum(values, msg(`请选择${label}`));

export const FamilyMemberSchema = z.object({
  name: text('家庭成员姓名', 50),
  relation: text('与户主关系', 20),
  idNumber: residentIdSchema,
  ethnicity: text('民族', 20).default('汉族'),
  politicalStatus: oneOf(POLITICAL_STATUSES, '政治面貌').default('masses'),
  monthlyIncome: fen('月收入'),
  modelWorkerType: oneOf(MODEL_WORKER_TYPES, '劳模类型').default('none'),
  healthStatus: oneOf(HEALTH_STATUSES, '健康状况'),
  diseaseOrDisability: optionalText('疾病/残疾类别', 100),
  medicalInsurance: oneOf(MEDICAL_INSURANCE, '医保状况'),
  maritalStatus: oneOf(MARITAL_STATUSES, '婚姻状况'),
  hukouType: oneOf(HUKOU_TYPES, '户口类型'),
  phone: z.string().regex(/^1\d{10}$/, '手机号码应为11位').optional().or(z.literal('').transform(() => undefined)),
  identity: oneOf(MEMBER_IDENTITIES, '人员身份'),
  education: optionalText('当前学历', 20),
  schoolOrEmployer: optionalText('单位或学校', 100),
  remarks: optionalText('备注', 500),
});
export type FamilyMember = z.infer<typeof FamilyMemberSchema>;

export const ApplicantSchema = z.object({
  name: text('姓名', 50),
  idNumber: residentIdSchema,
  ethnicity: text('民族', 20).default('汉族'),
  politicalStatus: oneOf(POLITICAL_STATUSES, '政治面貌'),
  healthStatus: oneOf(HEALTH_STATUSES, '健康状况'),
  diseaseOrDisability: optionalText('疾病/残疾类别', 100),
  workStatus: oneOf(WORK_STATUSES, '工作状态'),
  workStartDate: z.string(msg('请填写参加工作时间')).regex(/^\d{4}-\d{2}(-\d{2})?$/, '参加工作时间应为“年-月”或“年-月-日”格式，如 2001-07'),
  housingType: oneOf(HOUSING_TYPES, '住房类型'),
  floorArea: z.number().int('建筑面积请填整数平方米').min(0).max(10_000).optional(),
  phone: z.string().regex(/^1\d{10}$/, '手机号码应为11位').optional().or(z.literal('').transform(() => undefined)),
  otherContact: optionalText('其他联系方式', 100),
  modelWorkerType: oneOf(MODEL_WORKER_TYPES, '劳模类型'),
  maritalStatus: oneOf(MARITAL_STATUSES, '婚姻状况'),
  singleParent: z.boolean().default(false),
  medicalInsurance: oneOf(MEDICAL_INSURANCE, '医保状况'),
  address: text('家庭住址', 200),
  postcode: z.string().regex(/^\d{6}$/, '邮政编码应为6位').optional().or(z.literal('').transform(() => undefined)),
  employer: optionalText('工作单位', 100),
  employerNature: optionalText('单位性质', 50),
  enterpriseStatus: optionalText('企业状况', 50),
  industry: text('所属行业', 50),
  monthlyIncome: fen('本人月平均收入'),
  hukouRegion: region('户口所在地行政区划'),
  hukouType: oneOf(HUKOU_TYPES, '户口类型'),
  selfHelpAbility: z.boolean().default(false),
  zeroEmploymentFamily: z.boolean().default(false),
  isMigrantWorker: z.boolean().default(false),
  isUnionMember: z.boolean().default(true),
  /** Migrant workers are judged on the work location's standard (SPEC §3). */
  workRegion: region('务工地行政区划').optional(),
});

export const HardshipSchema = z
  .object({
    mainCause: oneOf(HARDSHIP_CAUSES, '主要致困原因'),
    secondaryCauses: z.array(oneOf(HARDSHIP_CAUSES, '次要致困原因')).max(3, '次要致困原因最多3项').default([]),
    otherDescription: optionalText('其他致困原因说明', 500),
  })
  .superRefine((h, ctx) => {
    if (new Set(h.secondaryCauses).size !== h.secondaryCauses.length) {
      ctx.addIssue({ code: 'custom', path: ['secondaryCauses'], message: '次要致困原因不能重复' });
    }
    if (h.secondaryCauses.includes(h.mainCause)) {
      ctx.addIssue({ code: 'custom', path: ['secondaryCauses'], message: '次要致困原因不能与主要致困原因相同' });
    }
    if ((h.mainCause === 'other' || h.secondaryCauses.includes('other')) && !h.otherDescription) {
      ctx.addIssue({ code: 'custom', path: ['otherDescription'], message: '选择“其他”时请说明致困原因' });
    }
  });

/** Attachment 2 and the income definition of seed 一(三)2. */
export const IncomeSchema = z.object({
  annualWages: fen('年工薪收入'),
  annualBusiness: fen('年经营净收入'),
  annualProperty: fen('年财产性收入'),
  annualTransfer: fen('年转移性收入'),
  annualIncomeTax: fen('年缴纳所得税'),
  annualSocialInsurance: fen('年社会保障支出'),
  /** 全部家庭成员近6个月总收入 (attachment 2), reconciled against the annual figure. */
  sixMonthIncome: fen('家庭近6个月总收入'),
  monthsBelowDibao: z.number(msg('请填写连续低于低保的月数')).int().min(0, '月数不能为负数').max(600),
  receivesGovernmentAid: z.boolean().default(false),
  isDibaoHousehold: z.boolean().default(false),
  specialCause: z.enum(SPECIAL_CAUSES, msg('特殊原因无效')).nullable().default(null),
  annualNecessaryExpenses: fen('年度必要支出'),
  emergency: z
    .object({
      kind: z.enum(EMERGENCY_KINDS, msg('请选择突发事件类型')),
      expenses: fen('突发事件支出'),
      compensationReceived: z.boolean(),
    })
    .nullable()
    .default(null),
});

export const AssetsSchema = z.object({
  homesOwned: z.number(msg('请填写自有产权住房套数')).int('套数须为整数').min(0, '套数不能为负数').max(100),
  shopArea: z.number().int('面积请填整数平方米').min(0).max(100_000).default(0),
  ownsShopOrEmploys: z.boolean().default(false),
  usesVehicleOrMachinery: z.boolean().default(false),
  childPrivateSchoolOrAbroad: z.boolean().default(false),
  otherAssets: optionalText('其它资产', 500),
});

/** 家庭生活年度必须支出项目 (attachment 2), fen per year. */
export const ExpensesSchema = z.object({
  living: fen('日常基本生活开支').default(0),
  medical: fen('医疗费').default(0),
  schooling: fen('子女上学').default(0),
  housingOrCar: fen('购房、购车').default(0),
  other: fen('其他支出').default(0),
  otherName: optionalText('其他支出名称', 50),
});

export const BankSchema = z.object({
  bankName: optionalText('开户银行', 50),
  branch: optionalText('支行名称', 100),
  cardNumber: z.string().regex(/^\d{12,19}$/, '银行卡号应为12至19位数字').optional().or(z.literal('').transform(() => undefined)),
});

export const ApplicationSchema = z
  .object({
    applicant: ApplicantSchema,
    members: z.array(FamilyMemberSchema).max(20, '家庭成员最多20人').default([]),
    hardship: HardshipSchema,
    income: IncomeSchema,
    assets: AssetsSchema,
    expenses: ExpensesSchema.default({ living: 0, medical: 0, schooling: 0, housingOrCar: 0, other: 0 }),
    bank: BankSchema.default({}),
    remarks: optionalText('备注', 1000),
  })
  .superRefine((a, ctx) => {
    const ids = [a.applicant.idNumber, ...a.members.map((m) => m.idNumber)].map((s) => s.toUpperCase());
    ids.forEach((id, i) => {
      if (i > 0 && ids.indexOf(id) !== i) {
        ctx.addIssue({ code: 'custom', path: ['members', i - 1, 'idNumber'], message: '身份证号与其他家庭成员重复' });
      }
    });
    if (a.applicant.isMigrantWorker && !a.applicant.workRegion) {
      ctx.addIssue({ code: 'custom', path: ['applicant', 'workRegion'], message: '农民工请填写务工地行政区划' });
    }
  });
export type Application = z.infer<typeof ApplicationSchema>;
export type ApplicationInput = z.input<typeof ApplicationSchema>;
