import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireUser } from '../auth/session';
import { ApplicationSchema } from '../applications/application.schema';
import { isIsoDate } from '../../workers/identity/resident-id';
import { shanghaiDate } from '../time';
import { assessApplication } from './assess';

const EvaluateSchema = z.object({
  application: ApplicationSchema,
  date: z.string().refine(isIsoDate, '日期应为“年-月-日”格式，如 2026-03-02').optional(),
});

/** 建档资格预审 before applying: the same assessment the filing process makes, nothing stored. */
export function eligibilityRoutes(ctx: AppContext): Router {
  const r = Router();
  r.post('/evaluate', async (req, res) => {
    requireUser(req);
    const { application, date } = EvaluateSchema.parse(req.body);
    const blacklisted = (await ctx.db.prisma.blacklist.count({ where: { idNumber: application.applicant.idNumber.toUpperCase() } })) > 0;
    res.json(await assessApplication(ctx.db.prisma, application, date ?? shanghaiDate(ctx.clock.now()), { blacklisted }));
  });
  return r;
}
