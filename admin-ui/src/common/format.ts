/**
 * Display helpers. Dates are shown in Asia/Shanghai whatever the browser's zone; money is
 * integer fen everywhere (SPEC §2) and becomes yuan only on screen and in money inputs.
 */
import { formatYuan } from '../../../workers/eligibility/money';

export const TIME_ZONE = 'Asia/Shanghai';

const dateTimeParts = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(value: string | number | Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of dateTimeParts.formatToParts(new Date(value))) out[p.type] = p.value;
  return out;
}

/** 2026-11-25 09:30 (Asia/Shanghai); empty for a missing or unreadable value. */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (value == null || value === '' || Number.isNaN(new Date(value).getTime())) return '';
  const p = parts(value);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** 2026-11-25 (Asia/Shanghai). A bare YYYY-MM-DD is a calendar date and is shown as is. */
export function formatDate(value: string | number | Date | null | undefined): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return formatDateTime(value).slice(0, 10);
}

/** Today's calendar date in Asia/Shanghai, YYYY-MM-DD (for ages and date inputs). */
export function todayInShanghai(now: Date = new Date()): string {
  return formatDate(now);
}

/** ¥1,234.50 from integer fen; empty for a missing value. */
export function formatFen(fen: number | null | undefined): string {
  return typeof fen === 'number' && Number.isFinite(fen) ? formatYuan(Math.round(fen)) : '';
}

/** Yuan typed in a money input → integer fen; rounds to the fen (the input shows what was kept). */
export function yuanToFen(yuan: number | string | null | undefined): number | null {
  if (yuan == null || yuan === '') return null;
  const n = typeof yuan === 'number' ? yuan : Number(yuan);
  return Number.isFinite(n) ? Math.round(n * 100) : null;
}

/** Integer fen → the yuan text a money input shows (2 decimals). */
export function fenToYuanText(fen: number | null | undefined): string {
  if (typeof fen !== 'number' || !Number.isFinite(fen)) return '';
  return (fen / 100).toFixed(2);
}

const relative = new Intl.RelativeTimeFormat('zh-CN', { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** “3天后” / “2小时前”: how far a due date is from now, in the largest whole unit. */
export function formatRelative(value: string | number | Date, now: Date = new Date()): string {
  const diff = new Date(value).getTime() - now.getTime();
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return relative.format(Math.trunc(diff / ms), unit);
  }
  return relative.format(0, 'minute');
}
