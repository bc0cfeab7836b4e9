import type { JobHandler } from './job';
import type { WorkerContext } from './context';
import { applyDecisions, cancelIncrement, closeCampaign } from './campaigns/cleanup';
import { closeReferral, collectList, sendToCivilAffairs } from './campaigns/dibao-referral';
import { closeSpotCheck, evaluateFindings } from './campaigns/spot-check';
import { workPlanAccepted, workPlanReturned } from './year/work-plan';

/**
 * Job handlers of the clean-up campaign, the dibao referral, the spot checks (SPEC §5.3–5.5) and
 * the yearly work plans (seed 四5),
 * merged into HANDLERS.
 */
export const AFTER_FILING_HANDLERS: Record<string, JobHandler<WorkerContext>> = {
  'cleanup-cancel-increment': cancelIncrement,
  'cleanup-apply': applyDecisions,
  'cleanup-close': closeCampaign,
  'dibao-collect': collectList,
  'dibao-civil-affairs': sendToCivilAffairs,
  'dibao-close': closeReferral,
  'spot-check-evaluate': evaluateFindings,
  'spot-check-close': closeSpotCheck,
  'work-plan-returned': workPlanReturned,
  'work-plan-accepted': workPlanAccepted,
};
