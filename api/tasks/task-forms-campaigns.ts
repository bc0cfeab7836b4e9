/**
 * The task forms of the clean-up campaign, the dibao referral and the spot checks (SPEC §5.3–5.5),
 * merged into TASK_FORMS, and what completing them does in the completion's transaction,
 * merged into applyTaskEffects. A refusal is a 422 naming the field; nothing is written.
 */
import { z } from 'zod';
import type { Tx } from '../db/client';
import type { AuthUser } from '../auth/session';
import type { UserTaskView } from '../engine/port';
import { AppError } from '../errors';
import { moveRosters, recordCleanupDecision, undecidedStock } from '../campaigns/cleanup';
import { excludeFromReferral, recordReferralAnswers } from '../campaigns/dibao-referral';
import { recordSpotCheckAnswers, recordSpotCheckFollowUps } from '../campaigns/spot-checks';
import { recordWorkPlanReview, recordWorkPlanSubmission } from '../year/work-plans';
import { CAMPAIGN_TASK_FORMS, type CampaignFormKey } from './task-forms-campaigns.schema';

export { CAMPAIGN_TASK_FORMS, isCampaignFormKey, type CampaignFormKey } from './task-forms-campaigns.schema';
type Form<K extends CampaignFormKey> = z.infer<(typeof CAMPAIGN_TASK_FORMS)[K]>;

/** The ids the process was started with; a task without them is a modelling error. */
function started<K extends string>(task: UserTaskView, keys: K[]): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const k of keys) {
    const v = task.variables[k];
    if (typeof v !== 'string' || !v) throw new AppError('CONFLICT', `任务缺少流程变量 ${k}`);
    out[k] = v;
  }
  return out;
}

/**
 * What completing a campaign form does besides moving the process, in the completion's
 * transaction: records the clean-up decisions, signs and confirms rosters, takes households
 * off a referral list, records civil affairs' answers and the spot-check findings. Returns extra
 * process variables (none so far: the workers read what these write).
 */
export async function applyCampaignTaskEffects(
  tx: Tx,
  user: AuthUser,
  task: UserTaskView,
  formKey: CampaignFormKey,
  form: Form<CampaignFormKey>,
  now: Date,
): Promise<Record<string, unknown>> {
  switch (formKey) {
    case 'cleanup-stock-review': {
      const f = form as Form<'cleanup-stock-review'>;
      const { campaignId, orgId } = started(task, ['campaignId', 'orgId']);
      for (const [i, d] of f.decisions.entries()) await recordCleanupDecision(tx, user, campaignId, d.fileId, d, now, `decisions.${i}.`);
      const undecided = await undecidedStock(tx, campaignId, orgId);
      if (undecided) throw new AppError('UNPROCESSABLE', `还有 ${undecided} 份存量档案未作清理决定`, { decisions: `还有 ${undecided} 份存量档案未作清理决定` });
      return {};
    }
    case 'cleanup-sign':
    case 'cleanup-confirm': {
      const { campaignId, orgId } = started(task, ['campaignId', 'orgId']);
      await moveRosters(tx, user, campaignId, orgId, formKey === 'cleanup-sign' ? 'submitted' : 'confirmed', now);
      return {};
    }
    case 'dibao-county-confirm':
    case 'dibao-city-confirm': {
      const f = form as Form<'dibao-county-confirm'>;
      await excludeFromReferral(tx, user, started(task, ['referralId']).referralId, f.excludedFileIds, f.comment, now);
      return {};
    }
    case 'dibao-civil-affairs-answer': {
      const f = form as Form<'dibao-civil-affairs-answer'>;
      await recordReferralAnswers(tx, user, started(task, ['referralId']).referralId, f.answers, now);
      return {};
    }
    case 'spot-check-answers': {
      const f = form as Form<'spot-check-answers'>;
      await recordSpotCheckAnswers(tx, user, started(task, ['spotCheckId']).spotCheckId, f.items, now);
      return {};
    }
    case 'spot-check-follow-up': {
      const f = form as Form<'spot-check-follow-up'>;
      await recordSpotCheckFollowUps(tx, user, started(task, ['spotCheckId']).spotCheckId, f.items, now);
      return {};
    }
    case 'work-plan-submit': {
      await recordWorkPlanSubmission(tx, user, started(task, ['workPlanId']).workPlanId, form as Form<'work-plan-submit'>, now);
      return {};
    }
    case 'work-plan-review': {
      await recordWorkPlanReview(tx, user, started(task, ['workPlanId']).workPlanId, form as Form<'work-plan-review'>, now);
      return {};
    }
  }
}
