import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENTS } from '../../workers/crosscheck/contract';
import { launchBrowser, screenshot as save, uiLogin } from '../support/browser';
import { startDepartmentStandin, type DepartmentStandin } from '../support/department-standin';
import { residentId } from '../support/fixtures';
import { login, testSystem } from '../support/system';
import { ensureAdminUiBuilt } from './admin-ui';

/**
 * The filing chain in the browser (issues 2 and 4): one official after another, from the
 * application to the national file, each through their own inbox and task page. Departments
 * answer the cross-checks over HTTP from a stand-in server; the clock is the test's.
 */
describe('filing chain in the browser: application to national file', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let depts: DepartmentStandin;
  let browser: BrowserContext;
  let page: Page;
  let fileId = '';
  const uploads = mkdtempSync(join(tmpdir(), 'bf-e2e-uploads-'));
  // 王秀兰, born 12 June 1975, a woman (odd/even 17th digit), living alone in 江阳区.
  const idNumber = residentId('51050219750612004');

  /** A fresh page signed in as this official (the previous official's session ends with the page). */
  const open = async (username: string) => {
    await page?.close();
    await browser.clearCookies();
    page = await browser.newPage();
    // No transitions: MUI menus and dialogs are usable at once instead of after their animation.
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        const style = document.createElement('style');
        style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
        document.head.append(style);
      });
    });
    await uiLogin(page, sys.url!, username);
  };
  /** From the top: react-admin's app bar hides on scroll and would sit mid-page in a full-page shot. */
  const screenshot = async (p: Page, name: string) => {
    await p.evaluate(() => window.scrollTo(0, 0));
    await save(p, `filing-${name}`);
  };
  const go = (hash: string) => page.goto(`${sys.url}/#${hash}`);
  const byId = (id: string) => page.locator(`[id="${id}"]`);
  const testId = (id: string) => page.getByTestId(id);
  const select = async (id: string, option: string) => {
    await byId(id).click();
    await page.locator('li[role="option"]', { hasText: option }).first().click();
  };
  /** The screen speaks Chinese only: no English word of react-admin or MUI slipped through. */
  const expectChineseOnly = async () => {
    const text = (await page.locator('body').innerText()).replace(/\.(pdf|jpe?g|png)\b/gi, '');
    const words = (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !['PDF', 'JPG', 'PNG'].includes(w));
    expect(words, 'English on the screen').toEqual([]);
  };

  /** The inbox, then the row of the task at this form, its page, and the claim. */
  const openTask = async (formKey: string, shot: string) => {
    await go('/tasks');
    const row = page.locator(`[data-testid="task-row"][data-form-key="${formKey}"]`);
    await row.waitFor();
    await screenshot(page, `${shot}-inbox`);
    await row.click();
    await testId('task-page').waitFor();
    await testId('claim-button').click();
    await testId('task-form').waitFor();
  };
  /** Completes the task, lets the engine run to the next wait, and refetches what the page shows. */
  const completeTask = async () => {
    await testId('complete-button').click();
    await page.waitForURL((url) => url.hash === '#/tasks');
    await sys.engine.drain();
    await page.getByRole('button', { name: '刷新' }).click();
  };
  const approve = async (shot: string) => {
    await page.getByRole('radio', { name: '同意' }).check();
    await screenshot(page, shot);
    await completeTask();
  };

  beforeAll(async () => {
    await ensureAdminUiBuilt();
    [sys, depts, browser] = await Promise.all([testSystem(), startDepartmentStandin(), launchBrowser()]);
    // The city's 保障部 connects the five departments (here: the stand-in); 税务 reports more
    // income than was declared, beyond the tolerance, so the reviewers see a contradiction.
    const city = await login(sys.url!, 'city');
    for (const department of DEPARTMENTS) {
      const res = await city.put('/api/department-connectors', { department, mode: 'http', url: depts.url(department), credential: depts.credential });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    depts.answer('tax', idNumber, { annualIncome: 900_000 });
    const names = ['困难职工档案表', '劳动合同书', '家庭财产收支及致困原因申报表', '身份证复印件', '户口簿复印件'];
    names.forEach((name) => writeFileSync(join(uploads, `${name}.pdf`), `%PDF-1.4\n% ${name}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`));
    // what the upload's content check sees of a photo: the PNG signature
    writeFileSync(join(uploads, '入户照片.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    await depts?.close();
  });

  it('staff fills in the application, sees what the ID number encodes and the 资格预审 explanation, and submits', async () => {
    await open('staff');
    await go('/applications/create');
    await byId('applicant.name').fill('王秀兰');
    await byId('applicant.idNumber').fill(idNumber);
    const derived = testId('resident-id-derived');
    await derived.waitFor();
    expect([await derived.getAttribute('data-birth-date'), await derived.getAttribute('data-sex')]).toEqual(['1975-06-12', 'female']);
    expect(await derived.innerText()).toMatch(/出生日期 1975-06-12[\s\S]*性别 女[\s\S]*年龄 \d+ 岁/);
    await select('applicant.politicalStatus', '群众');
    await select('applicant.maritalStatus', '离异');
    await select('applicant.hukouType', '城镇户口');
    await byId('applicant.hukouRegion').fill('510502');
    await select('applicant.healthStatus', '患慢性病');
    await byId('applicant.diseaseOrDisability').fill('高血压');
    await select('applicant.medicalInsurance', '职工基本医疗保险');
    await select('applicant.modelWorkerType', '非劳模');
    await byId('applicant.employer').fill('泸州市江阳区纺织厂');
    await byId('applicant.industry').fill('纺织业');
    await select('applicant.workStatus', '下岗');
    await byId('applicant.workStartDate').fill('1995-09');
    await byId('applicant.monthlyIncome').fill('500');
    await select('applicant.housingType', '租住私房');
    await byId('applicant.address').fill('泸州市江阳区北城街道白塔社区5栋1单元');
    await screenshot(page, '01-staff-application');
    await expectChineseOnly();

    await page.getByRole('tab', { name: '收入与支出' }).click();
    const money: [string, string][] = [
      ['income.annualWages', '6000'],
      ['income.annualBusiness', '0'],
      ['income.annualProperty', '0'],
      ['income.annualTransfer', '0'],
      ['income.annualIncomeTax', '0'],
      ['income.annualSocialInsurance', '0'],
      ['income.sixMonthIncome', '3000'],
      ['income.monthsBelowDibao', '8'],
      ['income.annualNecessaryExpenses', '0'],
    ];
    for (const [id, value] of money) await byId(id).fill(value);
    // derived, never typed: ¥6,000 a year for one person is ¥500.00 a month
    expect(await testId('derived-perCapitaMonthly').innerText()).toContain('¥500.00');
    await page.getByRole('tab', { name: '资产情况' }).click();
    await byId('assets.homesOwned').fill('0');
    await page.getByRole('tab', { name: '致困原因' }).click();
    await page.getByRole('radio', { name: '下岗失业' }).check();

    await testId('precheck-button').click();
    const precheck = testId('precheck-dialog');
    await precheck.waitFor();
    expect(await precheck.getByTestId('eligibility-summary').innerText()).toContain('符合全国级困难职工建档条件');
    const rule = precheck.locator('[data-testid="eligibility-check"][data-check="BELOW_DIBAO_NO_AID"]');
    expect(await rule.getAttribute('data-passed')).toBe('true');
    expect(await rule.innerText()).toMatch(/¥500\.00/);
    expect(await precheck.getByTestId('eligibility-levels').getAttribute('data-levels')).toBe('national');
    expect(await precheck.getByTestId('eligibility-reconciliation').getAttribute('data-consistent')).toBe('true');
    await screenshot(page, '02-staff-precheck');
    await expectChineseOnly();
    await testId('precheck-close').click();

    await testId('submit-application').click();
    await page.waitForURL((url) => /^#\/files\/[^/]+\/show/.test(url.hash));
    fileId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
    await sys.engine.drain();
  });

  it('staff completes the household survey with a photo and a corrected wage, with the eligibility explanation beside the form', async () => {
    await openTask('filing-survey', '03-staff');
    const panel = testId('eligibility-panel');
    expect(await panel.getByTestId('eligibility-summary').innerText()).toContain('符合全国级困难职工建档条件');
    expect(await panel.locator('[data-testid="eligibility-check"]').count()).toBeGreaterThanOrEqual(5);
    await panel.getByTestId('eligibility-reconciliation').waitFor();
    await byId('findings').fill('入户核实：独居，下岗后打零工，患高血压长期服药；打零工年收入约7200元，高于申报');
    await byId('factsConfirmed').check();
    await byId('correct').check();
    await byId('corrections.income.annualWages').fill('7200');
    await testId('document-input-photo').setInputFiles(join(uploads, '入户照片.png'));
    await page.locator('[data-testid="document-row"][data-kind="photo"]').waitFor();
    await screenshot(page, '04-staff-survey');
    await expectChineseOnly();
    await completeTask();
    const visit = await sys.db.prisma.visit.findFirstOrThrow({ where: { fileId, kind: 'survey' } });
    expect(visit.photoIds).toHaveLength(1);
    const form = (await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id: fileId } })).form as { income: { annualWages: number } };
    expect(form.income.annualWages).toBe(720_000);
  });

  it('staff sees the decision before and after the survey, picks the two helpers from the directory; the file is then in 公示', async () => {
    await openTask('filing-helpers', '05-staff');
    // re-checked on the corrected wage: ¥7,200 a year is ¥600.00 a month, still below the dibao
    expect(await testId('eligibility-before').innerText()).toContain('¥500.00');
    expect(await testId('eligibility-panel').getByTestId('eligibility-verdict').innerText()).toContain('¥600.00');
    await byId('firstHelperId').click();
    await page.getByRole('option', { name: /赵帮扶/ }).click();
    await byId('secondHelperId').click();
    await page.getByRole('option', { name: /孙结对/ }).click();
    await byId('exitDeadline').fill('2027-12');
    await screenshot(page, '06-staff-helpers');
    await completeTask();
    const file = await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id: fileId }, include: { org: true } });
    const helpers = await sys.db.prisma.user.findMany({ where: { id: { in: [file.firstHelperId!, file.secondHelperId!] } } });
    expect(helpers.map((u) => u.username).sort()).toEqual(['helper', 'helper2']);

    await go(`/files/${fileId}/show`);
    await testId('publicity-chip').waitFor();
    await testId('objection-button').waitFor();
    expect(await testId('publicity-page-link').getAttribute('href')).toBe(`/public/publicity/${file.orgId}`);
    await screenshot(page, '07-staff-file-in-publicity');
    await expectChineseOnly();
    // 公示 runs its working days on the test's clock
    sys.clock.set(file.publicityEndsAt!);
    await sys.engine.drain();
  });

  it('the chair approves', async () => {
    await open('chair');
    await openTask('filing-approval', '08-chair');
    await approve('09-chair-approval');
  });

  it('staff is reminded of the report when it falls due, uploads the five documents and reports at national level', async () => {
    const report = await sys.db.prisma.userTask.findFirstOrThrow({ where: { elementId: 'reportUpward', status: 'created' } });
    sys.clock.set(report.dueAt!);
    await sys.engine.drain();
    await open('staff');
    const bell = testId('notification-bell');
    await page.locator('[data-testid="notification-bell"][data-count="1"]').waitFor();
    await bell.click();
    const reminder = page.locator('[data-testid="notification-item"][data-kind="reminder"]');
    expect(await reminder.innerText()).toContain('录入上报');
    await screenshot(page, '10-staff-reminder');
    await reminder.click();
    await testId('task-page').waitFor();
    expect(new URL(page.url()).hash).toBe(`#/tasks/${report.id}/show`);

    await testId('claim-button').click();
    await testId('task-form').waitFor();
    await page.locator('[data-testid="required-documents"][data-missing="archive_form,labor_contract,declaration_form,id_card,household_register"]').waitFor();
    const kinds = ['archive_form', 'labor_contract', 'declaration_form', 'id_card', 'household_register'];
    const names = ['困难职工档案表', '劳动合同书', '家庭财产收支及致困原因申报表', '身份证复印件', '户口簿复印件'];
    for (const [i, kind] of kinds.entries()) {
      await testId(`document-input-${kind}`).setInputFiles(join(uploads, `${names[i]}.pdf`));
      await page.locator(`[data-testid="required-document"][data-kind="${kind}"][data-present="true"]`).waitFor();
    }
    await page.locator('[data-testid="required-documents"][data-missing=""]').waitFor();
    await page.getByRole('radio', { name: '全国级' }).check();
    await byId('confirmed').check();
    await screenshot(page, '11-staff-report');
    await expectChineseOnly();
    await completeTask();
    // the five departments were asked over HTTP, with the credential
    expect(new Set(depts.requests.map((r) => r.department))).toEqual(new Set(DEPARTMENTS));
  });

  for (const [n, username, element] of [
    [12, 'county', 'countyReview'],
    [14, 'city', 'cityReview'],
    [16, 'province', 'provinceReview'],
    [18, 'national', 'nationalReview'],
  ] as const) {
    it(`${username} sees the review in the inbox, the departments' answers beside the declaration, and approves`, async () => {
      await open(username);
      await openTask('filing-review', `${n}-${username}`);
      if (username === 'county') await expectChineseOnly();
      const review = await sys.db.prisma.userTask.findFirstOrThrow({ where: { elementId: element, status: 'created' } });
      expect(new URL(page.url()).hash).toBe(`#/tasks/${review.id}/show`);
      const checks = testId('crosscheck-panel');
      await page.locator('[data-testid="crosscheck-panel"][data-checked="5"]').waitFor();
      expect(await checks.getAttribute('data-flagged')).toBe('true');
      await testId('flagged-chip').first().waitFor();
      const tax = checks.locator('[data-testid="crosscheck-row"][data-field="income.annualWages"]');
      expect(await tax.getAttribute('data-contradiction')).toBe('true');
      expect([await tax.getByTestId('crosscheck-declared').innerText(), await tax.getByTestId('crosscheck-found').innerText()]).toEqual(['¥7,200.00', '¥9,000.00']);
      expect(await checks.locator('[data-testid="crosscheck-row"][data-contradiction="true"]').count()).toBe(1);
      await approve(`${n + 1}-${username}-review`);
    });
  }

  it('the file page shows 已建档 with its file number and national level', async () => {
    await go(`/files/${fileId}/show`);
    const header = page.locator('[data-testid="file-header"][data-status="filed"]');
    await header.waitFor();
    const file = await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id: fileId } });
    expect([file.status, file.level, file.fileNo]).toEqual(['filed', 'national', '510502-2026-000001']);
    expect(await header.innerText()).toMatch(/档案 510502-2026-000001[\s\S]*已建档[\s\S]*全国级/);
    expect(await page.locator('[data-field="fileNo"]').innerText()).toBe('510502-2026-000001');
    await screenshot(page, '20-national-file-filed');
    await expectChineseOnly();
  });
});
