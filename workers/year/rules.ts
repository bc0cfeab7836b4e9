/**
 * Pure rules for organising a year (issue 10, part B): milestone status, the unused upper funds
 * of a union, summing reports upward, and the yearly assessment's proposal.
 */

export type MilestoneStatus = 'done' | 'late' | 'open' | 'missed' | 'not_applicable';
/** How far a union is with a milestone at an instant: `done` of `total` things; null when it has none. */
export type Progress = { done: number; total: number } | null;

const complete = (p: Progress) => p !== null && p.done >= p.total;

/**
 * A milestone's status for a union: done when complete at its deadline (or now, before it);
 * open while the deadline is ahead; past it, late when complete since, else missed.
 */
export function milestoneStatus(at: (t: Date) => Progress, now: Date, deadline: Date): MilestoneStatus {
  const first = at(now < deadline ? now : deadline);
  if (first === null) return 'not_applicable';
  if (complete(first)) return 'done';
  if (now <= deadline) return 'open';
  return complete(at(now)) ? 'late' : 'missed';
}

export interface FundTxn {
  kind: string;
  /** signed fen: credits positive, debits negative */
  amount: bigint;
  createdAt: Date;
}

/**
 * 上级工会下拨帮扶资金尚未使用的 (seed 一(一)) of one account at a cut-off instant: what came in
 * from upper unions (allocation_in) less what went out (payments net of reversals, allocations
 * further down), never more than the balance. Money being fungible, upper funds count as spent
 * first; a union's own retained funds are what remains after them.
 */
export function unusedUpperFunds(txns: FundTxn[], cutoff: Date): { received: bigint; used: bigint; unused: bigint; balance: bigint } {
  let received = 0n;
  let outflow = 0n;
  let balance = 0n;
  for (const t of txns) {
    if (t.createdAt > cutoff) continue;
    balance += t.amount;
    if (t.kind === 'allocation_in') received += t.amount;
    if (t.kind === 'payment' || t.kind === 'allocation_out' || t.kind === 'reversal') outflow -= t.amount;
  }
  const left = received - outflow;
  const unused = left <= 0n ? 0n : left < balance ? left : balance > 0n ? balance : 0n;
  return { received, used: received - unused, unused, balance };
}

/** 统计期: `YYYY` or `YYYY-MM`. */
/** The instants [start, end) of `YYYY` or `YYYY-MM` in Asia/Shanghai, and the same as date columns. */
export function periodWindow(period: string) {
  const [y, m] = period.split('-').map(Number);
  const next = m ? (m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`) : `${y + 1}-01`;
  const first = m ? `${period}-01` : `${y}-01-01`;
  return {
    year: y,
    start: new Date(`${first}T00:00:00+08:00`),
    end: new Date(`${next}-01T00:00:00+08:00`),
    startDay: new Date(`${first}T00:00:00Z`),
    endDay: new Date(`${next}-01T00:00:00Z`),
  };
}

/** Figures are nested records of numbers; reports sum upward leaf by leaf. */
export type Figures = { [key: string]: number | Figures };

export function sumFigures(all: Figures[]): Figures {
  const out: Figures = {};
  for (const f of all) addInto(out, f);
  return out;
}

function addInto(into: Figures, from: Figures) {
  for (const [k, v] of Object.entries(from)) {
    if (typeof v === 'number') into[k] = ((into[k] as number | undefined) ?? 0) + v;
    else addInto((into[k] ??= {}) as Figures, v);
  }
}

/**
 * seed 四2: 对未完成困难职工解困脱困任务的下级工会应扣除目标考核该项工作分值，并且减拨下年度帮扶资金.
 * The seed sets neither figure; the proposal takes off the item's whole score and cuts next
 * year's allocation by the share of the exit target not reached. The city confirms or changes it.
 */
export const ASSESSMENT_ITEM_POINTS = 10;

export function assessmentProposal(target: number, exits: number): { targetReached: boolean; deductionPoints: number; allocationCutPct: number } {
  if (exits >= target) return { targetReached: true, deductionPoints: 0, allocationCutPct: 0 };
  return { targetReached: false, deductionPoints: ASSESSMENT_ITEM_POINTS, allocationCutPct: Math.ceil(((target - exits) * 100) / target) };
}
