/**
 * The yearly calendar of the help cycle (seed 四5: 入户时间可集中安排在每年3月和12月): the plan is made
 * from 1 March, the evaluation from 20 December, Asia/Shanghai. A file filed after 1 December is
 * first evaluated the next December.
 */
export const HELP_CALENDAR = {
  planFrom: process.env.HELP_PLAN_FROM ?? '03-01',
  evaluationFrom: process.env.HELP_EVALUATION_FROM ?? '12-20',
  lastFilingForThisYear: '12-01',
};

const shanghai = (date: string) => new Date(`${date}T00:00:00+08:00`);

export function helpCycleDates(now: Date, year?: number) {
  const today = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const thisYear = Number(today.slice(0, 4));
  const cycleYear = year ?? (today >= `${thisYear}-${HELP_CALENDAR.lastFilingForThisYear}` ? thisYear + 1 : thisYear);
  const planFrom = shanghai(`${cycleYear}-${HELP_CALENDAR.planFrom}`);
  return {
    year: cycleYear,
    planFrom: (planFrom > now ? planFrom : now).toISOString(),
    evaluationFrom: shanghai(`${cycleYear}-${HELP_CALENDAR.evaluationFrom}`).toISOString(),
    evaluationMonth: `${cycleYear}-12`,
  };
}
