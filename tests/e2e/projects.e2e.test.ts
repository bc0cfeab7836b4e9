import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot as save, uiLogin } from '../support/browser';
import { login, testSystem, type Client } from '../support/system';
import { ensureAdminUiBuilt } from './admin-ui';
import { englishOn, legacyFile, withoutAnimations } from './helpers';

/**
 * 分类帮扶项目 in the browser (issue 10): the county publishes a project, grassroots staff enrol a
 * household from its file page, the county records spending against the budget.
 */
describe('assistance projects in the browser', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let browser: BrowserContext;
  let page: Page;
  let fileId = '';
  let projectId = '';
  let county: Client;

  const testId = (id: string) => page.getByTestId(id);
  const byId = (id: string) => page.locator(`[id="${id}"]`);
  const select = async (id: string, option: string | RegExp) => {
    await byId(id).click();
    await page.getByRole('option', { name: option }).click();
  };
  const as = async (username: string) => {
    await page?.close();
    await browser.clearCookies();
    page = await browser.newPage();
    await withoutAnimations(page);
    await uiLogin(page, sys.url!, username);
  };
  const go = async (path: string) => page.goto(`${sys.url}/#${path}`);

  beforeAll(async () => {
    await ensureAdminUiBuilt();
    [sys, browser] = await Promise.all([testSystem(), launchBrowser()]);
    county = await login(sys.url!, 'county');
    fileId = (await legacyFile(sys, 901, { orgId: '510502-01', filedAt: '2025-03-01', perCapita: 46_667 })).id;
  });
  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await sys?.stop();
  });

  it('the county publishes a project; the list shows it beside the city’s demo projects', async () => {
    await as('county');
    await go('/projects');
    await testId('project-list').waitFor();
    expect(await testId('project-list').innerText()).toContain('困难职工（农民工）就业再就业技能培训');
    await testId('publish-project').click();
    await byId('name').fill('江阳区困难职工大病医疗互助');
    await select('category', '大病保险和医疗互助保障一批');
    await select('fundLevel', '区县级');
    await byId('budget').fill('5000');
    await byId('targetCount').fill('20');
    await byId('startDate').fill('2026-05-01');
    await byId('endDate').fill('2026-10-30');
    await byId('eligibilityNotes').fill('因病致困的建档困难职工');
    expect(await englishOn(page)).toEqual([]);
    await save(page, 'projects-01-publish');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL((url) => /#\/projects\/[^/]+\/show$/.test(url.hash));
    projectId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
    expect(await page.locator('[data-field="budget"]').innerText()).toContain('5,000.00');
    const stored = (await county.get(`/api/projects/${projectId}`)).body;
    expect(stored).toMatchObject({ orgId: '510502', category: 'medical_insurance', fundLevel: 'county', budget: 500_000, targetCount: 20 });
  });

  it('staff enrol the household from its file page', async () => {
    await as('staff');
    await go(`/files/${fileId}/show/projects`);
    await testId('enrol-button').click();
    await select('projectId', /江阳区困难职工大病医疗互助/);
    await testId('enrol-dialog-save').click();
    await testId('file-projects').waitFor();
    expect(await testId('file-projects').innerText()).toContain('江阳区困难职工大病医疗互助');
    expect(await englishOn(page)).toEqual([]);
    await save(page, 'projects-02-enrolled');
    await page.getByRole('tab', { name: '概况' }).click();
    expect(await testId('file-categories').innerText()).toContain('大病保险和医疗互助保障一批');
  });

  it('the county sees the enrolment and records spending within the budget', async () => {
    await as('county');
    await go(`/projects/${projectId}/show`);
    await testId('project-enrolments').waitFor();
    expect(await testId('project-enrolments').innerText()).toContain('江阳区北城街道工会');
    await testId('add-spending').click();
    await byId('amount').fill('6000');
    await byId('note').fill('医疗互助保险集中参保');
    await testId('spending-dialog-save').click();
    await page.getByText('支出超出项目预算').first().waitFor();
    await byId('amount').fill('1200');
    await testId('spending-dialog-save').click();
    await testId('project-spending').waitFor();
    expect(await testId('project-spending').innerText()).toContain('医疗互助保险集中参保');
    expect(await englishOn(page)).toEqual([]);
    await save(page, 'projects-03-spending');
    expect((await county.get(`/api/projects/${projectId}`)).body.spent).toBe(120_000);
  });
});
