/**
 * December evaluation of a file (SPEC §5.2, seed 二(二) and 三):
 * 脱困 — 致困因素消除，家庭人均收入连续6个月超过当地最低生活保障标准;
 * 解困 — 家庭人均收入明显增加，困境得到有效缓解; otherwise 效果不理想. Pure: no I/O.
 */
import { z } from 'zod';
import { MAX_MONTHLY_STANDARD_FEN } from '../eligibility/schemas';
import { formatYuan, roundHalfUpDiv, type Ratio } from '../eligibility/money';
import { isIsoDate } from '../identity/resident-id';

/** 连续6个月 (seed 三 脱困标准). */
export const EXIT_CONSECUTIVE_MONTHS = 6;
/** Number of most recent recorded months averaged for the 解困 test. */
export const RELIEF_WINDOW_MONTHS = 6;
/**
 * "明显增加" is not quantified by the seed; by default the average of the last 6 recorded months
 * must be at least 20 % above the per-capita income at filing (ratio 6/5). Configurable per call.
 */
export const DEFAULT_RELIEVED_MIN_RATIO: Ratio = { num: 6, den: 5 };

/** Bound on a monthly per-capita figure (¥1亿), keeps the integer sums exact. */
const MAX_MONTHLY_FEN = 10_000_000_000;

/** Years 1900–2099: the record starts with a file and the window arithmetic needs no year 0. */
const MONTH = /^(19|20)\d{2}-(0[1-9]|1[0-2])$/;
const MonthSchema = z.string().regex(MONTH, { error: '月份应为“年-月”格式，如 2026-03' });
const perCapitaFen = (label: string) =>
  z
    .int({ error: `${label}应为以分计的整数` })
    .min(-MAX_MONTHLY_FEN, { error: `${label}超出允许范围` })
    .max(MAX_MONTHLY_FEN, { error: `${label}超出允许范围` });

export const ExitInputSchema = z.object({
  /** Per-capita monthly income per month, fen; order does not matter. */
  incomeRecord: z
    .array(z.object({ month: MonthSchema, perCapita: perCapitaFen('人均月收入') }))
    .superRefine((rows, ctx) => {
      const seen = new Set<string>();
      rows.forEach((r, i) => {
        if (seen.has(r.month)) ctx.addIssue({ code: 'custom', path: [i, 'month'], message: `${r.month}的收入记录重复` });
        seen.add(r.month);
      });
    }),
  /** Dibao of the household's region over time; a month uses the latest `validFrom` ≤ its first day. */
  dibaoHistory: z
    .array(
      z.object({
        validFrom: z.string().refine(isIsoDate, { error: '日期应为有效的“年-月-日”，如 2026-03-02' }),
        dibao: z
          .int({ error: '低保标准应为以分计的整数' })
          .min(1, { error: '低保标准必须大于0' })
          .max(MAX_MONTHLY_STANDARD_FEN, { error: '低保标准超出允许范围' }),
      }),
    )
    .min(1, { error: '缺少低保标准' })
    .superRefine((rows, ctx) => {
      const seen = new Set<string>();
      rows.forEach((r, i) => {
        if (seen.has(r.validFrom)) ctx.addIssue({ code: 'custom', path: [i, 'validFrom'], message: `${r.validFrom}起的低保标准重复` });
        seen.add(r.validFrom);
      });
    }),
  /** 致困因素消除, as recorded by the helper and grassroots staff. */
  causesRemoved: z.boolean({ error: '请说明致困因素是否消除' }),
  /** Per-capita monthly income at filing, fen. */
  baselinePerCapita: perCapitaFen('建档时人均月收入'),
  evaluationMonth: MonthSchema,
  /** Average / baseline must reach num/den for 解困; default 6/5 (+20 %). */
  relievedMinRatio: z
    .object({ num: z.int().min(1).max(1000), den: z.int().min(1).max(1000) })
    .refine((r) => r.num >= r.den, { error: '解困标准的倍数不能小于1' })
    .default(DEFAULT_RELIEVED_MIN_RATIO),
});
export type ExitInput = z.input<typeof ExitInputSchema>;

export type ExitOutcome = 'exited' | 'relieved' | 'not_effective';

export type ExitMonth = {
  month: string;
  /** null when the month is missing from the record. */
  perCapita: number | null;
  /** null when no dibao was in force that month. */
  dibao: number | null;
  /** perCapita strictly above dibao. */
  above: boolean;
};

export type ExitJudgement = {
  outcome: ExitOutcome;
  /** The 6 calendar months up to the evaluation month, oldest first. */
  months: ExitMonth[];
  /** The figures of the 解困 test; null when fewer than 6 months are recorded. */
  relief: { months: string[]; averagePerCapita: number; baselinePerCapita: number; clearlyUp: boolean } | null;
  /** zh-CN; the first sentence states the outcome as the 认定书 words it. */
  reasons: string[];
};

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

function monthOf(index: number): string {
  const m = (index % 12) + 1;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}`;
}

/** Tenths of a percent as "20%" / "12.5%" / "-3.4%". */
function formatPercentTenths(tenths: number): string {
  const abs = Math.abs(tenths);
  const whole = Math.floor(abs / 10);
  const frac = abs % 10;
  return `${tenths < 0 ? '-' : ''}${whole}${frac === 0 ? '' : `.${frac}`}%`;
}

/** The dibao in force on the first day of `month`: the latest validFrom ≤ that day. */
export function dibaoForMonth(history: { validFrom: string; dibao: number }[], month: string): number | null {
  const firstDay = `${month}-01`;
  let best: { validFrom: string; dibao: number } | null = null;
  for (const h of history) if (h.validFrom <= firstDay && (best === null || h.validFrom > best.validFrom)) best = h;
  return best === null ? null : best.dibao;
}

/**
 * Judges the year's help from the income record (throws `ZodError` on invalid input).
 * `exited` needs each of the 6 calendar months up to `evaluationMonth` recorded and strictly
 * above that month's dibao, and the causes removed; a missing month breaks the run.
 * `relieved`: the average of the last 6 recorded months (≤ evaluationMonth) is above the
 * baseline and reaches `relievedMinRatio` × baseline (for a negative baseline: baseline +
 * (ratio − 1) × |baseline|). Records after the evaluation month are ignored.
 */
export function judgeExit(input: ExitInput): ExitJudgement {
  const p = ExitInputSchema.parse(input);
  const evalIndex = monthIndex(p.evaluationMonth);
  const byMonth = new Map(p.incomeRecord.map((r) => [r.month, r.perCapita]));

  const months: ExitMonth[] = [];
  const breaks: string[] = [];
  for (let i = evalIndex - EXIT_CONSECUTIVE_MONTHS + 1; i <= evalIndex; i++) {
    const month = monthOf(i);
    const recorded = byMonth.get(month);
    const perCapita = recorded === undefined ? null : recorded;
    const dibao = dibaoForMonth(p.dibaoHistory, month);
    const above = perCapita !== null && dibao !== null && perCapita > dibao;
    months.push({ month, perCapita, dibao, above });
    if (perCapita === null) breaks.push(`缺少${month}的收入记录，连续月数中断`);
    else if (dibao === null) breaks.push(`${month}没有适用的低保标准，无法比较`);
    else if (!above) breaks.push(`${month}人均月收入${formatYuan(perCapita)}未超过当月低保标准${formatYuan(dibao)}`);
  }
  const first = months[0].month;
  const incomeReasons =
    breaks.length === 0
      ? [`${first}至${p.evaluationMonth}连续${EXIT_CONSECUTIVE_MONTHS}个月人均月收入均超过当月低保标准`]
      : [`${first}至${p.evaluationMonth}未能连续${EXIT_CONSECUTIVE_MONTHS}个月超过低保标准`, ...breaks];
  const causeReason = p.causesRemoved ? '致困因素已消除' : '致困因素尚未消除';

  const recent = p.incomeRecord
    .filter((r) => monthIndex(r.month) <= evalIndex)
    .sort((a, b) => monthIndex(b.month) - monthIndex(a.month))
    .slice(0, RELIEF_WINDOW_MONTHS);
  let relief: ExitJudgement['relief'] = null;
  let reliefReason: string;
  const ratio = p.relievedMinRatio;
  const thresholdText = formatPercentTenths(roundHalfUpDiv((ratio.num - ratio.den) * 1000, ratio.den));
  if (recent.length < RELIEF_WINDOW_MONTHS) {
    reliefReason = `收入记录不足${RELIEF_WINDOW_MONTHS}个月（仅${recent.length}个月），无法认定收入明显增加`;
  } else {
    const n = recent.length;
    const sum = recent.reduce((acc, r) => acc + r.perCapita, 0);
    const b = p.baselinePerCapita;
    // avg ≥ b + |b|·(num − den)/den and avg > b, multiplied out by n·den.
    const clearlyUp = sum * ratio.den >= n * (b * ratio.den + Math.abs(b) * (ratio.num - ratio.den)) && sum > n * b;
    const average = roundHalfUpDiv(sum, n);
    const recentMonths = recent.map((r) => r.month).sort();
    relief = { months: recentMonths, averagePerCapita: average, baselinePerCapita: b, clearlyUp };
    const change =
      b === 0 ? '' : `，变化${formatPercentTenths(roundHalfUpDiv((sum - n * b) * 1000, n * Math.abs(b)))}`;
    reliefReason =
      `最近${n}个记录月（${recentMonths[0]}至${recentMonths[n - 1]}）平均人均月收入约${formatYuan(average)}，` +
      `建档时为${formatYuan(b)}${change}，${clearlyUp ? '达到' : '未达到'}“明显增加”的标准（增加${thresholdText}以上）`;
  }

  let outcome: ExitOutcome;
  let verdict: string;
  if (breaks.length === 0 && p.causesRemoved) {
    outcome = 'exited';
    verdict = '符合脱困标准，建议注销档案';
  } else if (relief !== null && relief.clearlyUp) {
    outcome = 'relieved';
    verdict = '符合解困标准，建议继续帮扶';
  } else {
    outcome = 'not_effective';
    verdict = '帮扶效果不理想，建议继续帮扶';
  }
  return { outcome, months, relief, reasons: [verdict, ...incomeReasons, causeReason, reliefReason] };
}
