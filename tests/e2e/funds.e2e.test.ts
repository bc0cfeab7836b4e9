import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot as save, uiLogin } from '../support/browser';
import { login, testSystem, type Client } from '../support/system';
import { ensureAdminUiBuilt } from './admin-ui';
import { englishOn, legacyFile, withoutAnimations } from './helpers';

/**
 * 帮扶资金 in the browser (SPEC §4): the city opens an account, puts the year's money in and
 * allocates it down to the county; grassroots staff request aid for a household from their
 * union's fund; the chair approves and pays it to the card on file and hands it to the bank; the
 * county rejects a request on its own fund; supervisors see the usage by level.
 */
describe('funds in the browser', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let browser: BrowserContext;
  let page: Page;
  let c: Record<'staff' | 'county' | 'city', Client>;
  let fileId = '';
  let countyAccount = '';

  const open = async (username: string) => {
    await page?.close();
    await browser.clearCookies();
    page = await browser.newPage();
    await withoutAnimations(page);
    await uiLogin(page, sys.url!, username);
  };
  const screenshot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await save(page, `funds-${name}`);
  };
  const testId = (id: string) => page.getByTestId(id);
  const byId = (id: string) => page.locator(`[id="${id}"]`);
  const select = async (id: string, option: string | RegExp) => {
    await byId(id).click();
    await page.getByRole('option', { name: option }).click();
  };
  /** The demo tree has an account a level per union already; these are told apart by id or name. */
  const account = (id: string) => page.locator(`[data-testid="account-row"][data-account-id="${id}"]`);
  const named = (name: string) => page.locator('[data-testid="account-row"]', { hasText: name });

  beforeAll(async () => {
    await ensureAdminUiBuilt();
    [sys, browser] = await Promise.all([testSystem(), launchBrowser()]);
    const [staff, county, city] = await Promise.all(['staff', 'county', 'city'].map((u) => login(sys.url!, u)));
    c = { staff, county, city };
    // a national-level household of 江阳区北城街道工会 with its bank card on file (尾号 0001)
    fileId = (await legacyFile(sys, 301, { orgId: '510502-01', filedAt: '2025-03-01' })).id;
    const created = await c.city.post('/api/funds/accounts', { orgId: '510502', level: 'county', name: '江阳区县级帮扶资金' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    countyAccount = created.body.id;
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('the city opens an account, deposits the year’s budget and allocates part of it to the county', async () => {
    await open('city');
    await page.goto(`${sys.url}/#/funds`);
    await testId('funds-tab-accounts').click();
    await account(countyAccount).waitFor();
    await testId('account-create').click();
    await byId('orgId').fill('510500');
    await select('level', '县（区）级');
    await byId('name').fill('市总工会县级帮扶资金');
    await testId('account-create-dialog-save').click();
    const cityFund = named('市总工会县级帮扶资金');
    await cityFund.waitFor();
    expect([await cityFund.getAttribute('data-org-id'), await cityFund.getAttribute('data-level'), await cityFund.getAttribute('data-balance')]).toEqual(['510500', 'county', '0']);

    await cityFund.getByTestId('account-deposit').click();
    await byId('amount').fill('20000');
    await byId('note').fill('2026年市级预算');
    await testId('deposit-dialog-save').click();
    await page.locator('[data-testid="account-row"][data-balance="2000000"]', { hasText: '市总工会县级帮扶资金' }).waitFor();

    await cityFund.getByTestId('account-allocate').click();
    // only county-level accounts of the unions below the city, never the city's own
    await byId('toAccountId').click();
    const targets = (await page.getByRole('option').allInnerTexts()).filter((o) => o.trim());
    expect(targets).toContain('江阳区总工会 · 江阳区县级帮扶资金（¥0.00）');
    expect(targets.every((o) => !o.startsWith('泸州市总工会 ·') && !o.includes('基层'))).toBe(true);
    await page.getByRole('option', { name: /江阳区县级帮扶资金/ }).click();
    await byId('amount').fill('10000');
    await testId('allocate-dialog-save').click();
    await page.locator(`[data-testid="account-row"][data-account-id="${countyAccount}"][data-balance="1000000"]`).waitFor();
    await page.locator('[data-testid="account-row"][data-balance="1000000"]', { hasText: '市总工会县级帮扶资金' }).waitFor();
    await screenshot('01-city-accounts');
    expect(await englishOn(page)).toEqual([]);

    await account(countyAccount).getByTestId('account-ledger').click();
    const row = page.locator('[data-testid="ledger-row"][data-kind="allocation_in"]');
    await row.waitFor();
    expect(await row.innerText()).toMatch(/上级下拨\s+\+¥10,000\.00\s+泸州市总工会下拨\s+周市总/);
    await screenshot('02-city-ledger');
  });

  let requestId = '';
  it('staff requests medical aid for the household from their union’s fund', async () => {
    await open('staff');
    await page.goto(`${sys.url}/#/files/${fileId}/show/funds`);
    await testId('disbursement-request-button').click();
    await byId('accountId').click();
    // what the file may draw on and the staff may see: their own union's fund
    expect((await page.getByRole('option').allInnerTexts()).filter((o) => o.trim())).toEqual(['江阳区北城街道工会 · 江阳区北城街道工会基层帮扶资金（演示）（基层级，余额 ¥20,000.00）']);
    await page.getByRole('option', { name: /北城街道工会基层帮扶资金/ }).click();
    await select('kind', '医疗救助');
    await byId('amount').fill('2000');
    await testId('disbursement-request-save').click();
    await page.locator('[id="reason-helper-text"]', { hasText: '请填写帮扶事由' }).waitFor();
    await byId('reason').fill('配偶透析医疗救助');
    await screenshot('03-staff-request');
    await testId('disbursement-request-save').click();
    const row = page.locator('[data-testid="disbursement-row"][data-status="requested"]');
    await row.waitFor();
    requestId = (await row.getAttribute('data-disbursement-id'))!;
    expect(await row.innerText()).toMatch(/医疗救助\s+¥2,000\.00\s+江阳区北城街道工会基层帮扶资金（演示）[\s\S]*待审批/);
    expect(await englishOn(page)).toEqual([]);

    // the key was drawn once for the form; sent again, it is the same request
    const sent = (await c.staff.get(`/api/funds/disbursements/${requestId}`)).body;
    expect(sent.idempotencyKey).toMatch(/^disb-[0-9a-f]{32}$/);
    const retried = await c.staff.post('/api/funds/disbursements', { fileId, accountId: sent.accountId, kind: 'medical_aid', amount: 200_000, reason: '配偶透析医疗救助', idempotencyKey: sent.idempotencyKey });
    expect([retried.status, retried.body.id]).toEqual([200, requestId]);
  });

  it('the chair approves and pays it to the card on file and hands it to the bank as a batch with its .xlsx', async () => {
    await open('chair');
    await page.goto(`${sys.url}/#/funds`);
    const row = page.locator(`[data-testid="disbursement-row"][data-disbursement-id="${requestId}"]`);
    await row.getByTestId('disbursement-approve').click();
    await page.locator(`[data-testid="disbursement-row"][data-disbursement-id="${requestId}"][data-status="approved"]`).waitFor();
    await row.getByTestId('disbursement-pay').click();
    await page.getByRole('dialog').getByText('将 ¥2,000.00 从“江阳区北城街道工会基层帮扶资金（演示）”支付到 张*国 尾号 0001 的银行卡').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: '支付' }).click();
    await page.locator(`[data-testid="disbursement-row"][data-disbursement-id="${requestId}"][data-status="paid"]`).waitFor();
    const paid = (await c.staff.get(`/api/funds/disbursements/${requestId}`)).body;
    expect([paid.status, paid.bankCardLast4]).toEqual(['paid', '0001']);
    expect((await c.staff.get(`/api/funds/accounts/${paid.accountId}`)).body.balance).toBe(1_800_000);
    await screenshot('04-chair-paid');

    await testId('funds-tab-batches').click();
    await testId('batch-create').click();
    await select('accountId', /北城街道工会基层帮扶资金/);
    await testId('batch-dialog-save').click();
    const batch = page.locator('[data-testid="batch-row"][data-count="1"][data-total="200000"]');
    await batch.waitFor();
    const href = await batch.getByTestId('batch-export').getAttribute('href');
    const exported = await page.evaluate(async (url) => {
      const res = await fetch(url!);
      return [res.status, res.headers.get('content-type')];
    }, href);
    expect(exported).toEqual([200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    await screenshot('05-chair-batch');
    expect(await englishOn(page)).toEqual([]);
  });

  it('the county rejects a request on its fund with a reason', async () => {
    const other = await c.county.post('/api/funds/disbursements', { fileId, accountId: countyAccount, kind: 'training', amount: 50_000, reason: '技能培训补贴', idempotencyKey: 'e2e-training-0001' });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    await open('county');
    await page.goto(`${sys.url}/#/funds`);
    const rejected = page.locator(`[data-testid="disbursement-row"][data-disbursement-id="${other.body.id}"]`);
    await page.locator(`[data-testid="disbursement-row"][data-disbursement-id="${other.body.id}"][data-status="requested"]`).waitFor();
    await rejected.getByTestId('disbursement-reject').click();
    await testId('reject-dialog').locator('[id="reason"]').fill('本年度培训补贴已由人社部门发放');
    await testId('reject-dialog-save').click();
    await page.locator(`[data-testid="disbursement-row"][data-disbursement-id="${other.body.id}"][data-status="rejected"]`).waitFor();
    // the list filters by status
    await testId('disbursement-status-filter').selectOption('rejected');
    await page.locator('[data-testid="disbursement-row"][data-status="paid"]').waitFor({ state: 'detached' });
    expect(await rejected.innerText()).toContain('驳回理由：本年度培训补贴已由人社部门发放');
    await screenshot('06-county-rejected');
    expect(await englishOn(page)).toEqual([]);
  });

  it('the supervisor sees the money paid by fund level and by union', async () => {
    await open('supervisor');
    await page.goto(`${sys.url}/#/funds`);
    await testId('funds-tab-usage').click();
    await page.locator('[data-testid="funds-usage"][data-total="200000"]').waitFor();
    expect(await page.locator('[data-testid="usage-level"][data-level="grassroots"]').getAttribute('data-amount')).toBe('200000');
    expect(await page.locator('[data-testid="usage-level"][data-level="county"]').getAttribute('data-amount')).toBe('0');
    expect(await page.locator('[data-testid="usage-union"][data-org-id="510502-01"]').innerText()).toContain('江阳区北城街道工会');
    expect(await testId('usage-total').innerText()).toBe('合计 ¥2,000.00，共 1 笔');
    await screenshot('07-supervisor-usage');
    expect(await englishOn(page)).toEqual([]);
  });
});
