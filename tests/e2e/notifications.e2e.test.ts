import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot as save, uiLogin } from '../support/browser';
import { demoApplication } from '../support/fixtures';
import { userId } from '../support/filing';
import { inbox, login, testSystem, type Client } from '../support/system';
import { ensureAdminUiBuilt } from './admin-ui';
import { withoutAnimations } from './helpers';

/** The bell (提醒与督办): opening a reminder marks it read; the rest can be marked read at once. */
describe('notification bell marks what was read', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let browser: BrowserContext;
  let page: Page;
  let staff: Client;
  let taskId = '';

  beforeAll(async () => {
    await ensureAdminUiBuilt();
    [sys, browser] = await Promise.all([testSystem(), launchBrowser()]);
    staff = await login(sys.url!, 'staff');
    expect((await staff.post('/api/applications', demoApplication(1))).status).toBe(201);
    await sys.engine.drain();
    taskId = (await inbox(staff)).body.find((t: { elementId: string }) => t.elementId === 'householdSurvey').id;
    // what the reminder and escalation jobs write (workers/tasks/reminder.ts): one to me, one to my role
    const now = sys.clock.now();
    await sys.db.prisma.notification.createMany({
      data: [
        { kind: 'reminder', taskId, userId: await userId(sys, 'staff'), message: '“入户调查核实”今天到期，请及时办理', createdAt: now },
        { kind: 'escalation', role: 'grassroots_staff', orgId: '510502-01', orgPath: '/100000/510000/510500/510502/510502-01/', message: '“录入上报”超期未办理，已提交上级工会督办', createdAt: new Date(now.getTime() - 60_000) },
      ],
    });
    page = await browser.newPage();
    await withoutAnimations(page);
    await uiLogin(page, sys.url!, 'staff');
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  const bell = (count: number) => page.locator(`[data-testid="notification-bell"][data-count="${count}"]`);

  it('opening a reminder marks it read and opens its task', async () => {
    await bell(2).waitFor();
    await bell(2).click();
    await save(page, 'notifications-01-unread');
    await page.locator('[data-testid="notification-item"][data-kind="reminder"]').click();
    await page.waitForURL((url) => url.hash === `#/tasks/${taskId}/show`);
    await bell(1).waitFor();
    const mine = (await staff.get('/api/notifications')).body;
    expect(mine.find((n: { kind: string }) => n.kind === 'reminder').readAt).toBeTruthy();
    expect(mine.find((n: { kind: string }) => n.kind === 'escalation').readAt).toBeNull();
  });

  it('全部标为已读 marks the rest', async () => {
    await bell(1).click();
    expect(await page.locator('[data-testid="notification-item"][data-kind="reminder"]').getAttribute('data-read')).toBe('true');
    await page.getByTestId('notifications-read-all').click();
    await bell(0).waitFor();
    expect((await staff.get('/api/notifications')).body.every((n: { readAt: string | null }) => n.readAt)).toBe(true);
    await save(page, 'notifications-02-all-read');
  });
});
