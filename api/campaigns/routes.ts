import { Router } from 'express';
import type { AppContext } from '../context';

/** Clean-up campaigns, dibao referrals, spot checks and targets (SPEC §5.3–5.5, §7). */
export function campaignRoutes(_ctx: AppContext): Router {
  return Router();
}
