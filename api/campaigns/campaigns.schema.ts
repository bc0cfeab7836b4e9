/**
 * Request bodies and queries of the clean-up campaign, dibao referral, spot check, target and
 * pairing endpoints (SPEC §5.3–5.5, §7). The admin UI reuses them for form validation.
 */
import { z } from 'zod';
import { isIsoDate } from '../../workers/identity/resident-id';
import { CANCEL_REASONS } from '../../workers/campaigns/vocabulary';
import { ApplicationSchema } from '../applications/application.schema';

const text = (label: string, max: number) =>
  z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}不能超过${max}个字`);
const isoDate = (label: string) => z.string({ error: `请填写${label}` }).refine(isIsoDate, `${label}应为“年-月-日”格式，如 2026-06-30`);
const orgId = z.string({ error: '请选择工会组织' }).trim().min(1, '请选择工会组织').max(40, '工会组织编号无效');
export const YearSchema = z.coerce
  .number({ error: '年度应为数字，如 2026' })
  .int('年度应为整数，如 2026')
  .min(2000, '年度不能早于 2000 年')
  .max(2100, '年度不能晚于 2100 年');

export const StartCleanupSchema = z
  .object({
    name: text('清理活动名称', 100),
    /** files established before this day are stock (存量) */
    stockCutoff: isoDate('存量档案截止日期'),
    /** files established from the stock cut-off up to and including this day are increment (增量) */
    incrementCutoff: isoDate('增量档案截止日期'),
    /** the city union, when the reviewer holds the role at more than one */
    orgId: orgId.optional(),
  })
  .refine((v) => v.stockCutoff < v.incrementCutoff, { message: '增量档案截止日期应晚于存量档案截止日期', path: ['incrementCutoff'] });

export const CleanupDecisionInputSchema = z
  .object({
    decision: z.enum(['keep', 'cancel'], { error: '请选择保留完善或注销' }),
    reason: z.enum(CANCEL_REASONS, { error: '请选择注销原因（死亡、调离、解除劳动合同、辞职、脱困）' }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'cancel' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '注销须选择原因' });
    if (v.decision === 'keep' && v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '保留的档案不填写注销原因' });
  });
export type CleanupDecisionInput = z.infer<typeof CleanupDecisionInputSchema>;

export const RestoreFileSchema = z.object({
  comment: text('恢复申请说明', 500),
  /** the declaration brought up to date (seed 一(三): 补充录入相关信息); the old one when absent */
  application: ApplicationSchema.optional(),
});

export const StartReferralSchema = z.object({
  year: YearSchema.optional(),
  /** YYYY-MM-DD: the day the counties' lists are due at the city; 30 June of the year by default */
  deadline: isoDate('报送截止日期').optional(),
  orgId: orgId.optional(),
});

export const StartSpotCheckSchema = z.object({
  orgId,
  year: YearSchema,
  sharePct: z.number({ error: '请填写抽查比例（%）' }).int('抽查比例应为整数（%）').min(1, '抽查比例至少 1%').max(100, '抽查比例不能超过 100%'),
  seed: z.number({ error: '请填写随机种子（整数）' }).int('随机种子应为整数').min(0, '随机种子不能为负数').max(2_147_483_647, '随机种子过大'),
});

export const TargetInputSchema = z.object({
  orgId,
  year: YearSchema,
  exitRatePct: z.number({ error: '请填写脱困目标比例（%）' }).int('脱困目标比例应为整数（%）').min(1, '脱困目标比例至少 1%').max(100, '脱困目标比例不能超过 100%'),
  /** the year every stock (存量) file must have exited by (seed 三: 2020年…存量档案…全面实现解困脱困) */
  stockExitYear: YearSchema.nullable().optional(),
});

export const TargetQuerySchema = z.object({ year: YearSchema.optional(), orgId: orgId.optional() });
export const PairingQuerySchema = z.object({ year: YearSchema.optional(), short: z.enum(['true', 'false'], { error: 'short 只能是 true 或 false' }).optional() });
