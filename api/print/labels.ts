/**
 * Chinese wording of every code a printed form or the import template shows. Copied from the
 * admin UI's message file (admin-ui/src/i18n/zh-CN.ts, `app.enums`) so paper and screen say the
 * same thing; the API never imports React files. Measures and programmes use the wording of
 * attachments 3 and 4 of the seed.
 */
import type { HardshipCause } from '../applications/application.schema';

export const HARDSHIP_CAUSE_LABELS: Record<HardshipCause, string> = {
  no_work_capacity: '家庭成员无劳动能力',
  unemployed_able: '有劳动能力而未就业',
  laid_off: '下岗失业',
  no_social_insurance: '未参加社会保险',
  insurance_not_paid_out: '社会保险待遇落实不到位',
  major_illness: '家庭成员患重特大疾病',
  natural_disaster: '遭受自然灾害',
  accident: '遭受意外事故',
  schooling: '子女上学',
  other: '其他',
};

export const HEALTH_STATUS_LABELS = { healthy: '健康', chronic_illness: '患慢性病', serious_illness: '患重特大疾病', disabled: '残疾' };
export const WORK_STATUS_LABELS = { employed: '在岗', laid_off: '下岗', unemployed: '失业', flexible: '灵活就业', retired: '退休' };
export const HOUSING_TYPE_LABELS = { own: '自有住房', rent: '租住私房', public_rent: '公租房/廉租房', with_relatives: '借住亲友住房', other: '其他' };
export const MARITAL_STATUS_LABELS = { married: '已婚', unmarried: '未婚', divorced: '离异', widowed: '丧偶' };
export const MEDICAL_INSURANCE_LABELS = { employee: '职工基本医疗保险', urban_rural_resident: '城乡居民基本医疗保险', none: '未参保' };
export const MODEL_WORKER_TYPE_LABELS = { none: '非劳模', national: '全国劳模', provincial: '省部级劳模', city: '市级劳模' };
export const HUKOU_TYPE_LABELS = { urban: '城镇户口', rural: '农村户口' };
export const POLITICAL_STATUS_LABELS = { masses: '群众', cpc_member: '中共党员', league_member: '共青团员', democratic_party: '民主党派' };
export const MEMBER_IDENTITY_LABELS = { employed: '在职', student: '在校学生', preschool: '学龄前儿童', unemployed: '无业', retired: '退休', farmer: '务农', other: '其他' };
export const SPECIAL_CAUSE_LABELS = { illness: '患病', schooling: '子女上学', disability: '残疾', single_parent: '单亲', other: '其他特殊原因' };
export const EMERGENCY_KIND_LABELS = { accident: '意外事故', major_illness: '突发重大疾病', disaster: '自然灾害或重大安全事故' };

export const LEVEL_LABELS: Record<string, string> = { national: '全国级', provincial: '省级', city: '市级', county: '区县级', grassroots: '基层' };
export const SEX_LABELS: Record<string, string> = { male: '男', female: '女' };
export const YES_NO = (b: boolean | null | undefined) => (b === true ? '是' : b === false ? '否' : '');

/** 解困脱困措施选项 (attachment 3, SPEC §5.2 measures), in the form's order. */
export const MEASURE_LABELS: Record<string, string> = {
  employment: '就业创业发展',
  social_insurance: '纳入社保制度覆盖',
  medical_insurance: '纳入大病保险和医疗互助保险保障',
  social_assistance: '社会救助兜底',
  other: '其他（注明）',
};

/** 解困脱困计划选项 (attachment 3, SPEC §5.2 programmes), in the form's order. */
export const PROGRAMME_LABELS: Record<string, string> = {
  skills_training: '技能培训促就业计划',
  startup_aid: '创业援助计划',
  sunshine_employment: '阳光就业计划',
  medical_mutual_aid: '职工医疗互助计划',
  golden_autumn_education: '金秋助学计划',
  pairing: '一帮一结对计划',
  winter_warmth: '送温暖精准化计划',
  other: '其他（注明）',
};

/** 效果评价 (attachment 4): the three outcomes with the seed's recommendation. */
export const OUTCOME_LABELS: Record<string, string> = {
  exited: '脱困，建议注销档案',
  relieved: '解困，建议继续帮扶',
  not_effective: '效果不理想，建议继续帮扶',
};

/** 档案类型 of attachment 1: the system keeps urban workers' files only. */
export const FILE_TYPE_LABEL = '城镇困难职工';

/** A label for a code, or the code itself when it is not one of ours (legacy data). */
export function labelOf(labels: Record<string, string>, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '';
  return Object.hasOwn(labels, code) ? labels[code] : code;
}
