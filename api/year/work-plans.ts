/**
 * 分类帮扶措施方案 (seed 四5): 各区县工会…制定本级工会周密部署“分类帮扶”措施…每年4月底前报市总工会
 * 备案. The city starts one `work-plan` process per county-level union below it; the county
 * union submits its measures per category by the due date, the city accepts or returns the plan.
 * The city sees which unions have not submitted (and which submitted late).
 */
import type { AppContext } from '../context';
import type { Tx } from '../db/client';
import { inScope, type AuthUser } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';
import { shanghaiDate, shanghaiYear } from '../time';
import { dateColumn, dayOf, roleOver } from '../campaigns/scope';
import { deadlineInstant } from '../campaigns/dibao-referral';
import { PLAN_ORG_KINDS } from '../../workers/year/vocabulary';
import { StartWorkPlansSchema, YearQuerySchema, type WorkPlanReviewSchema, type WorkPlanSubmitSchema } from './year.schema';
import type { z } from 'zod';

type Plan = NonNullable<Awaited<ReturnType<Tx['workPlan']['findUnique']>>>;

function planView(p: Plan, orgName: string, now: Date) {
  const overdue = (p.firstSubmittedAt ?? now) > deadlineInstant(dayOf(p.dueDate));
  return {
    id: p.id,
    orgId: p.orgId,
    orgName,
    year: p.year,
    dueDate: dayOf(p.dueDate),
    status: p.status,
    submitted: p.firstSubmittedAt !== null,
    /** not submitted by the due date (still missing, or submitted late) */
    overdue,
    measures: p.measures,
    planText: p.planText,
    firstSubmittedAt: p.firstSubmittedAt,
    submittedAt: p.submittedAt,
    reviewedAt: p.reviewedAt,
    reviewComment: p.reviewComment,
  };
}

/** 布置年度方案报备 (city reviewers): one plan and process per county-level union below the city. */
export async function startWorkPlans(ctx: AppContext, user: AuthUser, body: unknown) {
  const input = StartWorkPlansSchema.parse(body);
  const now = ctx.clock.now();
  const grant = input.orgId
    ? roleOver(user, 'city_reviewer', (await ctx.db.prisma.org.findUnique({ where: { id: input.orgId } }))?.path ?? '-', '只有市总工会保障部可以布置方案报备')
    : user.roles.find((r) => r.role === 'city_reviewer');
  if (!grant) throw new AppError('FORBIDDEN', '只有市总工会保障部可以布置方案报备');
  const dueDate = input.dueDate ?? `${input.year}-04-30`;
  if (!dueDate.startsWith(`${input.year}-`)) throw new AppError('UNPROCESSABLE', '报送截止日期应在当年内', { dueDate: `报送截止日期应在${input.year}年内` });

  return ctx.db.prisma.$transaction(
    async (tx) => {
      const unions = await tx.org.findMany({ where: { parentId: grant.orgId, kind: { in: PLAN_ORG_KINDS } }, orderBy: { id: 'asc' } });
      if (await tx.workPlan.count({ where: { orgId: { in: unions.map((u) => u.id) }, year: input.year } })) {
        throw new AppError('CONFLICT', `${input.year}年的分类帮扶措施方案报备已经布置`, { year: `${input.year}年的方案报备已经布置` });
      }
      const out = [];
      for (const union of unions) {
        const plan = await tx.workPlan.create({ data: { orgId: union.id, cityOrgId: grant.orgId, year: input.year, dueDate: dateColumn(dueDate), status: 'pending', createdBy: user.id, createdAt: now } });
        const started = await ctx.engine.startInstance(
          'work-plan',
          {
            businessKey: `work-plan-${input.year}-${union.id}`,
            orgPath: union.path,
            variables: { workPlanId: plan.id, year: input.year, dueAt: deadlineInstant(dueDate).toISOString(), orgs: { county: union.id, city: grant.orgId } },
          },
          tx,
        );
        const saved = await tx.workPlan.update({ where: { id: plan.id }, data: { instanceId: started.instanceId } });
        out.push(planView(saved, union.name, now));
      }
      await audit(tx, user, { action: 'start', entity: 'work_plan', entityId: null, after: { year: input.year, dueDate, unions: unions.length }, orgId: grant.orgId }, now);
      return out;
    },
    { timeout: 120_000 },
  );
}

/** The plans of the caller's subtree (the city sees every county's; a county its own). */
export async function listWorkPlans(ctx: AppContext, user: AuthUser, query: unknown) {
  const q = YearQuerySchema.parse(query);
  const year = q.year ?? shanghaiYear(ctx.clock.now());
  const now = ctx.clock.now();
  const plans = await ctx.db.prisma.workPlan.findMany({ where: { year, ...(q.orgId && { orgId: q.orgId }) }, orderBy: { orgId: 'asc' } });
  const orgs = new Map((await ctx.db.prisma.org.findMany({ where: { id: { in: plans.map((p) => p.orgId) } } })).map((o) => [o.id, o]));
  return plans.filter((p) => inScope(user, orgs.get(p.orgId)?.path)).map((p) => planView(p, orgs.get(p.orgId)!.name, now));
}

export async function getWorkPlan(ctx: AppContext, user: AuthUser, id: string) {
  const plan = await ctx.db.prisma.workPlan.findUnique({ where: { id } });
  const org = plan ? await ctx.db.prisma.org.findUnique({ where: { id: plan.orgId } }) : null;
  if (!plan || !org || !inScope(user, org.path)) throw new AppError('NOT_FOUND', '方案不存在');
  return planView(plan, org.name, ctx.clock.now());
}

async function planOfTask(tx: Tx, workPlanId: string) {
  const plan = await tx.workPlan.findUnique({ where: { id: workPlanId } });
  if (!plan) throw new AppError('CONFLICT', '方案不存在');
  return plan;
}

/** 报送方案 (task effect): the measures per category; the first submission's time is kept for the deadline. */
export async function recordWorkPlanSubmission(tx: Tx, user: AuthUser, workPlanId: string, form: z.infer<typeof WorkPlanSubmitSchema>, now: Date) {
  const plan = await planOfTask(tx, workPlanId);
  const saved = await tx.workPlan.update({
    where: { id: plan.id },
    data: { status: 'submitted', measures: form.items as any, planText: form.planText, firstSubmittedAt: plan.firstSubmittedAt ?? now, submittedAt: now, submittedBy: user.id },
  });
  await audit(tx, user, { action: 'submit', entity: 'work_plan', entityId: plan.id, before: { status: plan.status, measures: plan.measures }, after: { status: saved.status, measures: saved.measures, late: now > deadlineInstant(dayOf(plan.dueDate)), day: shanghaiDate(now) }, orgId: plan.orgId }, now);
}

/** 审核方案 (task effect): who decided and why; the process's service tasks set the status. */
export async function recordWorkPlanReview(tx: Tx, user: AuthUser, workPlanId: string, form: z.infer<typeof WorkPlanReviewSchema>, now: Date) {
  const plan = await planOfTask(tx, workPlanId);
  await tx.workPlan.update({ where: { id: plan.id }, data: { reviewedAt: now, reviewedBy: user.id, reviewComment: form.comment || null } });
  await audit(tx, user, { action: form.decision === 'approve' ? 'accept' : 'return', entity: 'work_plan', entityId: plan.id, after: form, orgId: plan.orgId }, now);
}
