import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot as save, uiLogin } from '../support/browser';
import { login, testSystem } from '../support/system';
import { ManualClock } from '../../api/clock';
import ExcelJS from 'exceljs';
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

  it('资金清理: 江阳区 prints the table of upper funds not yet used and downloads it as .xlsx', async () => {
    // 江阳区 passes ¥5000 of its county funds down to 江阳区北城街道工会, none of it used yet
    const county = await login(sys.url!, 'county');
    const accounts = (await county.get('/api/funds/accounts?range=[0,199]')).body;
    const from = accounts.find((a: any) => a.orgId === '510502' && a.level === 'county');
    const to = await county.post('/api/funds/accounts', { orgId: '510502-01', level: 'county' });
    expect(to.status, JSON.stringify(to.body)).toBe(201);
    expect((await county.post('/api/funds/allocations', { fromAccountId: from.id, toAccountId: to.body.id, amount: 500_000, note: '下拨帮扶资金' })).status).toBe(201);

    await page.context().clearCookies();
    await open('county');
    await page.getByTestId('year-tab-funds').click();
    await page.getByLabel('清理截止日期').fill('2026-05-31');
    const north = page.getByTestId('fund-cleanup').locator('tr', { hasText: '江阳区北城街道工会' });
    await expect(north.textContent()).resolves.toMatch(/5,?000\.00/);

    const [printed] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('fund-cleanup-print').click()]);
    await printed.waitForLoadState();
    const text = await printed.locator('body').innerText();
    for (const term of ['上级工会下拨帮扶资金清理情况表', '填报单位：江阳区总工会', '清理截止日期：2026年05月31日', '尚未使用（元）', '江阳区北城街道工会', '5000.00', '工会主要领导（签字）']) expect(text).toContain(term);
    await save(printed, 'year-work-03-fund-cleanup-print');
    await printed.close();

    const href = await page.getByTestId('fund-cleanup-xlsx').getAttribute('href');
    expect(href).toBe('/api/fund-cleanup?cutoff=2026-05-31&format=xlsx');
    const xlsx = await page.request.get(`${sys.url}${href}`);
    expect(xlsx.status()).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.body()) as any);
    const rows: string[] = [];
    wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v ?? '') as string).join('|')));
    expect(rows[0]).toBe('上级工会下拨帮扶资金清理情况表');
    expect(rows).toContain(`${rows.findIndex((r) => r.includes(to.body.name)) - 2}|江阳区北城街道工会|${to.body.name}|区县级|5000|0|5000`);
  });
});
