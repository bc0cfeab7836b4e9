import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../api/clock';
import { launchBrowser, screenshot as save, uiLogin } from '../support/browser';
import { login, testSystem, type Client } from '../support/system';
import { ensureAdminUiBuilt } from './admin-ui';
import { countyLevelRules, englishOn, filedHousehold, someOfficials, taskIn, withoutAnimations, type Officials } from './helpers';

/**
 * The year after filing in the browser (SPEC §5.2, seed 二(二)): the file's visits and income
 * record, the 解困脱困花名册 signed by the chair and confirmed by the county, and the 返困 watch
 * when the income falls back after the exit.
 */
describe('the year after filing in the browser: visits, income record, exit roster, relapse watch', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let browser: BrowserContext;
  let page: Page;
  let o: Officials;
  let helper: Client;
  let supervisor: Client;
  let household: { id: string; fileNo: string };

  const open = async (username: string) => {
    await page?.close();
    await browser.clearCookies();
    page = await browser.newPage();
    await withoutAnimations(page);
    await uiLogin(page, sys.url!, username);
  };
  const screenshot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await save(page, `year-${name}`);
  };
  const testId = (id: string) => page.getByTestId(id);
  const at = async (iso: string) => {
    sys.clock.set(iso);
    await sys.engine.drain();
  };
  const complete = async (c: Client, elementId: string, variables: object) => {
    const task = await taskIn(c, elementId, `${household.fileNo}/2026`);
    const res = await c.post(`/api/tasks/${task.id}/complete`, { variables });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await sys.engine.drain();
  };

  beforeAll(async () => {
    await ensureAdminUiBuilt();
    [sys, browser] = await Promise.all([testSystem({ clock: new ManualClock('2026-01-05T01:00:00Z') }), launchBrowser()]);
    o = await someOfficials(sys);
    await countyLevelRules(o);
    household = await filedHousehold(sys, o, 1);
    [helper, supervisor] = await Promise.all([login(sys.url!, 'helper'), login(sys.url!, 'supervisor')]);
    // March: the plan; June: a visit that saw ¥750 per person
    await at('2026-03-02T01:00:00Z');
    await complete(helper, 'marchPlan', { visitDate: '2026-03-02', measures: ['employment'], programmes: ['skills_training'], planText: '推荐参加技能培训促就业', promisedExitDate: '2026-12' });
    const visit = await helper.post(`/api/files/${household.id}/visits`, { visitDate: '2026-06-15', visitors: '赵帮扶', notes: '入户了解就业和收入情况，本人已在培训后上岗', incomeObserved: 75_000 });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    for (const [month, perCapita] of Object.entries({ '2026-08': 79_000, '2026-09': 80_000, '2026-10': 80_000, '2026-11': 81_000, '2026-12': 82_000 })) {
      expect((await o.staff.put(`/api/files/${household.id}/income`, { month, perCapita })).status).toBe(200);
    }
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('the file page shows the visits and the income record; staff enters a month that was missing', async () => {
    await open('staff');
    await page.goto(`${sys.url}/#/files/${household.id}/show/visits`);
    // the survey of the filing, the March plan's visit and June's
    await page.locator('[data-testid="visit-history"][data-count="3"]').waitFor();
    const help = page.locator('[data-testid="visit-record"][data-kind="help"][data-visit-date="2026-06-15"]');
    expect(await help.innerText()).toMatch(/2026-06-15[\s\S]*帮扶走访[\s\S]*本人已在培训后上岗[\s\S]*¥750\.00/);
    await page.locator('[data-testid="visit-record"][data-kind="survey"]').waitFor();
    expect(await page.locator('[data-testid="visit-record"]').first().getAttribute('data-visit-date')).toBe('2026-06-15');
    await testId('record-visit').waitFor();
    await screenshot('01-file-visits');
    expect(await englishOn(page)).toEqual([]);

    await testId('tab-income').click();
    await page.locator('[data-testid="file-income"][data-count="6"]').waitFor();
    // the visit's observation is the June entry
    expect(await page.locator('[data-testid="income-row"][data-month="2026-06"]').innerText()).toMatch(/¥750\.00\s+走访观察/);
    await testId('income-create').click();
    await page.locator('#month').fill('2026-07');
    await page.locator('#perCapita').fill('780');
    await testId('income-dialog-save').click();
    const july = page.locator('[data-testid="income-row"][data-month="2026-07"]');
    await july.waitFor();
    expect(await july.getAttribute('data-per-capita')).toBe('78000');
    expect(await july.innerText()).toMatch(/¥780\.00\s+手工登记/);
    // latest month first
    expect(await page.locator('[data-testid="income-row"]').first().getAttribute('data-month')).toBe('2026-12');
    await screenshot('02-file-income');
    expect(await englishOn(page)).toEqual([]);
    expect((await o.staff.get(`/api/files/${household.id}/income`)).body.find((r: { month: string }) => r.month === '2026-07')).toMatchObject({ perCapita: 78_000, source: 'entry' });
  });

  let rosterId = '';
  it('December: exited, and the chair signs the union’s 解困脱困花名册 from the roster list', async () => {
    await at('2026-12-20T01:00:00Z');
    await complete(o.staff, 'decemberEvaluation', { outcome: 'exited', causesRemoved: true, effectDescription: '家庭人均收入连续6个月超过低保标准' });
    await complete(o.chair, 'chairSign', { signed: true });

    await open('chair');
    await page.goto(`${sys.url}/#/rosters`);
    const row = page.locator('[data-testid="roster-row"][data-kind="exit"]');
    await row.waitFor();
    rosterId = (await row.getAttribute('data-roster-id'))!;
    expect(await row.getAttribute('data-status')).toBe('draft');
    expect(await row.innerText()).toMatch(/江阳区北城街道工会\s+2026\s+解困脱困花名册\s+1\s+待签署/);

    // print: masked by default, the full ID numbers only after the dialog
    await testId(`roster-print-${rosterId}`).click();
    expect(await testId('print-roster-html').getAttribute('href')).toBe(`/api/rosters/${rosterId}/print`);
    expect(await testId('print-roster-pdf').getAttribute('href')).toBe(`/api/rosters/${rosterId}/print.pdf`);
    expect(await testId('print-roster-xlsx').getAttribute('href')).toBe(`/api/rosters/${rosterId}/print.xlsx`);
    const html = await page.evaluate(async (href) => {
      const res = await fetch(href!);
      return { status: res.status, text: await res.text() };
    }, await testId('print-roster-html').getAttribute('href'));
    expect(html.status).toBe(200);
    expect(html.text).toContain('解困脱困花名册');
    await testId('print-full-switch').click();
    await page.getByRole('dialog').getByText('打印页面和下载文件的每次查看都将记入审计日志').waitFor();
    await screenshot('03-print-full-confirm');
    await page.getByRole('button', { name: '确定' }).click();
    expect(await testId('print-roster-pdf').getAttribute('href')).toBe(`/api/rosters/${rosterId}/print.pdf?full=1`);
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await testId('print-roster-pdf').waitFor({ state: 'detached' });

    await testId('roster-submit').click();
    await page.getByRole('dialog').getByText('花名册共 1 户').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: '签署上报' }).click();
    await page.locator(`[data-testid="roster-row"][data-roster-id="${rosterId}"][data-status="submitted"]`).waitFor();
    await screenshot('04-roster-submitted');
    expect(await englishOn(page)).toEqual([]);
    expect(await testId('roster-confirm').count()).toBe(0);
  });

  it('the county confirms the roster; the file is cancelled', async () => {
    await open('county');
    await page.goto(`${sys.url}/#/rosters`);
    await page.locator(`[data-testid="roster-row"][data-roster-id="${rosterId}"][data-status="submitted"]`).waitFor();
    await testId('roster-confirm').click();
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await page.locator(`[data-testid="roster-row"][data-roster-id="${rosterId}"][data-status="confirmed"]`).waitFor();
    await sys.engine.drain();
    const file = (await o.staff.get(`/api/files/${household.id}`)).body;
    expect([file.status, file.closeReason]).toEqual(['cancelled', '解困脱困，经上级工会确认注销']);
    await screenshot('05-roster-confirmed');
  });

  it('income that falls back to the dibao after the exit shows on the 返困 watch', async () => {
    expect((await o.staff.put(`/api/files/${household.id}/income`, { month: '2027-01', perCapita: 60_000 })).status).toBe(200);
    expect((await supervisor.get('/api/relapse-watch')).body).toHaveLength(1);
    await open('supervisor');
    await page.goto(`${sys.url}/#/relapse-watch`);
    const row = page.locator(`[data-testid="relapse-row"][data-file-id="${household.id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-months')).toBe('2027-01');
    expect(await row.innerText()).toContain(household.fileNo);
    expect(await row.innerText()).toContain('2027-01：¥600.00（低保 ¥680.00）');
    await screenshot('06-relapse-watch');
    expect(await englishOn(page)).toEqual([]);
  });
});
