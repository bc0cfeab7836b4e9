import { Router } from 'express';
import type { AppContext } from '../context';

/** Fund accounts, disbursements and payment batches (SPEC §4). */
export function fundRoutes(_ctx: AppContext): Router {
  return Router();
}
