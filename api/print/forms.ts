/**
 * Attachments 1–4 of the seed (泸工发〔2018〕10号) as layouts: every field of the paper form with
 * its printed label, filled from the file; a field the system does not know stays empty for the
 * official to fill by hand. Labels are the seed's own words, `*` marks included.
 */
import { HARDSHIP_CAUSES, type FamilyMember } from '../applications/application.schema';
import { DOCUMENT_KIND_LABELS } from '../documents/documents';
import { RULE_LABELS, type RuleId } from '../../workers/eligibility/rules';
import { parseResidentId, ageOn } from '../../workers/identity/resident-id';
import { shanghaiYear } from '../time';
import type { FilePrintData } from './data';
import { box, chineseDate, yearMonth, yuan } from './format';
import { label, pairRows, value, type Block, type Cell, type PrintDoc } from './layout';
import {
  FILE_TYPE_LABEL,
  HARDSHIP_CAUSE_LABELS,
  HEALTH_STATUS_LABELS,
  HOUSING_TYPE_LABELS,
  HUKOU_TYPE_LABELS,
  LEVEL_LABELS,
  MARITAL_STATUS_LABELS,
  MEASURE_LABELS,
  MEDICAL_INSURANCE_LABELS,
  MEMBER_IDENTITY_LABELS,
  MODEL_WORKER_TYPE_LABELS,
  OUTCOME_LABELS,
  POLITICAL_STATUS_LABELS,
  PROGRAMME_LABELS,
  SEX_LABELS,
  WORK_STATUS_LABELS,
  YES_NO,
  labelOf,
} from './labels';

export const PRINT_DOCUMENTS = ['archive', 'declaration', 'contact-card', 'certificate'] as const;
export type PrintDocument = (typeof PRINT_DOCUMENTS)[number];

const SIX = [14, 19, 14, 19, 14, 20];
const money = (fen: number | bigint | null | undefined) => (fen === null || fen === undefined ? '' : `${yuan(fen)} 元`);
/** A label and its value across the rest of the row. */
const wide = (l: string, v: string | number | null | undefined): Cell[] => [label(l), value(v, 5)];

/** 困难类别: the category recorded on the file, else its main hardship cause (as the clean-up roster prints it). */
export function hardshipCategory(d: { hardshipCategory: string | null; mainCause: string }): string {
  return d.hardshipCategory ?? labelOf(HARDSHIP_CAUSE_LABELS, d.mainCause);
}

/** 建档标准: the level and the national criteria the household met. */
function filingStandard(d: FilePrintData): string {
  const criteria = ((d.file.eligibility as { criteria?: string[] } | null)?.criteria ?? []).map((c) => RULE_LABELS[c as RuleId] ?? c);
  const level = d.file.level ? LEVEL_LABELS[d.file.level] ?? d.file.level : '';
  return [level, criteria.join('；')].filter(Boolean).join('：');
}

const causes = (d: FilePrintData) => ({
  main: labelOf(HARDSHIP_CAUSE_LABELS, d.app.hardship.mainCause),
  secondary: (d.app.hardship.secondaryCauses ?? []).map((c) => labelOf(HARDSHIP_CAUSE_LABELS, c)).join('、'),
});

/** 附件1 困难职工档案表: the family member block, once per member (one empty block when none). */
function memberRows(d: FilePrintData, m: FamilyMember | null, n: number): Cell[][] {
  const id = m ? parseResidentId(m.idNumber) : null;
  const birth = id?.ok ? id.birthDate : '';
  const pairs: Array<[string, string | number | null | undefined]> = [
    ['*姓名', m?.name],
    ['*关系（是户主的）', m?.relation],
    ['*民族', m?.ethnicity],
    ['*身份证号', m ? d.id(m.idNumber) : ''],
    ['出生日期', chineseDate(birth)],
    ['年龄', birth && birth <= d.today ? ageOn(birth, d.today) : ''],
    ['性别', id?.ok ? SEX_LABELS[id.sex] : ''],
    ['政治面貌', labelOf(POLITICAL_STATUS_LABELS, m?.politicalStatus)],
    ['*月收入', m ? money(m.monthlyIncome) : ''],
    ['*劳模类型', labelOf(MODEL_WORKER_TYPE_LABELS, m?.modelWorkerType)],
    ['*健康状况', labelOf(HEALTH_STATUS_LABELS, m?.healthStatus)],
    ['疾病/残疾类别', m?.diseaseOrDisability],
    ['*医保状况', labelOf(MEDICAL_INSURANCE_LABELS, m?.medicalInsurance)],
    ['*婚姻状况', labelOf(MARITAL_STATUS_LABELS, m?.maritalStatus)],
    ['*户口类型', labelOf(HUKOU_TYPE_LABELS, m?.hukouType)],
    ['手机号码', d.phone(m?.phone)],
    ['其它联系方式', ''],
    ['*人员身份', labelOf(MEMBER_IDENTITY_LABELS, m?.identity)],
    ['当前学历', m?.education],
    ['入学年份', ''],
    ['年制', ''],
    ['单位或学校', m?.schoolOrEmployer],
    ['单位性质', ''],
    ['企业状况', ''],
    ['所属行业', ''],
    ['工作状态', ''],
    ['劳动合同签订/入伍时间', ''],
    ['合同期限', ''],
    ['备注', m?.remarks],
  ];
  return [[{ text: `家庭成员信息表格${n}`, label: true, colSpan: 6, bold: true }], ...pairRows(pairs, 3)];
}

export function archiveForm(d: FilePrintData): PrintDoc {
  const a = d.app.applicant;
  const f = d.file;
  const c = causes(d);
  const rows: Cell[][] = [
    [label('*职工编号'), value(f.fileNo), label('*困难类别'), value(hardshipCategory(f)), label('*档案类型'), value(FILE_TYPE_LABEL)],
    wide('*建档标准', filingStandard(d)),
    [label('*姓名'), value(a.name), label('*民族'), value(a.ethnicity), label('*性别'), value(SEX_LABELS[d.derived.sex] ?? '')],
    [label('*政治面貌'), value(labelOf(POLITICAL_STATUS_LABELS, a.politicalStatus)), label('*身份证号'), value(d.id(a.idNumber)), label('*出生日期'), value(chineseDate(d.derived.birthDate))],
    [label('年龄'), value(d.derived.age), label('*健康状况'), value(labelOf(HEALTH_STATUS_LABELS, a.healthStatus)), label('疾病/残疾类别'), value(a.diseaseOrDisability)],
    [label('*工作状态'), value(labelOf(WORK_STATUS_LABELS, a.workStatus)), label('*工作时间'), value(a.workStartDate), label('*住房类型'), value(labelOf(HOUSING_TYPE_LABELS, a.housingType))],
    [label('建筑面积'), value(a.floorArea === undefined ? '' : `${a.floorArea} 平方米`), label('手机号码'), value(d.phone(a.phone)), label('其他联系方式'), value(a.otherContact)],
    [label('*劳模类型'), value(labelOf(MODEL_WORKER_TYPE_LABELS, a.modelWorkerType)), label('*婚姻状况'), value(labelOf(MARITAL_STATUS_LABELS, a.maritalStatus)), label('是否单亲'), value(YES_NO(a.singleParent))],
    [label('*医保状况'), value(labelOf(MEDICAL_INSURANCE_LABELS, a.medicalInsurance)), label('邮政编码'), value(a.postcode), label('*所属行业'), value(a.industry)],
    wide('*家庭住址', a.address),
    [label('工作单位'), value(a.employer, 3), label('单位性质'), value(a.employerNature)],
    [label('企业状况'), value(a.enterpriseStatus), label('*户口所在地行政区划'), value(a.hukouRegion), label('*户口类型'), value(labelOf(HUKOU_TYPE_LABELS, a.hukouType))],
    [label('*本人月平均收入'), value(money(a.monthlyIncome)), label('*家庭其他非薪资年收入'), value(money(d.derived.annualNonWage)), label('*家庭年度总收入'), value(money(d.derived.annualTotal))],
    [label('*家庭人口'), value(`${d.derived.householdSize} 人`), label('家庭月人均收入'), value(money(d.derived.perCapitaMonthly)), label('是否有一定自救能力'), value(YES_NO(a.selfHelpAbility))],
    [label('是否为零就业家庭'), value(YES_NO(a.zeroEmploymentFamily)), label('*主要致困原因'), value(c.main), label('年度必要支出'), value(money(d.app.income.annualNecessaryExpenses))],
    wide('其他(文字描述)', d.app.hardship.otherDescription),
    wide('次要致困原因（0-3项）', c.secondary),
    [label('开户银行'), value(d.app.bank?.bankName), label('支行名称'), value(d.app.bank?.branch), label('银行卡号'), value(d.card(d.app.bank?.cardNumber))],
    [label('附件', 6)],
    [label('附件名称', 2), label('附件类型', 2), label('备注', 2)],
    ...(d.documents.length
      ? d.documents.map((doc) => [value(doc.name, 2), value(labelOf(DOCUMENT_KIND_LABELS, doc.kind), 2), value(`${chineseDate(doc.createdAt)}上传`, 2)])
      : [[value('', 2), value('', 2), value('', 2)]]),
    wide('备注', d.app.remarks),
    [label('*建档人'), value(d.filedBy), label('*审核人'), value(d.approvedBy), label('录入人'), value(d.enteredBy)],
  ];
  const members = d.app.members.length ? d.app.members : [null];
  const blocks: Block[] = [
    { kind: 'title', text: '困难城镇职工档案表格（*为必填项）' },
    { kind: 'table', widths: SIX, rows },
    ...members.map((m, i): Block => ({ kind: 'table', widths: SIX, rows: memberRows(d, m, i + 1) })),
  ];
  return { title: `困难职工档案表-${f.fileNo ?? f.caseNo}`, orientation: 'portrait', blocks };
}

/** 附件2 家庭财产、收支情况及致困原因申报表 of the year the file was declared. */
export function declarationForm(d: FilePrintData): PrintDoc {
  const a = d.app.applicant;
  const { income, assets, expenses } = d.app;
  const year = shanghaiYear(d.file.createdAt);
  const secondary = causes(d).secondary;
  const causeLine = HARDSHIP_CAUSES.map((cause, i) => `${i + 1}.${HARDSHIP_CAUSE_LABELS[cause]}${box(cause === d.app.hardship.mainCause)}`).join('  ');
  const otherName = expenses.otherName ? `（${expenses.otherName}）` : '（注明名称）';
  const expenseLine =
    `1.日常基本生活开支 ${yuan(expenses.living)} 元，2.医疗费（提供医疗费用结算收据复印件） ${yuan(expenses.medical)} 元，` +
    `3.子女上学 ${yuan(expenses.schooling)} 元，4.购房、购车 ${yuan(expenses.housingOrCar)} 元，5.其他 ${yuan(expenses.other)} 元${otherName}。`;
  const rows: Cell[][] = [
    [label('职工姓名'), value(a.name), label('性别'), value(SEX_LABELS[d.derived.sex] ?? ''), label('年龄'), value(d.derived.age)],
    [label('身份证号'), value(d.id(a.idNumber), 3), label('婚姻状况'), value(labelOf(MARITAL_STATUS_LABELS, a.maritalStatus))],
    [label('工作单位'), value(a.employer, 3), label('家庭人口'), value(`${d.derived.householdSize} 人`)],
    [label('本人近半年工薪总收入'), value(money(a.monthlyIncome * 6), 2), label('全家工薪总收入'), value(`${money(income.annualWages)}（全年）`, 2)],
    [label('本人本年度非工薪总收入（包括投资收入、利息、稿费、救济等）', 2), value(''), label('全家年度非工薪总收入（包括离退休金、社会救济、经营净收入、租金收入、利息、红利、稿费等所有收入）', 2), value(money(d.derived.annualNonWage))],
    [label('全部家庭成员近6个月总收入（包括离退休金、工薪收入、经营净收入、投资收入、租金、利息、稿费、救济等）', 2), value(money(income.sixMonthIncome)), label('全部家庭成员人均每月收入', 2), value(money(d.derived.perCapitaMonthly))],
    [label('自有产权住房（套）'), value(assets.homesOwned, 2), label('经营性商业店铺（m2）'), value(assets.shopArea, 2)],
    [label('非受雇佣机动车、船、工程机械及大型农机具等'), value(YES_NO(assets.usesVehicleOrMachinery), 2), label('其它资产'), value(assets.otherAssets, 2)],
    wide('家庭生活年度必须支出项目', expenseLine),
    wide('主要致困原因', secondary ? `${causeLine}\n次要致困原因：${secondary}` : causeLine),
  ];
  return {
    title: `困难职工申报表-${d.file.fileNo ?? d.file.caseNo}`,
    orientation: 'portrait',
    blocks: [
      { kind: 'title', text: `${year}年度困难职工家庭财产、收支情况及致困原因申报表` },
      { kind: 'table', widths: SIX, rows },
      { kind: 'line', text: '申报人（签字）：　　　　　　　　　　　　　　审核人（签字）：　　　　　　　　　　' },
      { kind: 'line', text: '　　　　年　　月　　日　　　　　　　　　　　　　　　　年　　月　　日' },
    ],
  };
}

const measureLine = (chosen: string[]) => Object.entries(MEASURE_LABELS).map(([k, l], i) => `${i + 1}.${l}${box(chosen.includes(k))}`).join('；');
const programmeLine = (chosen: string[]) => Object.entries(PROGRAMME_LABELS).map(([k, l], i) => `${i + 1}.${l}${box(chosen.includes(k))}`).join('；');
const helperUnits = (d: FilePrintData) => [...new Set(d.helpers.map((h) => h.orgName).filter(Boolean))].join('、');
const helperNames = (d: FilePrintData) => d.helpers.map((h) => h.name).join('、');

/** 帮扶责任人, 职务, 联系方式: one row per helper (one empty row when none is assigned yet). */
function helperRows(d: FilePrintData): Cell[][] {
  const people = d.helpers.length ? d.helpers : [null];
  return people.map((h) => [label('帮扶责任人'), value(h?.name), label('职务'), value(h?.title), label('联系方式'), value(h?.phone)]);
}

const liaisonRow = (d: FilePrintData): Cell[] => [
  label('困难职工所属工会联络人姓名'),
  value(d.liaison?.name),
  label('职务'),
  value(d.liaison?.title),
  label('联系方式'),
  value(d.liaison?.phone),
];

/** 附件3 解困脱困联系卡: the helper's copy and the worker's copy on one sheet, to be cut apart. */
export function contactCard(d: FilePrintData): PrintDoc {
  const a = d.app.applicant;
  const c = causes(d);
  const deadline = d.exitDeadline ? `${d.exitDeadline.slice(0, 4)}年${d.exitDeadline.slice(5, 7)}月底前实现解困脱困` : '　　年　　月底前实现解困脱困';
  const sex = SEX_LABELS[d.derived.sex] ?? '';
  const helperCopy: Cell[][] = [
    [label('职工编号'), value(d.file.fileNo), label('职工姓名'), value(a.name), label('性别'), value(sex)],
    [label('出生年月'), value(yearMonth(d.derived.birthDate)), label('困难类别'), value(hardshipCategory(d.file)), label('联系方式'), value(d.phone(a.phone))],
    wide('家庭住址', a.address),
    wide('工作单位', a.employer),
    wide('家庭主要成员', d.app.members.map((m) => `${m.name}（${m.relation}）`).join('、')),
    wide('致困原因', c.secondary ? `${c.main}；次要：${c.secondary}` : c.main),
    wide('帮扶任务完成时限', deadline),
    [label('帮扶单位'), value(helperUnits(d), 2), label('帮扶责任人'), value(helperNames(d), 2)],
  ];
  const chosen = d.plan ?? { measures: [], programmes: [], planText: '' };
  const workerCopy: Cell[][] = [
    [label('职工姓名'), value(a.name), label('性别'), value(sex), label('出生年月'), value(yearMonth(d.derived.birthDate))],
    wide('帮扶单位', helperUnits(d)),
    ...helperRows(d),
    liaisonRow(d),
    wide('解困脱困措施选项', measureLine(chosen.measures)),
    wide('解困脱困计划选项', programmeLine(chosen.programmes)),
    wide('备注', chosen.planText ? `一户一策：${chosen.planText}` : ''),
  ];
  return {
    title: `解困脱困联系卡-${d.file.fileNo ?? d.file.caseNo}`,
    orientation: 'portrait',
    blocks: [
      { kind: 'title', text: '困难职工解困脱困联系卡（帮扶责任人存）' },
      { kind: 'table', widths: SIX, rows: helperCopy },
      { kind: 'line', text: '- - - - - - - - - - - - - - - - - - - - 沿此线剪开 - - - - - - - - - - - - - - - - - - - -', align: 'center' },
      { kind: 'title', text: '困难职工解困脱困联系卡（困难职工存）' },
      { kind: 'table', widths: SIX, rows: workerCopy },
    ],
  };
}

/** 附件4 解困脱困认定书 of one year: the December evaluation as the chair signed it. */
export function certificate(d: FilePrintData, year: number): PrintDoc {
  const a = d.app.applicant;
  const e = d.evaluation && d.evaluation.year === year ? d.evaluation : null;
  const plan = d.plan && d.plan.year === year ? d.plan : null;
  const outcome = e?.outcome ?? null;
  const income = e?.perCapita !== null && e?.perCapita !== undefined ? `　${yuan(e.perCapita)}　` : '　　　　　　';
  const effect =
    `1.效果描述：家庭人均收入达到${income}（元/月）或其它效果：${e?.effect ?? '　　　　　　'}。\n` +
    `2.符合：${Object.entries(OUTCOME_LABELS).map(([k, l]) => `${box(outcome === k)}${l}`).join('；')}。`;
  const signed = e?.signedAt ? `${chineseDate(e.signedAt)}` : '　　　　年　　月　　日';
  const opinion =
    (e?.signedAt && outcome ? `同意认定为：${OUTCOME_LABELS[outcome]?.split('，')[0] ?? outcome}。\n` : '') +
    `工会主席（签字）：${e?.signedBy ?? ''}\n基层工会（盖章）：${d.file.org.name}\n认定日期：${signed}`;
  const rows: Cell[][] = [
    [label('职工姓名'), value(a.name), label('性别'), value(SEX_LABELS[d.derived.sex] ?? ''), label('出生年月'), value(yearMonth(d.derived.birthDate))],
    [label('工作单位或家庭住址'), value(a.employer || a.address, 3), label('联系方式'), value(d.phone(a.phone))],
    [label('档案号'), value(d.file.fileNo), label('身份证号'), value(d.id(a.idNumber), 3)],
    wide('帮扶单位', helperUnits(d)),
    ...helperRows(d),
    liaisonRow(d),
    wide('解困脱困措施', measureLine(plan?.measures ?? [])),
    wide('解困脱困计划', programmeLine(plan?.programmes ?? [])),
    wide('效果评价', effect),
    wide('解困脱困认定意见', opinion),
  ];
  return {
    title: `解困脱困认定书-${year}-${d.file.fileNo ?? d.file.caseNo}`,
    orientation: 'portrait',
    blocks: [
      { kind: 'title', text: '困难职工解困脱困认定书（基层工会存）' },
      { kind: 'subtitle', text: `${year}年度` },
      { kind: 'table', widths: SIX, rows },
    ],
  };
}

/** Each printable document of a file; `year` is the year of the plan and evaluation shown. */
export const FILE_FORMS: Record<PrintDocument, (d: FilePrintData, year: number) => PrintDoc> = {
  archive: archiveForm,
  declaration: declarationForm,
  'contact-card': contactCard,
  certificate,
};
