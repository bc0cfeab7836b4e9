import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot as save, uiLogin } from '../support/browser';
import { login, testSystem, type Client } from '../support/system';
import { ensureAdminUiBuilt } from './admin-ui';
import { englishOn, legacyFile, taskIn, withoutAnimations } from './helpers';

/**
 * 档案转移 and 档案注销 from the file page (issue 10): the old union's staff request a transfer,
 * its chair and the new union's chair approve in their inboxes (the new chair picks the helper);
 * the file then belongs to the new union, whose staff later request its cancellation.
 */
describe('file page: transfer to another union, then cancellation', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let browser: BrowserContext;
  let page: Page;
  let fileId = '';
  let fileNo = '';
  const c: Record<string, Client> = {};

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
  /** Opens the task of this form from the inbox, claims it and waits for its form. */
  const openTask = async (formKey: string) => {
    await go('/tasks');
    const row = page.locator(`[data-testid="task-row"][data-form-key="${formKey}"]`);
    await row.waitFor();
    await row.click();
    await testId('task-page').waitFor();
    await testId('claim-button').click();
    await testId('task-form').waitFor();
  };
  const completeTask = async () => {
    await testId('complete-button').click();
    await page.waitForURL((url) => url.hash === '#/tasks');
    await sys.engine.drain();
  };

  beforeAll(async () => {
    await ensureAdminUiBuilt();
    [sys, browser] = await Promise.all([testSystem(), launchBrowser()]);
    for (const u of ['staff', 'staff_nx', 'chair_nx']) c[u] = await login(sys.url!, u);
    const file = await legacyFile(sys, 801, { orgId: '510502-01', filedAt: '2025-03-01', perCapita: 46_667 });
    fileId = file.id;
    fileNo = file.fileNo!;
  });
  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await sys?.stop();
  });

  it('staff request the transfer to the street union of 纳溪区 from the file page', async () => {
    await as('staff');
    await go(`/files/${fileId}/show`);
    await testId('transfer-file-button').click();
    await testId('transfer-file-dialog').waitFor();
    await select('reason', '享受失业保险期间，转至街道（社区）工会');
    await byId('toOrgId').fill('安富');
    await page.getByRole('option', { name: /纳溪区安富街道工会/ }).click();
    await byId('note').fill('解除劳动合同后领取失业保险金');
    expect(await englishOn(page)).toEqual([]);
    await save(page, 'file-events-01-transfer-request');
    await testId('transfer-file-dialog-save').click();
    await testId('transfer-file-dialog').waitFor({ state: 'detached' });
    await sys.engine.drain();
    const [event] = (await c.staff.get(`/api/files/${fileId}/events`)).body;
    expect(event).toMatchObject({ kind: 'transfer', reason: 'unemployment', status: 'pending', toOrgName: '纳溪区安富街道工会' });
    // a second request waits for the first to be decided
    await testId('cancel-file-button').click();
    await select('reason', '辞职');
    await testId('cancel-file-dialog-save').click();
    await page.getByText('该档案的转移申请正在审批中').waitFor();
  });

  it('the old union’s chair approves; the new union’s chair approves and picks the helper', async () => {
    await as('chair');
    await openTask('file-transfer-approval-from');
    expect(await testId('life-event-summary').innerText()).toContain('申请由江阳区北城街道工会转至纳溪区安富街道工会');
    await page.getByRole('radio', { name: '同意', exact: true }).check();
    await completeTask();

    await as('chair_nx');
    await openTask('file-transfer-approval-to');
    await page.getByRole('radio', { name: '同意', exact: true }).check();
    await byId('helperId').click();
    await page.getByRole('option', { name: /卫帮扶/ }).click();
    expect(await englishOn(page)).toEqual([]);
    await save(page, 'file-events-02-transfer-in');
    await completeTask();

    await go(`/files/${fileId}/show`);
    await testId('file-title').waitFor();
    expect(await page.locator('[data-field="orgName"]').innerText()).toBe('纳溪区安富街道工会');
    await page.getByRole('tab', { name: '注销与转移' }).click();
    const row = page.locator('[data-testid="file-events"] tr[data-kind="transfer"]');
    expect(await row.getAttribute('data-status')).toBe('approved');
    expect(await row.innerText()).toContain('卫帮扶');
    await save(page, 'file-events-03-moved');
    expect((await c.staff.get(`/api/files/${fileId}`)).status).toBe(404);
  });

  it('the new union’s staff request the cancellation; once the chair approves, the page shows it cancelled', async () => {
    await as('staff_nx');
    await go(`/files/${fileId}/show`);
    await testId('cancel-file-button').click();
    await select('reason', '已脱困');
    await testId('cancel-file-dialog-save').click();
    await testId('cancel-file-dialog').waitFor({ state: 'detached' });
    await sys.engine.drain();
    const [event] = (await c.staff_nx.get(`/api/files/${fileId}/events`)).body;
    const task = await taskIn(c.chair_nx, 'chairApproval', `cancellation-${event.id}`);
    expect((await c.chair_nx.post(`/api/tasks/${task.id}/complete`, { variables: { decision: 'approve', comment: '' } })).status).toBe(200);
    await sys.engine.drain();
    await page.reload();
    await page.locator('[data-testid="file-header"][data-status="cancelled"]').waitFor();
    // a cancelled file offers no further life events
    expect(await testId('cancel-file-button').count()).toBe(0);
    expect(await testId('transfer-file-button').count()).toBe(0);
    await save(page, 'file-events-04-cancelled');
    expect((await c.staff_nx.get(`/api/files/${fileId}`)).body).toMatchObject({ status: 'cancelled', fileNo });
  });
});
