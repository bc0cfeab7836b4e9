/**
 * The task forms of the clean-up campaign, the dibao referral and the spot checks (SPEC §5.3–5.5):
 * pure zod schemas, merged into TASK_FORMS and reused by the admin UI.
 */
import { z } from 'zod';
import { CleanupDecisionInputSchema } from '../campaigns/campaigns.schema';
import { REFERRAL_ANSWERS, SPOT_CHECK_QUESTIONS, SPOT_CHECK_QUESTION_LABELS } from '../../workers/campaigns/vocabulary';
import { WorkPlanReviewSchema, WorkPlanSubmitSchema } from '../year/year.schema';

const fileId = z.string({ error: '请选择档案' }).min(1, '请选择档案').max(64, '档案编号无效');
const comment = (label: string) => z.string({ error: `${label}应为文字` }).trim().max(2000, `${label}不能超过2000个字`).default('');

/** 区县/市总确认名单: households taken off the list need a reason. */
const confirmList = z
  .object({ excludedFileIds: z.array(fileId, { error: '请选择要移出名单的户' }).max(1000).default([]), comment: comment('意见') })
  .superRefine((v, ctx) => {
    if (v.excludedFileIds.length && !v.comment) ctx.addIssue({ code: 'custom', path: ['comment'], message: '移出名单须说明原因' });
    if (new Set(v.excludedFileIds).size !== v.excludedFileIds.length) ctx.addIssue({ code: 'custom', path: ['excludedFileIds'], message: '同一户只能移出一次' });
  });

const answer = (label: string) =>
  z
    .object({ ok: z.boolean({ error: `请选择“${label}”是或否` }), notes: z.string({ error: '说明应为文字' }).trim().max(1000, '说明不能超过1000个字').default('') })
    .refine((a) => a.ok || a.notes, { message: `“${label}”为否时须写明发现的问题`, path: ['notes'] });

const fourAnswers = z.object(
  Object.fromEntries(SPOT_CHECK_QUESTIONS.map((q) => [q, answer(SPOT_CHECK_QUESTION_LABELS[q])])) as Record<(typeof SPOT_CHECK_QUESTIONS)[number], ReturnType<typeof answer>>,
  { error: '请回答四个方面的问题' },
);

export const CAMPAIGN_TASK_FORMS = {
  /** 存量档案清理: decisions not yet saved one by one may come with the form; every stock file must end up decided. */
  'cleanup-stock-review': z.object({
    decisions: z.array(CleanupDecisionInputSchema.and(z.object({ fileId })), { error: '清理决定应为列表' }).max(2000).default([]),
    comment: comment('说明'),
  }),
  /** 基层工会主席在两部分花名册上签字 */
  'cleanup-sign': z.object({ signed: z.literal(true, { error: '请确认已审阅并签字' }), comment: comment('意见') }),
  /** 上级工会确认清理结果 */
  'cleanup-confirm': z.object({ confirmed: z.literal(true, { error: '请确认清理结果' }), comment: comment('意见') }),
  /** 区县工会确认低保未覆盖名单 */
  'dibao-county-confirm': confirmList,
  /** 市总工会审核汇总低保未覆盖名单 */
  'dibao-city-confirm': confirmList,
  /** 录入民政复核结果 (reply letter): one answer per household still waiting */
  'dibao-civil-affairs-answer': z.object({
    answers: z
      .array(
        z.object({
          fileId,
          answer: z.enum(REFERRAL_ANSWERS, { error: '请选择复核结果（已纳入低保、不符合条件、待认定）' }),
          note: z.string({ error: '说明应为文字' }).trim().max(500, '说明不能超过500个字').optional(),
        }),
        { error: '请逐户录入民政复核结果' },
      )
      .max(2000),
  }),
  /** 督查抽查: the seed's four questions for every sampled file, each yes/no with notes */
  'spot-check-answers': z.object({
    items: z.array(z.object({ fileId, answers: fourAnswers }), { error: '请逐份填写抽查结果' }).min(1, '请逐份填写抽查结果').max(2000),
  }),
  /** 问题整改跟进: what was done about each negative finding */
  'spot-check-follow-up': z.object({
    items: z
      .array(z.object({ fileId, followUp: z.string({ error: '请填写整改情况' }).trim().min(1, '请填写整改情况').max(2000, '整改情况不能超过2000个字') }), { error: '请逐份填写整改情况' })
      .min(1, '请逐份填写整改情况')
      .max(2000),
  }),
  /** 报送分类帮扶措施方案 (seed 四5): the county union's measures per category, due by the end of April */
  'work-plan-submit': WorkPlanSubmitSchema,
  /** 市总工会审核方案: 同意备案 or 退回修改 with the reason */
  'work-plan-review': WorkPlanReviewSchema,
} as const;

export type CampaignFormKey = keyof typeof CAMPAIGN_TASK_FORMS;

export function isCampaignFormKey(key: string | null | undefined): key is CampaignFormKey {
  return !!key && key in CAMPAIGN_TASK_FORMS;
}

