/**
 * 分类施策，“六个一批” (seed 二(一) 1–6): every filed household belongs to one or more of the six
 * categories of help, decided from its hardship causes (attachment 2), its yearly plan (March
 * visit, SPEC §5.2) and the assistance projects it is enrolled in. Pure: no I/O.
 *
 * The mapping, paragraph by paragraph of the seed:
 *  1. `social_insurance` 社会保险覆盖一批 — causes `no_social_insurance`, `insurance_not_paid_out`
 *     (企业欠缴社会保险费或没有落实相关社保待遇); plan measure `social_insurance`.
 *  2. `medical_insurance` 大病保险和医疗互助保障一批 — cause `major_illness` (因病致困); plan measure
 *     `medical_insurance`; programme `medical_mutual_aid` (职工医疗互助计划).
 *  3. `employment` 就业创业转岗脱困一批 — causes `unemployed_able`, `laid_off` (有劳动能力的困难职工,
 *     下岗职工); plan measure `employment`; programmes `skills_training`, `startup_aid`,
 *     `sunshine_employment` (技能培训促就业、创业援助、阳光就业).
 *  4. `social_assistance` 社会救助兜底一批 — cause `no_work_capacity`; plan measure
 *     `social_assistance`; the eligibility rule `BELOW_DIBAO_NO_AID` held (符合低保条件又没得到政府
 *     低保覆盖). It is also the category of a household nothing else places (兜底: the safety net
 *     for causes the seed names no batch for, such as `schooling` or `other`).
 *  5. `restructuring_resettlement` 供给侧结构性改革、僵尸企业处置中的职工安置 — cause `laid_off` or
 *     `unemployed_able` while the employer's 企业状况 names a closure, bankruptcy or restructuring
 *     (破产、关闭、停产、改制、重组、兼并、僵尸、解体、清算、去产能).
 *  6. `disaster_relief` 因灾害和事故意外致困 — causes `natural_disaster`, `accident`; the eligibility
 *     rule `EMERGENCY_HARDSHIP` held (the seed names this batch's households in the words of that
 *     建档条件: 因职工本人或家庭成员遭受突发事件、意外伤害、家人重大疾病或其他原因导致生活困难的职工家庭).
 * An enrolment in a project adds the project's own category.
 */

export const CATEGORIES = ['social_insurance', 'medical_insurance', 'employment', 'social_assistance', 'restructuring_resettlement', 'disaster_relief'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  social_insurance: '社会保险覆盖一批',
  medical_insurance: '大病保险和医疗互助保障一批',
  employment: '就业创业转岗脱困一批',
  social_assistance: '社会救助兜底一批',
  restructuring_resettlement: '企业改革职工安置帮扶一批',
  disaster_relief: '灾害和事故意外帮扶脱困一批',
};

const BY_CAUSE: Record<string, Category[]> = {
  no_social_insurance: ['social_insurance'],
  insurance_not_paid_out: ['social_insurance'],
  major_illness: ['medical_insurance'],
  unemployed_able: ['employment'],
  laid_off: ['employment'],
  no_work_capacity: ['social_assistance'],
  natural_disaster: ['disaster_relief'],
  accident: ['disaster_relief'],
};

const BY_MEASURE: Record<string, Category> = {
  social_insurance: 'social_insurance',
  medical_insurance: 'medical_insurance',
  employment: 'employment',
  social_assistance: 'social_assistance',
};

const BY_PROGRAMME: Record<string, Category> = {
  medical_mutual_aid: 'medical_insurance',
  skills_training: 'employment',
  startup_aid: 'employment',
  sunshine_employment: 'employment',
};

/** 企业状况 words that mark an employer in closure, bankruptcy or restructuring (seed 二(一)5). */
const RESTRUCTURING = /破产|关闭|停产|改制|重组|兼并|僵尸|解体|清算|去产能|过剩产能/;

export interface HouseholdCategoryFacts {
  mainCause: string;
  secondaryCauses?: readonly string[];
  /** the employer's 企业状况 (attachment 1), free text */
  enterpriseStatus?: string | null;
  /** eligibility criteria that held at filing (rule ids) */
  criteria?: readonly string[];
  /** measures and programmes of the household's latest plan */
  measures?: readonly string[];
  programmes?: readonly string[];
  /** categories of the projects the household is enrolled in */
  projectCategories?: readonly string[];
}

/** The household's categories, in the seed's order; never empty. */
export function classifyHousehold(facts: HouseholdCategoryFacts): Category[] {
  const found = new Set<Category>();
  const causes = [facts.mainCause, ...(facts.secondaryCauses ?? [])];
  for (const cause of causes) for (const c of BY_CAUSE[cause] ?? []) found.add(c);
  const jobless = causes.includes('laid_off') || causes.includes('unemployed_able');
  if (jobless && facts.enterpriseStatus && RESTRUCTURING.test(facts.enterpriseStatus)) found.add('restructuring_resettlement');
  if (facts.criteria?.includes('BELOW_DIBAO_NO_AID')) found.add('social_assistance');
  if (facts.criteria?.includes('EMERGENCY_HARDSHIP')) found.add('disaster_relief');
  for (const m of facts.measures ?? []) if (BY_MEASURE[m]) found.add(BY_MEASURE[m]);
  for (const p of facts.programmes ?? []) if (BY_PROGRAMME[p]) found.add(BY_PROGRAMME[p]);
  for (const c of facts.projectCategories ?? []) if ((CATEGORIES as readonly string[]).includes(c)) found.add(c as Category);
  if (!found.size) found.add('social_assistance');
  return CATEGORIES.filter((c) => found.has(c));
}

/** Files per category (a file in two categories counts in both) and the number of files. */
export function countByCategory(perFile: readonly (readonly Category[])[]): { files: number; byCategory: Record<Category, number> } {
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  for (const cats of perFile) for (const c of cats) byCategory[c] += 1;
  return { files: perFile.length, byCategory };
}
