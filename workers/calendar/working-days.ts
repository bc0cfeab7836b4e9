/**
 * The working-day calendar of deadlines and 公示 (SPEC §5.1): Saturdays and Sundays are rest
 * days unless listed as make-up workdays (调休上班); listed public holidays are rest days. Days are
 * Asia/Shanghai calendar days. Pure: the caller loads the listed days.
 */
export interface WorkingCalendar {
  /** YYYY-MM-DD of public holidays (rest days even on weekdays) */
  holidays: ReadonlySet<string>;
  /** YYYY-MM-DD of make-up workdays (working days even on weekends) */
  workdays: ReadonlySet<string>;
}

const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

function dayOf(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, cal: WorkingCalendar): boolean {
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The Nth working day after `date` (the day itself does not count). */
export function addWorkingDays(date: string, n: number, cal: WorkingCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('工作日天数应为非负整数');
  let day = dayOf(date);
  for (let left = n; left > 0; ) {
    day += 1;
    if (isWorkingDay(dateOf(day), cal)) left -= 1;
  }
  return dateOf(day);
}

/** The Shanghai calendar day of an instant. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_MS).toISOString().slice(0, 10);
}

/**
 * A deadline of N working days from an instant: the moment the Nth working day after the
 * instant's day has fully passed, i.e. 00:00 Asia/Shanghai of the following day.
 */
export function workingDeadline(from: Date, n: number, cal: WorkingCalendar): Date {
  const last = addWorkingDays(shanghaiDay(from), n, cal);
  return new Date((dayOf(last) + 1) * DAY_MS - SHANGHAI_MS);
}

/**
 * Working days in [from, to): how many whole working days have passed from the day `from` up to
 * (not including) the day `to`. The supervisors' age of a stalled task: from its due day to today.
 */
export function workingDaysBetween(from: string, to: string, cal: WorkingCalendar): number {
  let n = 0;
  for (let day = dayOf(from), end = dayOf(to); day < end; day++) if (isWorkingDay(dateOf(day), cal)) n += 1;
  return n;
}
