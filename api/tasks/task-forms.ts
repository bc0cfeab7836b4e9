/**
 * One zod schema per user-task form (the `zeebe:formDefinition formKey` of the BPMN). The API
 * validates a completion with it; the admin UI renders and validates the same fields.
 * A completed form lands in the process as one variable named by the task's `output` property,
 * so gateways read e.g. `=grassrootsApproval.decision = "approve"`.
 */
import { z } from 'zod';
import { isIsoDate } from '../../workers/identity/resident-id';

const text = (label: string, max = 2000) =>
  z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}不能超过${max}个字`);

export const DECISIONS = ['approve', 'return', 'refuse'] as const;
export type Decision = (typeof DECISIONS)[number];

const decisionForm = z
  .object({
    decision: z.enum(DECISIONS, { error: '请选择审核意见' }),
    comment: z.string().trim().max(2000, '意见不能超过2000个字').default(''),
  })
  .superRefine((v, ctx) => {
    if (v.decision !== 'approve' && !v.comment) {
      ctx.addIssue({ code: 'custom', path: ['comment'], message: v.decision === 'return' ? '退回重报须填写退回原因' : '不予建档须填写理由' });
    }
  });

export const TASK_FORMS = {
  /** 入户调查核实 (seed 一(三)): the visit record. */
  'filing-survey': z.object({
    visitDate: z.string({ error: '请填写入户日期' }).refine(isIsoDate, '入户日期格式应为 YYYY-MM-DD'),
    visitors: text('入户人员', 200),
    findings: text('核实情况'),
    factsConfirmed: z.boolean({ error: '请确认申报情况是否属实' }),
  }),
  /** 基层工会主席审批 */
  'filing-approval': decisionForm,
  /** 区县/市/省/全总 复核 */
  'filing-review': decisionForm,
  /** 退回重报: grassroots staff correct the file and resubmit the same case. */
  'filing-resubmit': z.object({ comment: text('重报说明') }),
} as const;

export type FormKey = keyof typeof TASK_FORMS;

export function isFormKey(key: string | null | undefined): key is FormKey {
  return !!key && key in TASK_FORMS;
}
