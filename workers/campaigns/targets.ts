/**
 * Exit targets and pairing (SPEC §7, seed 三 and 四5): pure rules over figures the API loads.
 */

/** seed 三: 2018年起，对所有建档的困难职工实现20%以上脱困 — unless set per union (各区县…另行安排). */
export const DEFAULT_EXIT_RATE_PCT = 20;
/** seed 四5: 每人结对帮扶建档困难职工不少于5户 */
export const MIN_PAIRED_HOUSEHOLDS = 5;
/** seed 四5: 结对帮扶人员每年入户不少于２次 */
export const MIN_PAIRING_VISITS = 2;

/** Org kinds whose cadres are second helpers (市、区县工会干部): the city and its county-level unions. */
export const CADRE_ORG_KINDS = ['city', 'county', 'direct', 'system'];

/** A calendar year in Asia/Shanghai as the instants [start, end). */
export function yearWindow(year: number): { start: Date; end: Date } {
  return { start: new Date(`${year}-01-01T00:00:00+08:00`), end: new Date(`${year + 1}-01-01T00:00:00+08:00`) };
}

/**
 * Whether a household counts for a year: filed by the year's end and not closed before it
 * began. A file closed during the year counts only when it closed by exiting, so a death or a
 * transfer does not make the target easier or harder.
 */
export function countsForYear(f: { filedAt: Date | null; closedAt: Date | null }, exitedInYear: boolean, year: number): boolean {
  const { start, end } = yearWindow(year);
  if (!f.filedAt || f.filedAt >= end) return false;
  if (!f.closedAt || f.closedAt >= end) return true;
  return f.closedAt >= start && exitedInYear;
}

/** The number of exits a union owes: the rate of its households, rounded up. */
export function exitTarget(households: number, ratePct: number): number {
  return Math.floor((households * ratePct + 99) / 100);
}

export interface TargetProgress {
  households: number;
  exitRatePct: number;
  target: number;
  exits: number;
  /** exits as a whole percentage of the target (100 when the target is zero) */
  progressPct: number;
  met: boolean;
}

export function targetProgress(households: number, exits: number, exitRatePct: number): TargetProgress {
  const target = exitTarget(households, exitRatePct);
  return { households, exitRatePct, target, exits, progressPct: target ? Math.floor((exits * 100) / target) : 100, met: exits >= target };
}

/** What a cadre's pairing lacks this year (empty when it meets seed 四5). */
export function pairingShortfalls(households: number, visits: number): Array<'households' | 'visits'> {
  return [...(households < MIN_PAIRED_HOUSEHOLDS ? ['households' as const] : []), ...(visits < MIN_PAIRING_VISITS ? ['visits' as const] : [])];
}
