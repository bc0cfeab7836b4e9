import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot as save, uiLogin } from '../support/browser';
import { household, workbook } from '../support/import-rows';
import { login, testSystem, type Client } from '../support/system';
import { ensureAdminUiBuilt } from './admin-ui';
import { englishOn, legacyFile, withoutAnimations } from './helpers';

/**
 * Printing and import in the browser (SPEC §6, issue 6): the file's attachments 1–4 as print
 * pages and PDFs, the full ID number only after a dialog that says the read is recorded; and
 * existing files imported from the template with row-level errors before anything is written.
 */
describe('printing and import in the browser', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let browser: BrowserContext;
  let page: Page;
  let staff: Client;
  let fileId = '';
  let fileNo = '';
  const dir = mkdtempSync(join(tmpdir(), 'bf-e2e-import-'));

  const screenshot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await save(page, `print-import-${name}`);
  };
  const testId = (id: string) => page.getByTestId(id);
  const fetchText = (href: string) =>
    page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, type: res.headers.get('content-type') ?? '', text: res.headers.get('content-type')?.includes('html') ? await res.text() : '' };
    }, href);

  beforeAll(async () => {
    await ensureAdminUiBuilt();
    [sys, browser] = await Promise.all([testSystem(), launchBrowser()]);
    staff = await login(sys.url!, 'staff');
    const file = await legacyFile(sys, 401, { orgId: '510502-01', filedAt: '2025-03-01' });
    [fileId, fileNo] = [file.id, file.fileNo!];
    page = await browser.newPage();
    await withoutAnimations(page);
    await uiLogin(page, sys.url!, 'staff');
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('prints the file’s four attachments as pages and PDFs, masked unless the full number is asked for on purpose', async () => {
    await page.goto(`${sys.url}/#/files/${fileId}/show`);
    await testId('file-print').click();
    for (const doc of ['archive', 'declaration', 'contact-card', 'certificate']) {
      expect(await testId(`print-${doc}-html`).getAttribute('href')).toBe(`/api/files/${fileId}/print/${doc}`);
      expect(await testId(`print-${doc}-pdf`).getAttribute('href')).toBe(`/api/files/${fileId}/print/${doc}.pdf`);
    }
    await screenshot('01-print-menu');
    expect(await englishOn(page, ['PDF'])).toEqual([]);
    const pdf = await fetchText(`/api/files/${fileId}/print/archive.pdf`);
    expect([pdf.status, pdf.type]).toEqual([200, 'application/pdf']);

    // the print page opens in a new tab with the ID number masked
    const [tab] = await Promise.all([browser.waitForEvent('page'), testId('print-archive-html').click()]);
    await tab.waitForLoadState();
    const printed = await tab.locator('body').innerText();
    expect(printed).toContain('困难城镇职工档案表格');
    expect(printed).toMatch(/\*{6,}/);
    await save(tab, 'print-import-02-archive-page');
    await tab.close();
    const reveals = () => sys.db.prisma.auditLog.count({ where: { action: 'reveal', entity: 'household_file', entityId: fileId } });
    expect(await reveals()).toBe(0);

    await testId('file-print').click();
    await testId('print-full-switch').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('每次查看都将记入审计日志').waitFor();
    await dialog.getByRole('button', { name: '取消' }).click();
    expect(await testId('print-archive-html').getAttribute('href')).toBe(`/api/files/${fileId}/print/archive`);
    await testId('print-full-switch').click();
    await dialog.getByRole('button', { name: '确定' }).click();
    await testId('print-full-on').waitFor();
    const full = await testId('print-archive-html').getAttribute('href');
    expect(full).toBe(`/api/files/${fileId}/print/archive?full=1`);
    const { idNumber } = await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id: fileId } });
    expect((await fetchText(full!)).text).toContain(idNumber);
    // the read is recorded, with the document it was for
    expect(await reveals()).toBe(1);
    await screenshot('03-print-full');
    await page.keyboard.press('Escape');
  });

  let upload = '';
  it('an import with two bad rows lists exactly those rows by row and column, and writes nothing yet', async () => {
    await page.goto(`${sys.url}/#/import`);
    await testId('import-page').waitFor();
    expect(await testId('import-template').getAttribute('href')).toBe('/api/import/template.xlsx');
    const template = await page.evaluate(async () => {
      const res = await fetch('/api/import/template.xlsx');
      return [res.status, res.headers.get('content-type'), Array.from(new Uint8Array(await res.arrayBuffer()))] as const;
    });
    expect(template.slice(0, 2)).toEqual([200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    // the official fills in the downloaded template: five households, two of them wrong
    const rows = [1, 2, 3, 4, 5].map((i) => household(500 + i));
    rows[1] = { ...rows[1], 身份证号: String(rows[1].身份证号).slice(0, 17) + (String(rows[1].身份证号).endsWith('1') ? '2' : '1') };
    rows[3] = { ...rows[3], 姓名: '' };
    upload = join(dir, '困难职工档案导入.xlsx');
    writeFileSync(upload, await workbook(Buffer.from(template[2]), rows));

    const before = await sys.db.prisma.householdFile.count();
    await testId('import-input').setInputFiles(upload);
    const preview = page.locator('[data-testid="import-preview"][data-total="5"][data-valid="3"]');
    await preview.waitFor();
    const errors = await page.locator('[data-testid="import-error"]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-row'), e.getAttribute('data-column')]));
    expect(errors).toEqual([
      ['3', '*身份证号'],
      ['5', '*姓名'],
    ]);
    expect(await testId('import-summary').innerText()).toContain('共 5 行，3 行可以导入，2 行有问题');
    expect(await page.locator('[data-testid="import-error"][data-row="3"]').innerText()).toMatch(/第 3 行\s+\*身份证号\s+\S+/);
    expect(await sys.db.prisma.householdFile.count()).toBe(before);
    await screenshot('04-import-preview');
    expect(await englishOn(page)).toEqual([]);
  });

  it('confirming writes the three valid rows with a progress bar', async () => {
    const before = await sys.db.prisma.householdFile.count();
    await testId('import-confirm').click();
    const done = page.locator('[data-testid="import-progress"][data-status="done"][data-done="3"][data-total="3"]');
    await done.waitFor();
    expect(await testId('import-done').innerText()).toBe('导入完成：共 3 户，其中已建档 3 户，进入建档审核 0 户；跳过 0 行。');
    expect(await sys.db.prisma.householdFile.count()).toBe(before + 3);
    const listed = (await staff.get(`/api/files?filter=${encodeURIComponent(JSON.stringify({ q: '510502-2018-000501' }))}`)).body;
    expect(listed.map((f: { fileNo: string; status: string }) => [f.fileNo, f.status])).toEqual([['510502-2018-000501', 'filed']]);
    await screenshot('05-import-done');
    expect(fileNo).toBeTruthy();
  });
});
