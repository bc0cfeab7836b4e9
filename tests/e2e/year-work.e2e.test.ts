import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot as save, uiLogin } from '../support/browser';
import { login, testSystem } from '../support/system';
import { ManualClock } from '../../api/clock';
import { ensureAdminUiBuilt } from './admin-ui';
import { withoutAnimations } from './helpers';

/** 年度工作: the city sees who has not filed the April plan; the supervisors see the missed milestone. */
describe('年度工作 page', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await ensureAdminUiBuilt();
    [sys, browser] = await Promise.all([testSystem({ clock: new ManualClock('2026-04-01T01:00:00Z') }), launchBrowser()]);
    const city = await login(sys.url!, 'city');
    expect((await city.post('/api/work-plans', { year: 2026 })).status).toBe(201);
    expect((await city.post('/api/timelines', { year: 2026, name: '2026年困难职工解困脱困工作' })).status).toBe(201);
    await sys.engine.drain();
    page = await browser.newPage();
    await withoutAnimations(page);
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  const open = async (username: string) => {
    await uiLogin(page, sys.url!, username);
    await page.goto(`${sys.url}/#/year-work`);
    const year = page.getByLabel('年度');
    await year.fill('2026');
  };

  it('the city sees every county-level union’s plan waiting to be filed', async () => {
    await open('city');
    const table = page.getByTestId('work-plans');
    await table.waitFor();
    const naxi = table.locator('tr', { hasText: '纳溪区总工会' });
    await expect(naxi.textContent()).resolves.toContain('待报送');
    expect(await table.locator('tbody tr').count()).toBe(9);
    await save(page, 'year-work-01-plans');
  });

  it('after 30 April the supervisors find the unions that missed the plan deadline', async () => {
    sys.clock.set('2026-05-02T02:00:00Z');
    await page.context().clearCookies();
    await open('supervisor');
    await page.getByTestId('year-tab-timeline').click();
    const missed = page.getByTestId('missed-milestones');
    await missed.waitFor();
    const row = missed.locator('tr', { hasText: '纳溪区总工会' });
    await expect(row.textContent()).resolves.toContain('区县工会分类帮扶措施方案报市总备案');
    await expect(row.textContent()).resolves.toContain('未按期完成');
    await save(page, 'year-work-02-missed');
  });
});
