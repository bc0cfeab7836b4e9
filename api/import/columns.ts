/**
 * The columns of the import template (sheet 档案): every field of the application
 * (attachments 1 and 2, `ApplicationSchema`) and up to five family members as repeated column
 * groups, plus the stock file's own number, level and filing date. Money is typed in yuan and
 * stored in fen; codes are typed as the Chinese labels the forms print.
 */
import {
  EMERGENCY_KIND_LABELS,
  HARDSHIP_CAUSE_LABELS,
  HEALTH_STATUS_LABELS,
  HOUSING_TYPE_LABELS,
  HUKOU_TYPE_LABELS,
  LEVEL_LABELS,
  MARITAL_STATUS_LABELS,
  MEDICAL_INSURANCE_LABELS,
  MEMBER_IDENTITY_LABELS,
  MODEL_WORKER_TYPE_LABELS,
  POLITICAL_STATUS_LABELS,
  SPECIAL_CAUSE_LABELS,
  WORK_STATUS_LABELS,
} from '../print/labels';
import { residentIdCheckChar } from '../../workers/identity/resident-id';

const EXAMPLE_ID = `51050219800315001${residentIdCheckChar('51050219800315001')}`;

export type ColumnKind = 'text' | 'id' | 'digits' | 'money' | 'int' | 'bool' | 'enum' | 'enumList' | 'date';

export interface Column {
  /** the header as the template prints it; `*` marks a required column */
  header: string;
  /** where the value goes: in the application (`applicant.name`), or `file.*` for the stock file's own columns */
  path: string;
  kind: ColumnKind;
  required?: boolean;
  /** code → Chinese label, for `enum` and `enumList` */
  labels?: Record<string, string>;
  note?: string;
  example?: string;
  width?: number;
}

/** At most this many family members fit a row (the rest are entered on the file page). */
export const MAX_MEMBERS = 5;

const c = (header: string, path: string, kind: ColumnKind, extra: Partial<Column> = {}): Column => ({ header: extra.required ? `*${header}` : header, path, kind, ...extra });
const req = { required: true };

export const FILE_COLUMNS: Column[] = [
  c('档案编号', 'file.fileNo', 'text', { note: '已建档的存量档案填写原档案编号，导入后直接为“已建档”；不填则进入建档审核流程', example: '510502-2018-000123', width: 20 }),
  c('档案级别', 'file.level', 'enum', { labels: LEVEL_LABELS, note: '填写档案编号时必填' }),
  c('建档日期', 'file.filedAt', 'date', { note: '填写档案编号时必填，格式 2018-06-30', example: '2018-06-30', width: 12 }),
  c('困难类别', 'file.hardshipCategory', 'text', { note: '原档案的困难类别，可不填' }),
];

export const APPLICANT_COLUMNS: Column[] = [
  c('姓名', 'applicant.name', 'text', { ...req, example: '张建国' }),
  c('身份证号', 'applicant.idNumber', 'id', { ...req, note: '18位，请以文本格式填写；出生日期、性别、年龄由身份证号自动计算', example: EXAMPLE_ID, width: 21 }),
  c('民族', 'applicant.ethnicity', 'text', { ...req, example: '汉族' }),
  c('政治面貌', 'applicant.politicalStatus', 'enum', { ...req, labels: POLITICAL_STATUS_LABELS }),
  c('健康状况', 'applicant.healthStatus', 'enum', { ...req, labels: HEALTH_STATUS_LABELS }),
  c('疾病/残疾类别', 'applicant.diseaseOrDisability', 'text'),
  c('工作状态', 'applicant.workStatus', 'enum', { ...req, labels: WORK_STATUS_LABELS }),
  c('参加工作时间', 'applicant.workStartDate', 'text', { ...req, note: '年-月，如 2001-07', example: '2001-07' }),
  c('住房类型', 'applicant.housingType', 'enum', { ...req, labels: HOUSING_TYPE_LABELS }),
  c('建筑面积（平方米）', 'applicant.floorArea', 'int', { example: '45' }),
  c('手机号码', 'applicant.phone', 'digits', { example: '13800138000', width: 14 }),
  c('其他联系方式', 'applicant.otherContact', 'text'),
  c('劳模类型', 'applicant.modelWorkerType', 'enum', { ...req, labels: MODEL_WORKER_TYPE_LABELS }),
  c('婚姻状况', 'applicant.maritalStatus', 'enum', { ...req, labels: MARITAL_STATUS_LABELS }),
  c('是否单亲', 'applicant.singleParent', 'bool'),
  c('医保状况', 'applicant.medicalInsurance', 'enum', { ...req, labels: MEDICAL_INSURANCE_LABELS }),
  c('家庭住址', 'applicant.address', 'text', { ...req, example: '泸州市江阳区北城街道白塔社区3栋2单元', width: 30 }),
  c('邮政编码', 'applicant.postcode', 'digits', { example: '646000' }),
  c('工作单位', 'applicant.employer', 'text', { width: 20 }),
  c('单位性质', 'applicant.employerNature', 'text'),
  c('企业状况', 'applicant.enterpriseStatus', 'text'),
  c('所属行业', 'applicant.industry', 'text', { ...req, example: '公共设施管理业' }),
  c('本人月平均收入（元）', 'applicant.monthlyIncome', 'money', { ...req, example: '1500.00' }),
  c('户口所在地行政区划', 'applicant.hukouRegion', 'digits', { ...req, note: '6位行政区划代码，如 510502（江阳区）', example: '510502' }),
  c('户口类型', 'applicant.hukouType', 'enum', { ...req, labels: HUKOU_TYPE_LABELS }),
  c('是否有一定自救能力', 'applicant.selfHelpAbility', 'bool'),
  c('是否为零就业家庭', 'applicant.zeroEmploymentFamily', 'bool'),
  c('是否农民工', 'applicant.isMigrantWorker', 'bool'),
  c('是否工会会员', 'applicant.isUnionMember', 'bool', { note: '不填按“是”' }),
  c('务工地行政区划', 'applicant.workRegion', 'digits', { note: '农民工必填' }),
];

export const HARDSHIP_COLUMNS: Column[] = [
  c('主要致困原因', 'hardship.mainCause', 'enum', { ...req, labels: HARDSHIP_CAUSE_LABELS }),
  c('次要致困原因', 'hardship.secondaryCauses', 'enumList', { labels: HARDSHIP_CAUSE_LABELS, note: '0至3项，用顿号分隔，如：子女上学、下岗失业' }),
  c('其他致困原因说明', 'hardship.otherDescription', 'text', { note: '选择“其他”时必填' }),
];

export const INCOME_COLUMNS: Column[] = [
  c('年工薪收入（元）', 'income.annualWages', 'money', req),
  c('年经营净收入（元）', 'income.annualBusiness', 'money', req),
  c('年财产性收入（元）', 'income.annualProperty', 'money', req),
  c('年转移性收入（元）', 'income.annualTransfer', 'money', req),
  c('年缴纳个人所得税（元）', 'income.annualIncomeTax', 'money', req),
  c('年缴纳社会保险费（元）', 'income.annualSocialInsurance', 'money', req),
  c('家庭近6个月总收入（元）', 'income.sixMonthIncome', 'money', req),
  c('人均收入连续低于低保标准的月数', 'income.monthsBelowDibao', 'int', req),
  c('是否享受政府救助', 'income.receivesGovernmentAid', 'bool'),
  c('是否低保户', 'income.isDibaoHousehold', 'bool'),
  c('特殊困难原因', 'income.specialCause', 'enum', { labels: SPECIAL_CAUSE_LABELS }),
  c('特殊原因年度必要支出（元）', 'income.annualNecessaryExpenses', 'money', req),
  c('突发事件类型', 'income.emergency.kind', 'enum', { labels: EMERGENCY_KIND_LABELS }),
  c('突发事件支出（元）', 'income.emergency.expenses', 'money', { note: '填写突发事件类型时必填' }),
  c('突发事件是否已及时获得赔偿', 'income.emergency.compensationReceived', 'bool'),
];

export const ASSET_COLUMNS: Column[] = [
  c('自有产权住房（套）', 'assets.homesOwned', 'int', req),
  c('经营性商业店铺（平方米）', 'assets.shopArea', 'int'),
  c('是否拥有商业店铺或雇工经营', 'assets.ownsShopOrEmploys', 'bool'),
  c('是否非受雇经常使用机动车辆、船舶、工程机械或大型农机具', 'assets.usesVehicleOrMachinery', 'bool'),
  c('子女是否就读高收费私立学校或自费出国留学', 'assets.childPrivateSchoolOrAbroad', 'bool'),
  c('其它资产', 'assets.otherAssets', 'text'),
];

export const EXPENSE_COLUMNS: Column[] = [
  c('日常基本生活开支（元）', 'expenses.living', 'money'),
  c('医疗费（元）', 'expenses.medical', 'money'),
  c('子女上学（元）', 'expenses.schooling', 'money'),
  c('购房、购车（元）', 'expenses.housingOrCar', 'money'),
  c('其他支出（元）', 'expenses.other', 'money'),
  c('其他支出名称', 'expenses.otherName', 'text'),
];

export const BANK_COLUMNS: Column[] = [
  c('开户银行', 'bank.bankName', 'text'),
  c('支行名称', 'bank.branch', 'text'),
  c('银行卡号', 'bank.cardNumber', 'digits', { width: 22 }),
  c('备注', 'remarks', 'text', { width: 20 }),
];

/** One family member's columns; `n` is 1-based. */
export function memberColumns(n: number): Column[] {
  const m = (header: string, field: string, kind: ColumnKind, extra: Partial<Column> = {}) => c(`成员${n}${header}`, `members.${n - 1}.${field}`, kind, extra);
  // A member's required fields are required only when the member is there at all.
  return [
    m('姓名', 'name', 'text'),
    m('与户主关系', 'relation', 'text', { example: '配偶' }),
    m('身份证号', 'idNumber', 'id', { width: 21 }),
    m('民族', 'ethnicity', 'text', { note: '不填按“汉族”' }),
    m('政治面貌', 'politicalStatus', 'enum', { labels: POLITICAL_STATUS_LABELS, note: '不填按“群众”' }),
    m('月收入（元）', 'monthlyIncome', 'money'),
    m('劳模类型', 'modelWorkerType', 'enum', { labels: MODEL_WORKER_TYPE_LABELS, note: '不填按“非劳模”' }),
    m('健康状况', 'healthStatus', 'enum', { labels: HEALTH_STATUS_LABELS }),
    m('疾病/残疾类别', 'diseaseOrDisability', 'text'),
    m('医保状况', 'medicalInsurance', 'enum', { labels: MEDICAL_INSURANCE_LABELS }),
    m('婚姻状况', 'maritalStatus', 'enum', { labels: MARITAL_STATUS_LABELS }),
    m('户口类型', 'hukouType', 'enum', { labels: HUKOU_TYPE_LABELS }),
    m('手机号码', 'phone', 'digits'),
    m('人员身份', 'identity', 'enum', { labels: MEMBER_IDENTITY_LABELS }),
    m('当前学历', 'education', 'text'),
    m('单位或学校', 'schoolOrEmployer', 'text'),
    m('备注', 'remarks', 'text'),
  ];
}

/** Every column of the sheet, in template order. */
export const COLUMNS: Column[] = [
  ...FILE_COLUMNS,
  ...APPLICANT_COLUMNS,
  ...HARDSHIP_COLUMNS,
  ...INCOME_COLUMNS,
  ...ASSET_COLUMNS,
  ...EXPENSE_COLUMNS,
  ...BANK_COLUMNS,
  ...Array.from({ length: MAX_MEMBERS }, (_, i) => memberColumns(i + 1)).flat(),
];

/** A header as typed, without the required mark and surrounding spaces. */
export const headerKey = (header: string) => header.replace(/^\s*[*＊]\s*/, '').replace(/\s+/g, '');

export const COLUMN_BY_KEY = new Map(COLUMNS.map((col) => [headerKey(col.header), col]));
export const COLUMN_BY_PATH = new Map(COLUMNS.map((col) => [col.path, col]));

/** A member's fields that `FamilyMemberSchema` requires (no default). */
export const MEMBER_REQUIRED = ['name', 'relation', 'idNumber', 'monthlyIncome', 'healthStatus', 'medicalInsurance', 'maritalStatus', 'hukouType', 'identity'];
