import type { Tx } from '../db/client';
import type { AuthUser } from '../auth/session';
import type { UserTaskView } from '../engine/port';
import { AppError } from '../errors';
import { audit } from '../audit';
import type { FormKey, TASK_FORMS } from './task-forms';
import type { z } from 'zod';
import { assertRequiredDocuments } from '../documents/documents';
import { applyCampaignTaskEffects, isCampaignFormKey } from './task-forms-campaigns';
import { ApplicationSchema } from '../applications/application.schema';
import { annualTotalIncome } from '../applications/facts';
import { recordManualCrossCheck } from '../../workers/crosscheck/results';
import { crossCheckVariable, type Department } from '../../workers/crosscheck/contract';

const OUTCOME_LABELS: Record<string, string> = { exited: '脱困', relieved: '解困', not_effective: '效果不理想' };

/** The manual check task of each department in filing.bpmn. */
const MANUAL_CHECK_DEPARTMENTS: Record<string, Department> = {
  manual_civilAffairs: 'civil_affairs',
  manual_housing: 'housing',
  manual_hrss: 'hrss',
  manual_police: 'police',
  manual_tax: 'tax',
};

type Form<K extends FormKey> = z.infer<(typeof TASK_FORMS)[K]>;

/**
 * What completing a form does besides moving the process, in the completion's transaction:
 * records the visit, assigns the helpers, checks the chosen level... Returns extra process
 * variables. A refusal here is a 422 naming the field, and nothing is written.
 */
export async function applyTaskEffects(
  tx: Tx,
  user: AuthUser,
  task: UserTaskView,
  formKey: FormKey,
  form: Form<FormKey>,
  stepName: string,
  now: Date,
): Promise<Record<string, unknown>> {
  if (isCampaignFormKey(formKey)) return applyCampaignTaskEffects(tx, user, task, formKey, form as never, now);
  const fileId = typeof task.variables.fileId === 'string' ? task.variables.fileId : null;
  const file = fileId ? await tx.householdFile.findUnique({ where: { id: fileId }, include: { org: true } }) : null;
  switch (formKey) {
    case 'filing-survey': {
      const f = form as Form<'filing-survey'>;
      if (!file) return {};
      if (f.photoIds.length && (await tx.document.count({ where: { id: { in: f.photoIds }, fileId: file.id, kind: 'photo' } })) !== f.photoIds.length) {
        throw new AppError('UNPROCESSABLE', '照片须先上传到本档案', { photoIds: '照片须先上传到本档案' });
      }
      await tx.visit.create({
        data: { fileId: file.id, kind: 'survey', visitDate: new Date(`${f.visitDate}T00:00:00Z`), visitors: f.visitors, findings: f.findings, photoIds: f.photoIds, taskId: task.id, createdBy: user.id, createdAt: now },
      });
      if (f.corrections && (f.corrections.income || f.corrections.assets)) {
        // 入户调查核实 corrects the declaration; the process re-runs the eligibility check on it
        const before = ApplicationSchema.parse(file.form);
        const after = ApplicationSchema.parse({ ...before, income: { ...before.income, ...f.corrections.income }, assets: { ...before.assets, ...f.corrections.assets } });
        await tx.householdFile.update({ where: { id: file.id }, data: { form: after as any, annualIncome: BigInt(annualTotalIncome(after)) } });
        await audit(tx, user, { action: 'survey_correction', entity: 'household_file', entityId: file.id, before: { income: before.income, assets: before.assets }, after: { income: after.income, assets: after.assets }, orgId: file.orgId }, now);
      }
      return {};
    }
    case 'filing-helpers': {
      const f = form as Form<'filing-helpers'>;
      if (!file) return {};
      const [first, second] = await Promise.all([
        tx.user.findUnique({ where: { id: f.firstHelperId }, include: { roles: { include: { org: true } } } }),
        tx.user.findUnique({ where: { id: f.secondHelperId }, include: { roles: { include: { org: true } } } }),
      ]);
      if (!first || !first.roles.some((r) => r.role === 'helper' && r.orgId === file.orgId)) {
        throw new AppError('UNPROCESSABLE', '第一帮扶责任人须为本基层工会的帮扶责任人', { firstHelperId: '第一帮扶责任人须为本基层工会的帮扶责任人' });
      }
      // seed 四5: the second helper is a cadre of the city or county union above the case.
      const upperCadre = second?.roles.some((r) => ['city', 'county', 'direct', 'system'].includes(r.org.kind) && file.orgPath.startsWith(r.org.path));
      if (!second || !upperCadre) {
        throw new AppError('UNPROCESSABLE', '第二帮扶责任人须为上级市、区县工会干部', { secondHelperId: '第二帮扶责任人须为上级市、区县工会干部' });
      }
      await tx.householdFile.update({ where: { id: file.id }, data: { firstHelperId: first.id, secondHelperId: second.id } });
      await audit(tx, user, { action: 'assign_helpers', entity: 'household_file', entityId: file.id, before: { firstHelperId: file.firstHelperId, secondHelperId: file.secondHelperId }, after: f, orgId: file.orgId }, now);
      return {};
    }
    case 'filing-crosscheck': {
      const f = form as Form<'filing-crosscheck'>;
      const department = MANUAL_CHECK_DEPARTMENTS[task.elementId];
      if (!file || !department) return {};
      const result = await recordManualCrossCheck(tx, { fileId: file.id, department, findings: f.findings, letterDocumentId: f.letterDocumentId, userId: user.id, taskId: task.id, at: now });
      return { [crossCheckVariable(department)]: { source: 'manual', contradictions: result.contradictions.length, resultId: result.id } };
    }
    case 'filing-report': {
      const f = form as Form<'filing-report'>;
      // seed 一(三)5: the evidence goes upward with the report
      if (file) await assertRequiredDocuments(tx, file.id);
      const levels = ((file?.eligibility as { levels?: string[] } | null)?.levels ?? []) as string[];
      if (!levels.includes(f.filingLevel)) {
        throw new AppError('UNPROCESSABLE', '该户不符合所选级别的建档条件', { filingLevel: `该户不符合所选级别的建档条件（可选：${levels.join('、') || '无'}）` });
      }
      return {};
    }
    case 'help-plan': {
      const f = form as Form<'help-plan'>;
      const year = Number(task.variables.year ?? 0) || Number(f.visitDate.slice(0, 4));
      if (!file) return {};
      // the plan links the projects the household is in: the ones named, by default all of them
      const enrolled = (await tx.projectEnrolment.findMany({ where: { fileId: file.id, status: { not: 'withdrawn' } }, select: { projectId: true } })).map((e) => e.projectId);
      const stray = (f.projectIds ?? []).filter((id) => !enrolled.includes(id));
      if (stray.length) throw new AppError('UNPROCESSABLE', '该户未报名所选项目', { projectIds: '只能选择该户已报名的帮扶项目' });
      const projectIds = f.projectIds ?? enrolled;
      await tx.helpPlan.upsert({
        where: { fileId_year: { fileId: file.id, year } },
        update: { measures: f.measures, programmes: f.programmes, projectIds, planText: f.planText, promisedExitDate: f.promisedExitDate, taskId: task.id },
        create: { fileId: file.id, year, measures: f.measures, programmes: f.programmes, projectIds, planText: f.planText, promisedExitDate: f.promisedExitDate, taskId: task.id, createdBy: user.id, createdAt: now },
      });
      await tx.visit.create({ data: { fileId: file.id, kind: 'help', visitDate: new Date(`${f.visitDate}T00:00:00Z`), visitors: user.displayName, findings: `三月走访，制定帮扶计划：${f.planText}`, photoIds: [], createdBy: user.id, createdAt: now } });
      return {};
    }
    case 'help-evaluation': {
      const f = form as Form<'help-evaluation'>;
      const proposed = (task.variables.exitJudgement as { outcome?: string } | undefined)?.outcome ?? 'not_effective';
      if (f.outcome !== proposed && !f.overrideReason) {
        throw new AppError('UNPROCESSABLE', '评价结果与系统测算不同，须说明理由', { overrideReason: `系统测算为“${OUTCOME_LABELS[proposed] ?? proposed}”，改为其他结果须说明理由` });
      }
      if (!file) return {};
      const year = Number(task.variables.year);
      await tx.evaluation.upsert({
        where: { fileId_year: { fileId: file.id, year } },
        update: { outcome: f.outcome, overrideReason: f.overrideReason ?? null, effect: f.effectDescription, evaluatedBy: user.id, taskId: task.id },
        create: { fileId: file.id, year, proposed, outcome: f.outcome, overrideReason: f.overrideReason ?? null, judgement: (task.variables.exitJudgement ?? {}) as any, effect: f.effectDescription, evaluatedBy: user.id, taskId: task.id },
      });
      return {};
    }
    case 'help-sign': {
      if (!file) return {};
      await tx.evaluation.updateMany({ where: { fileId: file.id, year: Number(task.variables.year) }, data: { signedBy: user.id, signedAt: now } });
      return {};
    }
    case 'file-cancel-approval':
    case 'file-transfer-approval-from':
    case 'file-transfer-approval-to': {
      const f = form as Form<'file-transfer-approval-to'>;
      const eventId = String(task.variables.eventId ?? '');
      const event = await tx.fileEvent.findUnique({ where: { id: eventId } });
      if (!file || !event || event.status !== 'pending') throw new AppError('CONFLICT', '该申请已处理');
      let helperId: string | null = null;
      if (formKey === 'file-transfer-approval-to' && f.decision === 'approve') {
        // the new union picks the household's helper among its own helpers
        const target = event.toOrgId!;
        const helper = await tx.userRole.findFirst({ where: { userId: f.helperId!, role: 'helper', orgId: target } });
        if (!helper) throw new AppError('UNPROCESSABLE', '帮扶责任人须为接收工会的帮扶责任人', { helperId: '帮扶责任人须为接收工会的帮扶责任人' });
        helperId = helper.userId;
        await tx.fileEvent.update({ where: { id: event.id }, data: { newHelperId: helperId } });
      }
      const action = { 'file-cancel-approval': 'cancellation', 'file-transfer-approval-from': 'transfer_out', 'file-transfer-approval-to': 'transfer_in' }[formKey];
      await audit(
        tx,
        user,
        { action: `${f.decision}_${action}`, entity: 'household_file', entityId: file.id, after: { eventId: event.id, step: stepName, decision: f.decision, comment: f.comment, ...(helperId && { helperId }) }, orgId: formKey === 'file-transfer-approval-to' ? event.toOrgId : event.fromOrgId },
        now,
      );
      return {};
    }
    case 'filing-approval':
    case 'filing-review': {
      const f = form as Form<'filing-review'>;
      return { lastDecision: { step: task.elementId, stepName, decision: f.decision, comment: f.comment } };
    }
    default:
      return {};
  }
}
