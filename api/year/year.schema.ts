/**
 * Request bodies and queries of the year's organisation (issue 10, part B): work plans, campaign
 * timelines, the fund clean-up report, statistics reports, assessments and the record book.
 * The admin UI reuses them for form validation.
 */
import { z } from 'zod';
import { isIsoDate } from '../../workers/identity/resident-id';
import { CATEGORIES } from '../../workers/projects/categories';
import { YearSchema } from '../campaigns/campaigns.schema';

/** Required text of bounded length (U+0000 is refused for every body by api/http/text-guard.ts). */
const text = (label: string, max: number) =>
  z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}不能超过${max}个字`);
const comment = (label: string) => z.string({ error: `${label}应为文字` }).trim().max(2000, `${label}不能超过2000个字`).default('');
const isoDate = (label: string) => z.string({ error: `请填写${label}` }).refine(isIsoDate, `${label}应为“年-月-日”格式，如 2026-04-30`);
const orgId = z.string({ error: '请选择工会组织' }).trim().min(1, '请选择工会组织').max(40, '工会组织编号无效');
const fen = (label: string) => z.number({ error: `${label}应为金额（分）` }).int(`${label}应为整数（分）`).min(0, `${label}不能为负数`).max(1e13, `${label}过大`);

/** 分类帮扶措施方案: one row per category the county union plans for (seed 二, 四5). */
export const WorkPlanSubmitSchema = z.object({
  items: z
    .array(
      z.object({
        category: z.enum(CATEGORIES, { error: '请选择帮扶类别（六个一批）' }),
        measures: text('帮扶措施', 2000),
        households: z.number({ error: '计划帮扶户数应为数字' }).int('计划帮扶户数应为整数').min(0, '计划帮扶户数不能为负数').max(100_000, '计划帮扶户数过大'),
        budget: fen('安排资金'),
      }),
      { error: '请按类别填写帮扶措施' },
    )
    .min(1, '请至少填写一个类别的帮扶措施')
    .max(CATEGORIES.length, '每个类别填写一行')
    .refine((items) => new Set(items.map((i) => i.category)).size === items.length, '每个类别只能填写一行'),
  planText: text('方案说明', 5000),
});

export const WorkPlanReviewSchema = z
  .object({
    decision: z.enum(['approve', 'return'], { error: '请选择审核意见' }),
    comment: comment('意见'),
  })
  .refine((v) => v.decision === 'approve' || v.comment, { message: '退回修改须写明原因', path: ['comment'] });

export const StartWorkPlansSchema = z.object({
  year: YearSchema,
  /** seed 四5: 每年4月底前报市总工会备案 */
  dueDate: isoDate('报送截止日期').optional(),
  orgId: orgId.optional(),
});

export const YearQuerySchema = z.object({ year: YearSchema.optional(), orgId: orgId.optional() });

const MilestoneSchema = z.object({
  key: z.enum(['fund_cleanup', 'data_entry', 'stock_cleanup', 'restoration', 'work_plan', 'classified_help', 'evaluation'], { error: '节点类型无效' }),
  name: text('节点名称', 100),
  start: isoDate('开始日期').nullable().default(null),
  end: isoDate('完成期限'),
});
export type Milestone = z.infer<typeof MilestoneSchema>;

export const CreateCampaignSchema = z.object({
  year: YearSchema,
  name: text('工作名称', 100),
  /** absent: the seed's 2018 timeline moved to the year */
  milestones: z.array(MilestoneSchema, { error: '节点应为列表' }).min(1, '请至少设置一个节点').max(20).optional(),
  orgId: orgId.optional(),
});

export const FundCleanupQuerySchema = z.object({ cutoff: isoDate('截止日期'), orgId: orgId.optional(), format: z.enum(['json', 'html', 'pdf', 'xlsx'], { error: '格式只能是 json、html、pdf 或 xlsx' }).default('json') });

const period = z.string({ error: '请填写统计期' }).regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, '统计期应为“年”或“年-月”，如 2026 或 2026-03');
export const GenerateReportSchema = z.object({ orgId, period });
export const ReviewReportSchema = WorkPlanReviewSchema;
export const ReportFilterSchema = z.object({ period: period.optional(), orgId: orgId.optional(), status: z.enum(['draft', 'submitted', 'accepted', 'returned']).optional() });
export const AggregateQuerySchema = z.object({ orgId, period, format: z.enum(['json', 'xlsx']).default('json') });

export const ComputeAssessmentsSchema = z.object({ year: YearSchema, orgId: orgId.optional() });
export const ConfirmAssessmentSchema = z.object({
  deductionPoints: z.number({ error: '扣分应为数字' }).int('扣分应为整数').min(0, '扣分不能为负数').max(100, '扣分不能超过100分').optional(),
  allocationCutPct: z.number({ error: '减拨比例应为数字' }).int('减拨比例应为整数').min(0, '减拨比例不能为负数').max(100, '减拨比例不能超过100%').optional(),
  comment: comment('意见'),
});

export const RecordBookQuerySchema = z.object({ orgId, year: YearSchema, format: z.enum(['json', 'html', 'pdf', 'xlsx']).default('json') });
export const ExportFormatSchema = z.object({ format: z.enum(['xlsx', 'html', 'pdf'], { error: '格式只能是 xlsx、html 或 pdf' }).default('xlsx') });
