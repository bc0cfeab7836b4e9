import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSystem } from '../support/system';
import { APPROVE, complete, officials, toApproval, toCountyReview } from '../support/filing';
import { demoApplication } from '../support/fixtures';
import { ManualClock } from '../../api/clock';

/**
 * 困难职工档案恢复和新建 (seed 一(三): 2018年4月11日——30日…接受困难职工建档申请): the timeline's
 * restoration milestone counts the applications made in the window and is done when every one
 * of them is decided. "Made" is the file's createdAt, which follows the application's clock, so
 * a test that moves time sees the April it set.
 */
describe('the restoration milestone of the campaign timeline, on a moved clock', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let o: Awaited<ReturnType<typeof officials>>;

  beforeAll(async () => {
    sys = await testSystem({ clock: new ManualClock('2026-04-03T02:00:00Z') });
    o = await officials(sys);
    // county-level criteria, so that a case is filed by the county (one review, not four)
    const rules = await o.admin.post('/api/level-rule-sets', {
      level: 'county',
      validFrom: '2026-01-01',
      title: '江阳区县级困难职工建档标准（演示）',
      perCapitaCeiling: { base: 'dibao', multiple: { num: 2, den: 1 }, inclusive: true },
      requireHardshipCause: true,
      netOfExpensesCeiling: null,
      acceptsNationalCriteria: true,
    });
    expect(rules.status).toBe(201);
  });
  afterAll(() => sys.stop());

  const restoration = async (timelineId: string, orgId: string) => {
    const progress = (await o.supervisor.get(`/api/timelines/${timelineId}`)).body;
    return progress.unions.find((u: any) => u.orgId === orgId).milestones.find((m: any) => m.key === 'restoration');
  };

  it('counts the applications of 11–30 April, done when each is decided; one left undecided is missed', async () => {
    const prisma = sys.db.prisma;
    // 3 April: an application before the window is not the milestone's
    const early = await o.staff.post('/api/applications', demoApplication(41));
    expect(early.status, JSON.stringify(early.body)).toBe(201);
    await sys.engine.drain();
    const timeline = await o.city.post('/api/timelines', { year: 2026, name: '2026年困难职工解困脱困工作' });
    expect(timeline.status, JSON.stringify(timeline.body)).toBe(201);
    expect(timeline.body.milestones.find((m: any) => m.key === 'restoration')).toMatchObject({ start: '2026-04-11', end: '2026-04-30' });

    // 13 April: two applications at 江阳区北城街道工会; the files are made at the application's time
    sys.clock.set('2026-04-13T02:00:00Z');
    const waiting = await o.staff.post('/api/applications', demoApplication(42));
    expect(waiting.status, JSON.stringify(waiting.body)).toBe(201);
    await sys.engine.drain();
    const filed = await toApproval(sys, o, 43);
    for (const [id, at] of [[early.body.id, '2026-04-03T02:00:00.000Z'], [waiting.body.id, '2026-04-13T02:00:00.000Z'], [filed.id, '2026-04-13T02:00:00.000Z']]) {
      expect((await prisma.householdFile.findUniqueOrThrow({ where: { id } })).createdAt.toISOString()).toBe(at);
    }
    expect(await restoration(timeline.body.id, '510502-01')).toMatchObject({ status: 'open', done: 0, total: 2 });

    // the county files one of them before the end of April
    await toCountyReview(sys, o, filed.caseNo, 'county');
    await complete(sys, o.county, 'countyReview', filed.caseNo, APPROVE);
    const file = await prisma.householdFile.findUniqueOrThrow({ where: { id: filed.id } });
    expect(file.status).toBe('filed');
    expect(file.filedAt!.getTime()).toBeLessThan(new Date('2026-04-30T16:00:00Z').getTime());
    for (const union of ['510502-01', '510502']) expect(await restoration(timeline.body.id, union)).toMatchObject({ status: 'open', done: 1, total: 2 });
    // a union without applications in the window has nothing to restore
    expect(await restoration(timeline.body.id, '510503')).toMatchObject({ status: 'not_applicable', total: 0 });

    // 2 May: the other application is still at the household survey — missed, and listed for the supervisors
    sys.clock.set('2026-05-02T02:00:00Z');
    expect(await restoration(timeline.body.id, '510502-01')).toMatchObject({ status: 'missed', done: 1, total: 2 });
    const missed = (await o.supervisor.get(`/api/timelines/${timeline.body.id}/missed`)).body.filter((m: any) => m.key === 'restoration');
    // the union and the unions above it up to the city, whose subtrees hold the application
    expect(missed.map((m: any) => [m.orgId, m.status, m.done, m.total]).sort()).toEqual([
      ['510500', 'missed', 1, 2],
      ['510502', 'missed', 1, 2],
      ['510502-01', 'missed', 1, 2],
    ]);
  }, 300_000);
});
