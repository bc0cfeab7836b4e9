import type { JobHandler } from './job';
import type { WorkerContext } from './context';

/**
 * Job handlers of the clean-up campaign, the dibao referral and the spot checks (SPEC §5.3–5.5),
 * merged into HANDLERS.
 */
export const AFTER_FILING_HANDLERS: Record<string, JobHandler<WorkerContext>> = {};
