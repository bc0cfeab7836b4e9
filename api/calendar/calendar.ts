import type { PrismaClient } from '../../prisma/generated/client';
import type { Tx } from '../db/client';
import type { WorkingCalendar } from '../../workers/calendar/working-days';

/** Loads the listed holidays and make-up workdays (a few dozen rows a year). */
export async function loadCalendar(db: Tx | PrismaClient): Promise<WorkingCalendar> {
  const rows = await db.calendarDay.findMany();
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return {
    holidays: new Set(rows.filter((r) => r.kind === 'holiday').map((r) => day(r.date))),
    workdays: new Set(rows.filter((r) => r.kind === 'workday').map((r) => day(r.date))),
  };
}
