/**
 * Words of the assistance projects (分类帮扶项目, seed 二 and 四3): pure data shared by the API's
 * schemas, the demo seed and the admin UI.
 */
export { CATEGORIES, CATEGORY_LABELS, type Category } from './categories';

export const FUND_LEVELS = ['national', 'provincial', 'city', 'county', 'grassroots'] as const;
export const TARGET_KINDS = ['households', 'trainees'] as const;
export const ENROLMENT_STATUSES = ['enrolled', 'completed', 'withdrawn'] as const;
/** What a household got out of a project, recorded per enrolment. */
export const PROJECT_OUTCOMES = ['completed', 'employed', 'business_started', 'insured', 'relieved', 'dropped'] as const;
export type ProjectOutcome = (typeof PROJECT_OUTCOMES)[number];

export const PROJECT_OUTCOME_LABELS: Record<ProjectOutcome, string> = {
  completed: '完成项目',
  employed: '实现就业再就业',
  business_started: '成功创业',
  insured: '纳入保障',
  relieved: '困难得到缓解',
  dropped: '中途退出',
};
