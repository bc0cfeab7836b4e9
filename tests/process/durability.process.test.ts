import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../api/clock';
import { testSystem, login, inbox } from '../support/system';
import { demoApplication } from '../support/fixtures';

/**
 * Stop the whole system while a user task is open and a timer pending, start it again on the
 * same data directory: nothing is lost and the timer keeps its original due time.
 */
describe('durability across a restart on the same data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bf-durable-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps the open task in the inbox, fires the timer at its original due time, and continues', async () => {
    const clock = new ManualClock('2026-03-02T01:00:00Z');
    const first = await testSystem({ dataDir, clock });
    const staff = await login(first.url!, 'staff');
    const { caseNo } = (await staff.post('/api/applications', demoApplication(7))).body;
    await first.engine.drain();
    const [task] = (await inbox(staff)).body;
    expect(task.elementId).toBe('householdSurvey');
    const timer = await first.db.prisma.timer.findFirstOrThrow({ where: { instanceId: task.instanceId, elementId: 'householdSurveyDue', status: 'pending' } });
    // five working days from Monday 2 March: the end of Monday 9 March, Asia/Shanghai
    expect(timer.dueAt.toISOString()).toBe('2026-03-09T16:00:00.000Z');
    expect(first.engine.liveEngines).toBe(0);
    await first.stop();

    // a new process: a new engine, a new database connection, a new clock one minute before due
    const clock2 = new ManualClock('2026-03-09T15:59:00Z');
    const second = await testSystem({ dataDir, clock: clock2 });
    try {
      const staffAgain = await login(second.url!, 'staff');
      const after = (await inbox(staffAgain)).body;
      expect(after.map((t: any) => [t.id, t.elementId, t.businessKey])).toEqual([[task.id, 'householdSurvey', caseNo]]);

      await second.engine.drain();
      expect(await second.db.prisma.notification.count()).toBe(0);
      clock2.set('2026-03-09T16:00:00Z');
      await second.engine.drain();
      const fired = await second.db.prisma.timer.findUniqueOrThrow({ where: { id: timer.id } });
      expect([fired.status, fired.firedAt?.toISOString()]).toEqual(['fired', '2026-03-09T16:00:00.000Z']);
      const [reminder] = await second.db.prisma.notification.findMany();
      expect([reminder.kind, reminder.taskId, reminder.role, reminder.orgId]).toEqual(['reminder', task.id, 'grassroots_staff', '510502-01']);

      const done = await staffAgain.post(`/api/tasks/${task.id}/complete`, { variables: { visitDate: '2026-03-06', visitors: '李保障', findings: '属实', factsConfirmed: true } });
      expect(done.status).toBe(200);
      await second.engine.drain();
      expect((await inbox(staffAgain)).body.map((t: any) => [t.elementId, t.businessKey])).toEqual([['assignHelpers', caseNo]]);
      expect(second.engine.liveEngines).toBe(0);
    } finally {
      await second.stop();
    }
  });
});
