import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot as save, uiLogin } from '../support/browser';
import { officials, taskAt, toApproval, userId } from '../support/filing';
import { inbox, login, testSystem, type TestSystem } from '../support/system';
import { hashPassword } from '../../api/auth/passwords';
import { DEMO_PASSWORD } from '../../prisma/seed';
import { ensureAdminUiBuilt } from './admin-ui';
import { englishOn, legacyFile, withoutAnimations } from './helpers';

/**
 * Issue 6's journeys of officials and supervisors, in the browser:
 * (a) the chair finds an overdue approval under 已逾期, sees where the case stands on its
 *     process diagram, claims it and approves it;
 * (b) the city's supervisor sees another stalled approval in the 督查驾驶舱 (by union, by step,
 *     on the heatmap) and hands it to the union's second chair, who then has it under 我的.
 * Two cases wait for 王主席's approval; the test clock moves two days past both due dates.
 */
describe('overdue tasks: the official’s inbox and the supervisors’ cockpit', () => {
  let sys: TestSystem;
  let browser: BrowserContext;
  let page: Page;
  let A: { id: string; caseNo: string }, B: { id: string; caseNo: string };
  let taskA = '', taskB = '';
  const DAY = 86_400_000;

  const go = (hash: string) => page.goto(`${sys.url}/#${hash}`);
  const testId = (id: string) => page.getByTestId(id);
  const shot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await save(page, `cockpit-${name}`);
  };
  const signInAs = async (username: string) => {
    await browser.clearCookies();
    await page?.close();
    page = await browser.newPage();
    await withoutAnimations(page);
    await uiLogin(page, sys.url!, username);
  };

  beforeAll(async () => {
    await ensureAdminUiBuilt();
    [sys, browser] = await Promise.all([testSystem(), launchBrowser()]);
    const o = await officials(sys);
    await sys.db.prisma.user.create({
      data: { username: 'chair2', displayName: '张副主席', title: '基层工会副主席', passwordHash: await hashPassword(DEMO_PASSWORD), roles: { create: { role: 'grassroots_chair', orgId: '510502-01' } } },
    });
    // a household on file (national level): the file matrix's drill-down must leave it out
    await legacyFile(sys, 803, { orgId: '510502-01', filedAt: '2025-03-01' });
    A = await toApproval(sys, o, 801);
    B = await toApproval(sys, o, 802);
    taskA = (await taskAt(o.chair, 'grassrootsApproval', A.caseNo)).id;
    taskB = (await taskAt(o.chair, 'grassrootsApproval', B.caseNo)).id;
    const due = await sys.db.prisma.userTask.findMany({ where: { id: { in: [taskA, taskB] } } });
    sys.clock.set(new Date(Math.max(...due.map((t) => t.dueAt!.getTime())) + 2 * DAY + 3600_000));
    await sys.engine.drain();
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('(a) the chair finds the overdue approval under 已逾期, sees the diagram with the current step, claims and approves it', async () => {
    await signInAs('chair');
    await go('/tasks');
    await testId('inbox-view-overdue').click();
    const row = page.locator(`[data-testid="task-row"][data-task-id="${taskA}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-overdue')).toBe('true');
    // both approvals are late: the 已逾期 view lists exactly them, the menu counts the open tasks
    expect(await page.locator('[data-testid="task-row"]').count()).toBe(2);
    expect(await page.locator('[data-testid="task-row"][data-overdue="true"]').count()).toBe(2);
    expect(await testId('inbox-view-overdue').innerText()).toContain('（2）');
    expect(Number(await testId('menu-task-count').innerText())).toBeGreaterThanOrEqual(2);
    await shot('a1-overdue-inbox');

    await row.click();
    await testId('task-page').waitFor();
    const diagram = page.locator('[data-testid="bpmn-diagram"][data-rendered="true"]');
    await diagram.waitFor();
    expect(await diagram.getAttribute('data-current')).toBe('grassrootsApproval');
    // bpmn-js draws the marks on the element's own group
    await diagram.locator('g.djs-element.bf-current[data-element-id="grassrootsApproval"]').waitFor();
    expect(await diagram.locator('g.djs-element.bf-completed[data-element-id="householdSurvey"]').count()).toBe(1);
    expect(await testId('task-diagram-version').innerText()).toBe('流程版本 v1');
    const history = testId('task-history');
    await history.waitFor();
    expect(await history.locator('tr[data-element-id="householdSurvey"]', { hasText: '完成' }).innerText()).toContain('李保障');
    expect(await englishOn(page)).toEqual([]);
    await shot('a2-task-page-diagram');

    await testId('claim-button').click();
    await testId('task-form').waitFor();
    await page.getByRole('radio', { name: '同意' }).check();
    await testId('complete-button').click();
    await page.waitForURL((url) => url.hash.startsWith('#/tasks') && !url.hash.includes('/show'));
    const done = await sys.db.prisma.userTask.findUniqueOrThrow({ where: { id: taskA } });
    expect([done.status, done.completedBy]).toEqual(['completed', await userId(sys, 'chair')]);
    await sys.engine.drain();
    await go('/tasks');
    await testId('inbox-view-overdue').click();
    await page.locator(`[data-testid="task-row"][data-task-id="${taskB}"]`).waitFor();
    expect(await page.locator(`[data-testid="task-row"][data-task-id="${taskA}"]`).count()).toBe(0);
    await shot('a3-after-approval');
  });

  it('(b) the supervisor sees the stalled approval by union, by step and on the heatmap, and hands it to the second chair', async () => {
    await signInAs('supervisor');
    await testId('menu-cockpit').click();
    await testId('cockpit-page').waitFor();
    const stalledNow = (await sys.db.prisma.userTask.findMany({ where: { status: 'created' } })).filter((t) => t.dueAt && t.dueAt < sys.clock.now());
    await page.locator(`[data-testid="stalled-total"][data-value="${stalledNow.length}"]`).waitFor();
    const union = page.locator('[data-testid="stalled-by-union-bar"][data-key="510502-01"]');
    expect(await union.getAttribute('data-value')).toBe(String(stalledNow.filter((t) => t.candidateOrgId === '510502-01').length));
    const row = page.locator(`[data-testid="stalled-row"][data-task-id="${taskB}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-case-no')).toBe(B.caseNo);
    expect(await row.getByTestId('stalled-days').innerText()).toBe('2 天');

    // the heatmap: the approval step carries its waiting and overdue counts
    const heat = page.locator('[data-testid="heatmap-diagram"][data-rendered="true"]');
    await heat.waitFor();
    const badge = heat.locator('[data-testid="heat-overdue"][data-element-id="grassrootsApproval"]');
    await badge.waitFor();
    expect(await badge.innerText()).toBe('逾期 1');
    expect(await heat.locator('g.djs-element[data-element-id="grassrootsApproval"][class*="bf-heat-"]').count()).toBe(1);
    await testId('cockpit-heatmap').scrollIntoViewIfNeeded();
    await save(page, 'cockpit-b1-heatmap');

    // drill-down by step: the list keeps only the approvals
    await page.locator('[data-testid="stalled-by-step-bar"][data-key="filing grassrootsApproval"]').click();
    await testId('stalled-filter').getByText('环节：基层工会主席审批').waitFor();
    await row.waitFor();
    expect(await page.locator('[data-testid="stalled-row"]').count()).toBe(stalledNow.filter((t) => t.elementId === 'grassrootsApproval').length);
    expect(await englishOn(page)).toEqual([]);
    await shot('b2-stalled');

    await row.getByTestId('stalled-reassign').click();
    const dialog = testId('reassign-dialog');
    await dialog.waitFor();
    await dialog.locator('[data-testid="reassign-choice"][data-name="张副主席"]').click();
    await save(page, 'cockpit-b3-reassign-dialog');
    await testId('reassign-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator(`[data-testid="stalled-row"][data-task-id="${taskB}"] [data-testid="stalled-assignee"]`, { hasText: '张副主席' }).waitFor();
    await shot('b4-reassigned');
    const moved = await sys.db.prisma.userTask.findUniqueOrThrow({ where: { id: taskB } });
    expect(moved.assignee).toBe(await userId(sys, 'chair2'));
    expect(await sys.db.prisma.auditLog.count({ where: { action: 'reassign', entityId: taskB } })).toBe(1);

    // a figure of the file matrix opens the file list filtered to it
    const cell = page.locator('[data-testid="files-cell"][data-level="none"][data-status="in_review"]');
    const inReview = await sys.db.prisma.householdFile.count({ where: { status: 'in_review', level: null } });
    expect(await cell.innerText()).toBe(String(inReview));
    await cell.click();
    await page.waitForURL((url) => url.hash.startsWith('#/files'));
    await page.locator('[data-testid="file-row"]').first().waitFor();
    expect(await page.locator('[data-testid="file-row"][data-status="in_review"]').count()).toBe(inReview);
    expect(await page.locator('[data-testid="file-row"]').count()).toBe(inReview);
    expect(await sys.db.prisma.householdFile.count()).toBeGreaterThan(inReview);

    // the new assignee has it under 我的
    await signInAs('chair2');
    await go('/tasks');
    await testId('inbox-view-mine').click();
    await page.locator(`[data-testid="task-row"][data-task-id="${taskB}"]`).waitFor();
    expect(await testId('inbox-view-mine').innerText()).toContain('（1）');
    expect((await inbox(await login(sys.url!, 'chair2'), 'mine')).body.map((t: { id: string }) => t.id)).toEqual([taskB]);
    await shot('b5-new-assignee-inbox');
  });
});
