/**
 * One zod schema per user-task form (the `zeebe:formDefinition formKey` of the BPMN). The API
 * validates a completion with it; the admin UI renders and validates the same fields.
 * A completed form lands in the process as one variable named by the task's `output` property,
 * so gateways read e.g. `=grassrootsApproval.decision = "approve"`.
 */
import { z } from 'zod';
import { isIsoDate } from '../../workers/identity/resident-id';
import { AssetsSchema, IncomeSchema } from '../applications/application.schema';
import { CAMPAIGN_TASK_FORMS } from './task-forms-campaigns.schema';

const text = (label: string, max = 2000) =>
  z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}不能超过${max}个字`);

/** 同意 / 退回重报 / 不予建档 / 上报不实信息 (seed 一(三)5). */
export const DECISIONS = ['approve', 'return', 'refuse', 'untrue'] as const;
export type Decision = (typeof DECISIONS)[number];

const decisionForm = z
  .object({
    decision: z.enum(DECISIONS, { error: '请选择审核意见' }),
    comment: z.string().trim().max(2000, '意见不能超过2000个字').default(''),
  })
  .superRefine((v, ctx) => {
    if (v.decision !== 'approve' && !v.comment) {
      const message = { return: '退回重报须填写退回原因', refuse: '不予建档须填写理由', untrue: '上报不实信息须写明不实之处' }[v.decision];
      ctx.addIssue({ code: 'custom', path: ['comment'], message });
    }
  });

/** 同意 / 不同意 of a file's life event; declining needs the reason. */
const lifeEventDecision = z
  .object({
    decision: z.enum(['approve', 'reject'], { error: '请选择审批意见' }),
    comment: z.string().trim().max(1000, '意见不能超过1000个字').default(''),
  })
  .refine((v) => v.decision === 'approve' || !!v.comment, { message: '不同意须说明理由', path: ['comment'] });

export const TASK_FORMS = {
  /** 入户调查核实 (seed 一(三)): the visit record. */
  'filing-survey': z.object({
    visitDate: z.string({ error: '请填写入户日期' }).refine(isIsoDate, '入户日期应为“年-月-日”格式，如 2026-03-02'),
    visitors: text('入户人员', 200),
    findings: text('核实情况'),
    factsConfirmed: z.boolean({ error: '请确认申报情况是否属实' }),
    /** photos of the visit, uploaded to the file first (kind `photo`) */
    photoIds: z.array(z.string().max(64)).max(20, '照片最多20张').default([]),
    /** what the visit found different from the declaration; the eligibility check runs again on it */
    corrections: z
      .object({ income: IncomeSchema.partial().optional(), assets: AssetsSchema.partial().optional() })
      .optional(),
  }),
  /** 基层工会主席审批 */
  'filing-approval': decisionForm,
  /** 区县/市/省/全总 复核 */
  'filing-review': decisionForm,
  /** 退回重报: grassroots staff correct the file and resubmit the same case. */
  'filing-resubmit': z.object({ comment: text('重报说明') }),
  /** 落实帮扶责任人 (seed 四5): the first helper (grassroots) and the second (a city/county cadre). */
  'filing-helpers': z
    .object({
      firstHelperId: text('第一帮扶责任人', 64),
      secondHelperId: text('第二帮扶责任人', 64),
      exitDeadline: z.string({ error: '请填写帮扶任务完成时限' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, '完成时限应为“年-月”格式，如 2027-12'),
    })
    .refine((v) => v.firstHelperId !== v.secondHelperId, { message: '两位帮扶责任人不能是同一人', path: ['secondHelperId'] }),
  /** 部门人工核查: where a department has no connector, the county reviewer enters its answer. */
  'filing-crosscheck': z.object({
    /** the department's answer in the connector contract's shape (docs/department-connectors.md) */
    findings: z.record(z.string(), z.unknown(), { error: '请填写部门核查结果' }),
    letterDocumentId: z.string({ error: '请上传部门复函' }).min(1, '请上传部门复函').max(64),
  }),
  /** 公示异议调查 */
  'filing-objection': z.object({
    findings: text('调查结论'),
    decision: z.enum(['continue', 'refuse'], { error: '请选择调查结果' }),
  }),
  /** 录入上报: the filing level among those the household qualifies for, with the evidence. */
  'filing-report': z.object({
    filingLevel: z.enum(['national', 'provincial', 'city', 'county', 'grassroots'], { error: '请选择建档级别' }),
    confirmed: z.literal(true, { error: '请确认佐证材料齐全、信息属实' }),
  }),
  /** 三月走访: helper and worker agree the year's plan (一户一策). */
  'help-plan': z.object({
    visitDate: z.string({ error: '请填写走访日期' }).refine(isIsoDate, '走访日期应为“年-月-日”格式，如 2026-03-02'),
    measures: z.array(z.enum(['employment', 'social_insurance', 'medical_insurance', 'social_assistance', 'other'], { error: '帮扶措施无效' }), { error: '请选择帮扶措施' }).min(1, '请至少选择一项帮扶措施'),
    programmes: z.array(z.enum(['skills_training', 'startup_aid', 'sunshine_employment', 'medical_mutual_aid', 'golden_autumn_education', 'pairing', 'winter_warmth', 'other'], { error: '帮扶计划无效' })).default([]),
    planText: text('一户一策帮扶计划'),
    /** the assistance projects the household is enrolled in that the plan relies on (issue 10) */
    projectIds: z.array(z.string().max(64)).max(20, '项目最多20个').optional(),
    promisedExitDate: z.string({ error: '请填写预计脱困时间' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, '预计脱困时间应为“年-月”格式，如 2027-12'),
  }),
  /** 十二月帮扶效果评价 (认定书, attachment 4): the proposal confirmed or overridden with a reason. */
  'help-evaluation': z
    .object({
      outcome: z.enum(['exited', 'relieved', 'not_effective'], { error: '请选择评价结果' }),
      causesRemoved: z.boolean({ error: '请说明致困因素是否消除' }),
      effectDescription: text('效果描述'),
      overrideReason: z.string().trim().max(1000, '理由不能超过1000字').optional(),
    })
    .refine((v) => v.outcome !== 'exited' || v.causesRemoved, { message: '致困因素未消除，不能认定为脱困', path: ['outcome'] }),
  /** 工会主席签署认定书 */
  'help-sign': z.object({ signed: z.literal(true, { error: '请确认签署认定书' }), comment: z.string().trim().max(500).optional() }),
  /** 档案注销 / 转出: the chair of the file's union approves or declines (issue 10). */
  'file-cancel-approval': lifeEventDecision,
  'file-transfer-approval-from': lifeEventDecision,
  /** 接收工会审批: the new union's chair approves and picks the household's helper. */
  'file-transfer-approval-to': lifeEventDecision
    .and(z.object({ helperId: z.string().trim().max(64).optional() }))
    .refine((v) => v.decision !== 'approve' || !!v.helperId, { message: '请指定本工会的帮扶责任人', path: ['helperId'] }),
  ...CAMPAIGN_TASK_FORMS,
} as const;

export type FormKey = keyof typeof TASK_FORMS;

/** SPEC §5.2: 解困脱困措施 and 解困脱困计划 (attachment 3). */
export const MEASURES = ['employment', 'social_insurance', 'medical_insurance', 'social_assistance', 'other'] as const;
export const PROGRAMMES = ['skills_training', 'startup_aid', 'sunshine_employment', 'medical_mutual_aid', 'golden_autumn_education', 'pairing', 'winter_warmth', 'other'] as const;
export const OUTCOMES = ['exited', 'relieved', 'not_effective'] as const;

export function isFormKey(key: string | null | undefined): key is FormKey {
  return !!key && key in TASK_FORMS;
}
