import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot as save, uiLogin } from '../support/browser';
import { login, testSystem, type Client } from '../support/system';
import { ensureAdminUiBuilt } from './admin-ui';
import { englishOn, legacyFile, taskIn, withoutAnimations } from './helpers';

/**
 * The campaign tasks in the browser (SPEC §5.3–5.5): the clean-up decided file by file, signed
 * and confirmed; the dibao-uncovered list confirmed by county and city and answered for civil
 * affairs; a spot check on the seed's four questions with the follow-up of what it found.
 */
describe('campaign task forms in the browser', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let browser: BrowserContext;
  let page: Page;
  let c: Record<'staff' | 'chair' | 'county' | 'city' | 'supervisor', Client>;
  const f: Record<string, string> = {};

  const open = async (username: string) => {
    await page?.close();
    await browser.clearCookies();
    page = await browser.newPage();
    await withoutAnimations(page);
    await uiLogin(page, sys.url!, username);
  };
  const screenshot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await save(page, `campaign-${name}`);
  };
  const testId = (id: string) => page.getByTestId(id);
  /** The task's page, claimed, with its form. */
  const work = async (task: { id: string; formKey: string }) => {
    await page.goto(`${sys.url}/#/tasks/${task.id}/show`);
    await testId('claim-button').click();
    await page.locator(`[data-testid="task-form"][data-form-key="${task.formKey}"]`).waitFor();
  };
  const submit = async () => {
    await testId('complete-button').click();
    await page.waitForURL((url) => url.hash === '#/tasks');
    await sys.engine.drain();
  };

  beforeAll(async () => {
    await ensureAdminUiBuilt();
    [sys, browser] = await Promise.all([testSystem(), launchBrowser()]);
    const names = ['staff', 'chair', 'county', 'city', 'supervisor'] as const;
    c = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await login(sys.url!, n)]))) as typeof c;
    // 江阳区北城街道工会: two stock files and one increment file of the clean-up
    f.kept = (await legacyFile(sys, 101, { orgId: '510502-01', filedAt: '2023-05-10' })).id;
    f.died = (await legacyFile(sys, 102, { orgId: '510502-01', filedAt: '2023-11-20' })).id;
    f.increment = (await legacyFile(sys, 103, { orgId: '510502-01', filedAt: '2025-06-01' })).id;
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  let campaignId = '';
  const cleanupKey = () => `cleanup-${campaignId}-510502-01`;

  it('staff decides the union’s stock files one by one; the task is refused while one is left', async () => {
    const started = await c.city.post('/api/cleanup-campaigns', { name: '2026年困难职工档案清理', stockCutoff: '2024-01-01', incrementCutoff: '2026-02-28' });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    campaignId = started.body.id;
    await sys.engine.drain();

    await open('staff');
    await work(await taskIn(c.staff, 'reviewStock', cleanupKey()));
    const review = page.locator('[data-testid="cleanup-review"][data-stock="2"]');
    await review.waitFor();
    expect(await testId('cleanup-intro').innerText()).toContain('2024-01-01 至 2026-02-28 建档的增量档案已全部注销');
    expect(await review.innerText()).toContain('增量档案 1 份已全部注销');
    const row = (id: string) => page.locator(`[data-testid="cleanup-row"][data-file-id="${id}"]`);
    await row(f.kept).getByTestId('decision-keep').click();
    await page.locator(`[data-testid="cleanup-row"][data-file-id="${f.kept}"][data-decision="keep"]`).waitFor();
    await row(f.kept).getByTestId('decision-saved').waitFor();

    await testId('complete-button').click();
    const refusal = testId('field-error-decisions');
    await refusal.waitFor();
    expect(await refusal.innerText()).toBe('还有 1 份存量档案未作清理决定');
    expect(new URL(page.url()).hash).not.toBe('#/tasks');

    await row(f.died).getByTestId('decision-cancel').click();
    await row(f.died).getByTestId('decision-reason').selectOption('death');
    await page.locator(`[data-testid="cleanup-row"][data-file-id="${f.died}"][data-decision="cancel"][data-reason="death"]`).waitFor();
    expect(await testId('cleanup-progress').innerText()).toBe('存量档案已全部作出决定，可以提交。');
    await refusal.waitFor({ state: 'detached' }); // the count it gave is out of date
    await screenshot('01-staff-stock-review');
    expect(await englishOn(page)).toEqual([]);
    await submit();
    const died = await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id: f.died } });
    expect([died.status, died.closeReason]).toEqual(['cancelled', '档案清理注销：建档职工本人已死亡']);
    expect((await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id: f.kept } })).status).toBe('filed');
  });

  it('the chair signs the two rosters and the county confirms the result', async () => {
    await open('chair');
    await work(await taskIn(c.chair, 'signRosters', cleanupKey()));
    const summary = testId('cleanup-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toMatch(/存量档案 2 份（保留 1 份，注销 1 份），增量档案 1 份/);
    expect(await page.locator('[data-testid="cleanup-roster"][data-part="stock"]').getAttribute('data-status')).toBe('draft');
    const xlsx = await page.locator('[data-testid="cleanup-roster"][data-part="stock"] a').getAttribute('href');
    expect(xlsx).toBe(`/api/cleanup-campaigns/${campaignId}/roster?orgId=510502-01&part=stock&format=xlsx`);
    // the link downloads the roster with the chair's session
    const download = await page.evaluate(async (href) => {
      const res = await fetch(href!);
      return [res.status, res.headers.get('content-type')];
    }, xlsx);
    expect(download).toEqual([200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    await testId('complete-button').click();
    await page.locator('.ra-input-signed', { hasText: '请确认已审阅并签字' }).waitFor();
    await page.locator('#signed').check();
    await screenshot('02-chair-sign');
    await submit();

    await open('county');
    await work(await taskIn(c.county, 'confirmRosters', cleanupKey()));
    await page.locator('[data-testid="cleanup-roster"][data-part="increment"][data-status="submitted"]').waitFor();
    await page.locator('#confirmed').check();
    await page.locator('#comment').fill('清理结果属实');
    await screenshot('03-county-confirm');
    expect(await englishOn(page)).toEqual([]);
    await submit();
    const campaign = (await c.city.get(`/api/cleanup-campaigns/${campaignId}`)).body;
    expect(campaign.status).toBe('closed');
    expect(campaign.unions[0].rosterStatus).toEqual({ stock: 'confirmed', increment: 'confirmed' });
  });

  it('the dibao-uncovered list: the county takes one household off with a reason, the city confirms, civil affairs’ answer is entered per household', async () => {
    // 江阳区北城街道第二工会: two households below the ¥680 dibao without government dibao
    f.uncovered = (await legacyFile(sys, 201, { orgId: '510502-02', filedAt: '2026-03-01', perCapita: 46_667 })).id;
    f.covered = (await legacyFile(sys, 202, { orgId: '510502-02', filedAt: '2026-03-01', perCapita: 50_000 })).id;
    const started = await c.city.post('/api/dibao-referrals', {});
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const referralId = started.body.find((r: { orgId: string }) => r.orgId === '510502').id;
    await sys.engine.drain();
    const key = 'dibao-2026-510502';

    await open('county');
    await work(await taskIn(c.county, 'confirmCounty', key));
    await page.locator('[data-testid="dibao-confirm"][data-count="2"]').waitFor();
    const households = await page.locator('[data-testid="dibao-confirm"] label').allInnerTexts();
    expect(households.join('\n')).toMatch(/人均月收入 ¥466\.67，低保标准 ¥680\.00/);
    const covered = await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id: f.covered } });
    await page.locator('label', { hasText: covered.fileNo! }).locator('input[type=checkbox]').check();
    await testId('complete-button').click();
    await page.locator('#comment-helper-text', { hasText: '移出名单须说明原因' }).waitFor();
    await page.locator('#comment').fill('该户2026年2月已纳入低保');
    await screenshot('04-county-dibao-list');
    expect(await englishOn(page)).toEqual([]);
    await submit();

    await open('city');
    await work(await taskIn(c.city, 'confirmCity', key));
    await page.locator('[data-testid="dibao-confirm"][data-count="1"]').waitFor();
    await submit();

    await work(await taskIn(c.city, 'civilAffairsManual', key));
    const answer = page.locator(`[data-testid="dibao-answer"][data-file-id="${f.uncovered}"]`);
    await answer.waitFor();
    await testId('complete-button').click();
    await answer.getByText('请选择复核结果（已纳入低保、不符合条件、待认定）').waitFor();
    await answer.getByRole('radio', { name: '已纳入低保' }).check();
    await answer.locator('[id="answers.0.note"]').fill('民政复函：2026年7月起纳入低保');
    await screenshot('05-city-civil-affairs-answer');
    await submit();
    const referral = (await c.county.get(`/api/dibao-referrals/${referralId}`)).body;
    expect(referral.status).toBe('answered');
    expect(referral.items).toEqual([expect.objectContaining({ fileId: f.uncovered, answer: 'covered', note: '民政复函：2026年7月起纳入低保' })]);
  });

  it('a spot check: the four questions for every sampled file, a 否 with its finding, then the follow-up', async () => {
    const started = await c.supervisor.post('/api/spot-checks', { orgId: '510502', year: 2026, sharePct: 100, seed: 42 });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const check = started.body;
    const sampled: string[] = check.items.map((i: { fileId: string }) => i.fileId);
    expect(sampled.length).toBeGreaterThanOrEqual(2);
    await sys.engine.drain();
    const key = `spot-check-${check.id}`;

    await open('supervisor');
    await work(await taskIn(c.supervisor, 'checkFiles', key));
    await page.locator(`[data-testid="spot-check-answers"][data-count="${sampled.length}"]`).waitFor();
    const item = (fileId: string) => page.locator(`[data-testid="spot-item"][data-file-id="${fileId}"]`);
    const question = (fileId: string, q: string) => item(fileId).locator(`[data-testid="spot-question"][data-question="${q}"]`);
    for (const fileId of sampled) {
      for (const q of ['rightTarget', 'realMechanism', 'fundsWellUsed', 'realExit']) {
        const negative = fileId === sampled[1] && q === 'fundsWellUsed';
        await question(fileId, q).getByRole('radio', { name: negative ? '否' : '是' }).check();
      }
    }
    await testId('complete-button').click();
    await page.locator('[id="items.1.answers.fundsWellUsed.notes-helper-text"]', { hasText: '“资金使用好不好”为否时须写明发现的问题' }).waitFor();
    await page.locator('[id="items.1.answers.fundsWellUsed.notes"]').fill('慰问金发放无签收记录');
    await screenshot('06-supervisor-spot-check');
    expect(await englishOn(page)).toEqual([]);
    await submit();

    await work(await taskIn(c.supervisor, 'followUp', key));
    await page.locator('[data-testid="spot-check-follow-up"][data-count="1"]').waitFor();
    expect(await testId('spot-finding').innerText()).toBe('资金使用好不好：慰问金发放无签收记录');
    await page.locator('[id="items.0.followUp"]').fill('已补齐签收单，责令基层工会规范发放');
    await screenshot('07-supervisor-follow-up');
    await submit();
    const closed = (await c.supervisor.get(`/api/spot-checks/${check.id}`)).body;
    expect(closed.status).toBe('closed');
    expect(closed.items.find((i: { fileId: string }) => i.fileId === sampled[1])).toMatchObject({
      negative: true,
      followUp: '已补齐签收单，责令基层工会规范发放',
      answers: { fundsWellUsed: { ok: false, notes: '慰问金发放无签收记录' }, rightTarget: { ok: true } },
    });
  });

  it('the 专项工作 page lists the three campaigns with where they stand', async () => {
    await open('city');
    await page.goto(`${sys.url}/#/campaigns`);
    const campaign = page.locator(`[data-testid="cleanup-campaign"][data-campaign-id="${campaignId}"][data-status="closed"]`);
    await campaign.waitFor();
    await campaign.getByTestId('cleanup-open').click();
    const union = page.locator('[data-testid="cleanup-union"][data-org-id="510502-01"]');
    await union.waitFor();
    expect(await union.innerText()).toMatch(/江阳区北城街道工会\s+2\s+1\s+1\s+0\s+1\s+0\s+存量档案：上级已确认\s+增量档案：上级已确认/);
    await page.keyboard.press('Escape');
    await testId('campaigns-tab-dibao').click();
    const jiangyang = page.locator('[data-testid="dibao-referral"][data-status="answered"]', { hasText: '江阳区总工会' });
    await jiangyang.waitFor();
    expect(await page.locator('[data-testid="dibao-referral"]').count()).toBe(9);
    await jiangyang.getByTestId('dibao-open').click();
    await page.locator(`[data-testid="referral-item"][data-file-id="${f.uncovered}"][data-answer="covered"]`).waitFor();
    await screenshot('08-city-campaigns');
    expect(await englishOn(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await testId('campaigns-tab-spot').click();
    await page.locator('[data-testid="spot-check"][data-status="closed"]').waitFor();
  });
});
