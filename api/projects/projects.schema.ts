import { z } from 'zod';
import { CATEGORIES, ENROLMENT_STATUSES, FUND_LEVELS, PROJECT_OUTCOMES, TARGET_KINDS } from '../../workers/projects/vocabulary';
import { isIsoDate } from '../../workers/identity/resident-id';

const day = (label: string) => z.string({ error: `请填写${label}` }).refine(isIsoDate, `${label}应为“年-月-日”格式，如 2026-05-01`);
/** Required text of bounded length (U+0000 is refused for every body by api/http/text-guard.ts). */
const text = (label: string, max: number) =>
  z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}不能超过${max}个字`);
const fen = (label: string) => z.int({ error: `${label}须为整数（单位：分）` }).min(0, `${label}不能为负数`).max(100_000_000_000, `${label}过大`);

/** 发布分类帮扶项目 (city and county unions). Money in fen. */
export const PublishProjectSchema = z
  .object({
    orgId: z.string().max(40).optional(),
    name: text('项目名称', 100),
    category: z.enum(CATEGORIES, { error: '请选择帮扶类别（六个一批）' }),
    fundLevel: z.enum(FUND_LEVELS, { error: '请选择资金级别' }),
    budget: fen('项目预算').refine((v) => v > 0, '项目预算须大于0'),
    targetCount: z.int({ error: '目标人数须为整数' }).min(1, '目标人数至少为1').max(1_000_000, '目标人数过大').optional(),
    targetKind: z.enum(TARGET_KINDS, { error: '请选择目标对象（户或人次）' }),
    startDate: day('开始日期'),
    endDate: day('结束日期'),
    eligibilityNotes: text('对象条件', 2000),
  })
  .refine((v) => v.startDate <= v.endDate, { message: '结束日期不能早于开始日期', path: ['endDate'] });

export const EnrolSchema = z.object({ fileId: z.string({ error: '请选择档案' }).min(1, '请选择档案').max(64) });

export const EnrolmentOutcomeSchema = z
  .object({
    status: z.enum(ENROLMENT_STATUSES, { error: '状态无效' }),
    outcome: z.enum(PROJECT_OUTCOMES, { error: '请选择帮扶成效' }).optional(),
    outcomeNote: z.string().trim().max(1000, '成效说明不能超过1000个字').optional(),
  })
  .refine((v) => v.status === 'enrolled' || !!v.outcome, { message: '结项或退出须选择帮扶成效', path: ['outcome'] });

export const SpendingSchema = z.object({
  amount: fen('支出金额').refine((v) => v > 0, '支出金额须大于0'),
  spentOn: day('支出日期'),
  note: text('支出说明', 500),
  fileId: z.string().max(64).optional(),
  disbursementId: z.string().max(64).optional(),
});

export const ProjectFilterSchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  category: z.enum(CATEGORIES, { error: '帮扶类别无效' }).optional(),
  orgId: z.string().max(40).optional(),
  /** only projects a file of this union may be enrolled in */
  forFileId: z.string().max(64).optional(),
});
