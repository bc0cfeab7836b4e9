import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot as save } from '../support/browser';
import { login, testSystem, type Client } from '../support/system';
import { ensureAdminUiBuilt } from './admin-ui';
import { countyLevelRules, englishOn, filedHousehold, launchPhone, pngImage, someOfficials } from './helpers';

/**
 * 走访登记 on a phone (issue 5, the plan's WeChat 资料上传): a helper opens /m/visit on a
 * 390 × 844 screen, signs in, picks the household they help, records the visit with a photo taken
 * on the spot and the income they saw, and finds it among the household's visits.
 */
describe('mobile visit page at 390 × 844', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let phone: BrowserContext;
  let page: Page;
  let helper: Client;
  let household: { id: string; fileNo: string };
  const uploads = mkdtempSync(join(tmpdir(), 'bf-e2e-visit-'));
  const photo = join(uploads, '走访照片.png');

  const screenshot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await save(page, `mobile-visit-${name}`);
  };
  const testId = (id: string) => page.getByTestId(id);
  /** Nothing sticks out sideways: the page reads without horizontal scrolling. */
  const expectNoSidewaysScroll = async () => {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  };
  /** Fingers, not a mouse: every control the helper taps is at least 44 px high (Apple's and Google's guidance). */
  const expectTouchSize = async (selector: string) => {
    for (const box of await page.locator(selector).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))) {
      expect(box, selector).toBeGreaterThanOrEqual(44);
    }
  };

  beforeAll(async () => {
    await ensureAdminUiBuilt();
    [sys, phone] = await Promise.all([testSystem(), launchPhone()]);
    const o = await someOfficials(sys);
    await countyLevelRules(o);
    household = await filedHousehold(sys, o, 1);
    helper = await login(sys.url!, 'helper');
    writeFileSync(photo, pngImage());
    // with its animations: a snackbar leaves only at the end of its exit transition
    page = await phone.newPage();
  });
  afterAll(async () => {
    await phone?.close();
    await sys?.stop();
  });

  it('/m/visit asks the helper to sign in, then lists the households they help', async () => {
    await page.goto(`${sys.url}/m/visit`);
    await page.locator('#username').fill('helper');
    await page.locator('#password').fill('Demo@2026');
    await page.locator('button[type=submit]').click();
    // back where the helper was going, not the desktop dashboard
    await page.waitForURL((url) => url.hash === '#/m/visit');
    const row = page.locator(`[data-testid="visit-household"][data-file-id="${household.id}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain(household.fileNo);
    await expectTouchSize('[data-testid="visit-household"]');
    await expectNoSidewaysScroll();
    expect(await englishOn(page)).toEqual([]);
    await screenshot('01-households');
  });

  it('an empty visit is refused on the phone with Chinese messages, and nothing is sent', async () => {
    await page.locator(`[data-testid="visit-household"][data-file-id="${household.id}"]`).click();
    await testId('visit-form-page').waitFor();
    // today's date and the helper's own name are filled in already
    expect(await page.locator('#visitors').inputValue()).toBe('赵帮扶');
    expect(await page.locator('#visitDate').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await testId('visit-submit').click();
    await page.locator('#notes-helper-text', { hasText: '请填写走访情况' }).waitFor();
    expect((await helper.get(`/api/files/${household.id}/visits`)).body.filter((v: { kind: string }) => v.kind === 'help')).toEqual([]);
  });

  it('records a visit with a photo taken on the spot and the income observed; it shows on the page and in the file', async () => {
    await page.locator('#visitDate').fill('2026-03-05');
    await page.locator('#visitors').fill('赵帮扶、孙结对');
    await page.locator('#notes').fill('入户走访：配偶透析治疗稳定，本人在环卫中心上班；了解技能培训意向');
    await page.locator('#incomeObserved').fill('750');
    await testId('visit-photo-input').setInputFiles(photo);
    const thumb = page.locator('[data-testid="visit-photo"]');
    await thumb.waitFor();
    const documentId = await thumb.getAttribute('data-document-id');
    // the thumbnail is the stored photo, read back from the server
    expect(await thumb.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(96);
    await expectTouchSize('[data-testid="visit-submit"], [data-testid="visit-photo-button"], #visitDate, #visitors, #incomeObserved');
    await expectNoSidewaysScroll();
    expect(await englishOn(page)).toEqual([]);
    // the refusal's message is dismissed (it would cover the photo button in the picture)
    await page.keyboard.press('Escape');
    await page.locator('.MuiSnackbar-root').waitFor({ state: 'detached', timeout: 5000 });
    await screenshot('02-form-filled');

    await testId('visit-submit').click();
    const saved = testId('visit-saved');
    await saved.waitFor();
    expect(await saved.innerText()).toContain('2026-03-05 的走访已记入档案');
    const visitId = await saved.getAttribute('data-visit-id');

    // in the file, as the API gives it to anyone who may see the file
    const visits = (await helper.get(`/api/files/${household.id}/visits`)).body;
    const visit = visits.find((v: { id: string }) => v.id === visitId);
    expect(visit).toMatchObject({
      kind: 'help',
      visitors: '赵帮扶、孙结对',
      findings: '入户走访：配偶透析治疗稳定，本人在环卫中心上班；了解技能培训意向',
      incomeObserved: 75_000,
      photoIds: [documentId],
    });
    expect(visit.visitDate.slice(0, 10)).toBe('2026-03-05');
    // the income seen at the visit is the month's entry of the income record
    expect((await helper.get(`/api/files/${household.id}/income`)).body).toEqual([expect.objectContaining({ month: '2026-03', perCapita: 75_000, source: 'visit' })]);

    // and on the page, among the household's visits
    const card = page.locator(`[data-testid="visit-record"][data-visit-id="${visitId}"]`);
    await card.waitFor();
    expect(await card.innerText()).toMatch(/2026-03-05[\s\S]*帮扶走访[\s\S]*照片 1 张[\s\S]*走访人员：赵帮扶、孙结对[\s\S]*¥750\.00/);
    // the form starts over for the next visit, without the photo
    expect(await page.locator('[data-testid="visit-photos"]').getAttribute('data-count')).toBe('0');
    expect(await page.locator('#notes').inputValue()).toBe('');
    await expectNoSidewaysScroll();
    await screenshot('03-saved');
    await card.scrollIntoViewIfNeeded();
    await save(page, 'mobile-visit-04-history');
  });
});
