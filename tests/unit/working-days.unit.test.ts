import { describe, expect, it } from 'vitest';
import { addWorkingDays, workingDaysBetween, type WorkingCalendar } from '../../workers/calendar/working-days';

/** 2026-10: National Day week. 1–7 Oct rest (Thu–Wed), Sat 10 Oct a make-up workday. */
const CAL: WorkingCalendar = {
  holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']),
  workdays: new Set(['2026-10-10']),
};
const PLAIN: WorkingCalendar = { holidays: new Set(), workdays: new Set() };

describe('workingDaysBetween: the age of a stalled task in working days (SPEC §5.1 calendar)', () => {
  it('counts working days from the first day up to, not including, the last', () => {
    // Fri 6 Mar 2026 → Tue 10 Mar: Fri and Mon count, the weekend does not, Tue is today
    expect(workingDaysBetween('2026-03-06', '2026-03-10', PLAIN)).toBe(2);
    expect(workingDaysBetween('2026-03-10', '2026-03-10', PLAIN)).toBe(0);
    expect(workingDaysBetween('2026-03-11', '2026-03-10', PLAIN)).toBe(0);
  });

  it('skips listed holidays and counts make-up workdays', () => {
    // Wed 30 Sep → Mon 12 Oct: 30 Sep, 8 Oct (Thu), 9 Oct (Fri), 10 Oct (Sat, make-up)
    expect(workingDaysBetween('2026-09-30', '2026-10-12', CAL)).toBe(4);
    expect(workingDaysBetween('2026-09-30', '2026-10-12', PLAIN)).toBe(8);
  });

  it('is the inverse of addWorkingDays', () => {
    for (const [from, n] of [
      ['2026-09-28', 5],
      ['2026-03-06', 3],
      ['2026-10-01', 1],
    ] as const) {
      const to = addWorkingDays(from, n, CAL);
      // addWorkingDays does not count `from` itself; between counts [from, to): shift by one day
      const next = new Date(Date.parse(`${from}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const plusOne = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      expect(workingDaysBetween(next, plusOne, CAL), `${from} + ${n}`).toBe(n);
    }
  });
});
