import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageOn } from '../../workers/identity/resident-id';
import { launchBrowser, screenshot as save, uiLogin } from '../support/browser';
import { testSystem } from '../support/system';
import { ensureAdminUiBuilt } from './admin-ui';

/** The resident ID on the application form (GB 11643-1999): what it encodes, shown as it is typed. */
describe('resident ID number on the application form', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await ensureAdminUiBuilt();
    [sys, browser] = await Promise.all([testSystem(), launchBrowser()]);
    page = await browser.newPage();
    await uiLogin(page, sys.url!, 'staff');
    await page.goto(`${sys.url}/#/applications/create`);
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  /** From the top: react-admin's app bar hides on scroll and would sit mid-page in a full-page shot. */
  const screenshot = async (p: Page, name: string) => {
    await p.evaluate(() => window.scrollTo(0, 0));
    await save(p, name);
  };
  const idInput = () => page.locator('[id="applicant.idNumber"]');
  const derived = () => page.getByTestId('resident-id-derived');

  it('11010519491231002X shows 1949-12-31 / 女 and the age', async () => {
    await idInput().fill('11010519491231002x');
    await derived().waitFor();
    expect(await idInput().inputValue()).toBe('11010519491231002X');
    expect([await derived().getAttribute('data-birth-date'), await derived().getAttribute('data-sex')]).toEqual(['1949-12-31', 'female']);
    // the age on the browser's today in Luzhou
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const age = ageOn('1949-12-31', today);
    expect(await derived().getAttribute('data-age')).toBe(String(age));
    expect(await derived().innerText()).toMatch(new RegExp(`出生日期 1949-12-31\\s*性别 女\\s*年龄 ${age} 岁`));
    await screenshot(page, 'id-number-valid');
  });

  it('440524188001010014 shows 1880-01-01 / 男', async () => {
    await idInput().fill('440524188001010014');
    await page.locator('[data-testid="resident-id-derived"][data-birth-date="1880-01-01"]').waitFor();
    expect(await derived().innerText()).toMatch(/出生日期 1880-01-01\s*性别 男/);
  });

  it('a wrong check digit is refused with a Chinese message, while typing and on submit', async () => {
    await idInput().fill('110105194912310021');
    const error = page.getByTestId('resident-id-error');
    await error.waitFor();
    expect(await error.innerText()).toBe('身份证号校验位错误');
    expect(await derived().count()).toBe(0);
    await page.getByTestId('submit-application').click();
    const helper = page.locator('[id="applicant.idNumber-helper-text"]');
    await page.locator('[id="applicant.idNumber-helper-text"]', { hasText: '身份证号校验位错误' }).waitFor();
    expect(await helper.innerText()).toBe('身份证号校验位错误');
    await screenshot(page, 'id-number-wrong-check-digit');
    expect(await sys.db.prisma.householdFile.count()).toBe(0);
  });
});
