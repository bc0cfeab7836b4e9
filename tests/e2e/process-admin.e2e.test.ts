import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot as save, uiLogin } from '../support/browser';
import { demoApplication } from '../support/fixtures';
import { inbox, login, testSystem, type Client } from '../support/system';
import { readModel } from '../../api/engine/embedded/model';
import { ensureAdminUiBuilt } from './admin-ui';
import { withoutAnimations } from './helpers';

/**
 * Issue 6, the process admin's journey: the filing process in the modeler, a due date changed in
 * the Zeebe properties panel, a user task's candidate groups removed (the live lint names the
 * task, the element is marked), put back, version 2 deployed; then a new case runs on version 2
 * with the new due date while a case started before stays on version 1 — and the diff shows the
 * one change.
 */
const NEW_DUE = 'string(date and time(deadlines.householdSurvey.dueAt) + duration("P7D"))';
const GROUPS = '["grassroots_staff:" + orgs.grassroots]';

describe('a process admin changes a due date and deploys version 2 of the filing process', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let browser: BrowserContext;
  let page: Page;
  let staff: Client;
  let oldCase = '';

  beforeAll(async () => {
    await ensureAdminUiBuilt();
    [sys, browser] = await Promise.all([testSystem(), launchBrowser({ width: 1600, height: 1000 })]);
    staff = await login(sys.url!, 'staff');
    const created = await staff.post('/api/applications', demoApplication(21));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    oldCase = created.body.caseNo;
    await sys.engine.drain();
    page = await browser.newPage();
    await withoutAnimations(page);
    await uiLogin(page, sys.url!, 'admin');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  const lintState = (state: string) => page.locator(`[data-testid="lint-status"][data-state="${state}"]`);
  const shape = (id: string) => page.locator(`[data-testid="modeler-canvas"] .djs-element[data-element-id="${id}"]`);
  /**
   * A FEEL field of the properties panel (a CodeMirror editor): select all and type over it. An
   * emptied field falls back to plain text; typing `=` makes it a FEEL expression again, as in
   * Camunda's modeler. `insertText` keeps the editor from closing brackets and quotes itself.
   */
  const retype = async (entryId: string, text: string) => {
    const entry = page.locator(`[data-entry-id="${entryId}"]`);
    const editor = entry.locator('[contenteditable="true"]');
    if ((await editor.count()) && (await editor.innerText()).trim()) {
      await editor.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
    }
    if (!text) return;
    if (!(await editor.count())) {
      await entry.locator('input').click();
      await page.keyboard.type('=');
      await editor.waitFor();
    }
    await editor.click();
    await page.keyboard.insertText(text);
  };

  it('opens version 1 of the filing process in the modeler: the model passes the lint', async () => {
    await page.getByTestId('menu-processes').click();
    const filing = page.getByTestId('process-filing');
    await filing.waitFor();
    expect(await filing.locator('[data-testid="process-version"]').count()).toBe(1);
    await save(page, 'process-admin-01-definitions');
    await filing.locator('[data-testid="process-version"][data-version="1"] [data-testid="open-modeler"]').click();
    await shape('householdSurvey').waitFor();
    await lintState('ok').waitFor({ timeout: 30_000 });
    // the surrounding UI and the properties panel speak Chinese
    await shape('householdSurvey').click();
    await page.locator('[data-group-id="group-assignmentDefinition"] .bio-properties-panel-group-header').click();
    await expect.poll(() => page.getByTestId('properties-panel').innerText()).toContain('候选组');
    expect(await page.getByTestId('properties-panel').innerText()).toContain('到期日期');
    const groups = await page.locator('[data-testid="properties-panel"] .bio-properties-panel-group-header-title').allInnerTexts();
    expect(groups.length).toBeGreaterThan(5);
    expect(groups.filter((g) => /[A-Za-z]{3,}/.test(g))).toEqual([]);
  });

  it('changes the household survey’s due date in the properties panel', async () => {
    await retype('taskScheduleDueDate', NEW_DUE);
    await lintState('checking').or(lintState('ok')).first().waitFor();
    await lintState('ok').waitFor({ timeout: 30_000 });
    await save(page, 'process-admin-02-due-date');
  });

  it('removing the candidate groups of a user task shows a lint error on that task; putting them back clears it', async () => {
    await retype('assignmentDefinitionCandidateGroups', '');
    await lintState('errors').waitFor({ timeout: 30_000 });
    const problem = page.locator('[data-testid="lint-problem"][data-element-id="householdSurvey"]');
    await problem.waitFor();
    expect(await problem.innerText()).toContain('用户任务缺少候选组');
    expect(await shape('householdSurvey').getAttribute('class')).toContain('bf-lint-error');
    expect(await page.getByTestId('deploy-version').isDisabled()).toBe(true);
    await save(page, 'process-admin-03-lint-error');

    await problem.click();
    await retype('assignmentDefinitionCandidateGroups', GROUPS);
    await lintState('ok').waitFor({ timeout: 30_000 });
    expect(await shape('householdSurvey').getAttribute('class')).not.toContain('bf-lint-error');
  });

  it('deploys version 2', async () => {
    await page.getByTestId('deploy-version').click();
    const filing = page.getByTestId('process-filing');
    await filing.locator('[data-testid="process-version"][data-version="2"]').waitFor({ timeout: 30_000 });
    await save(page, 'process-admin-04-version-2');
    const versions = await sys.db.prisma.processDefinition.findMany({ where: { bpmnProcessId: 'filing' }, orderBy: { version: 'asc' } });
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const survey = (await readModel(versions[1].xml)).models[0].elements.householdSurvey;
    expect([survey.dueDate, survey.candidateGroups]).toEqual([`=${NEW_DUE}`, `=${GROUPS}`]);
    const audit = await sys.db.prisma.auditLog.findFirstOrThrow({ where: { entity: 'process_definition', action: 'deploy' } });
    expect(audit.entityId).toBe(versions[1].id);
  });

  it('a new case runs on version 2 with the new due date; the case started before stays on version 1', async () => {
    const [v1, v2] = await sys.db.prisma.processDefinition.findMany({ where: { bpmnProcessId: 'filing' }, orderBy: { version: 'asc' } });
    const created = await staff.post('/api/applications', demoApplication(22));
    expect(created.status).toBe(201);
    await sys.engine.drain();
    const instanceOf = (caseNo: string) => sys.db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: caseNo, bpmnProcessId: 'filing' } });
    const [old, fresh] = await Promise.all([instanceOf(oldCase), instanceOf(created.body.caseNo)]);
    expect([old.definitionId, fresh.definitionId]).toEqual([v1.id, v2.id]);

    const surveys = (await inbox(staff)).body.filter((t: { elementId: string }) => t.elementId === 'householdSurvey');
    const dueOf = (caseNo: string) => new Date(surveys.find((t: { businessKey: string }) => t.businessKey === caseNo).dueAt).getTime();
    const deadline = (vars: unknown) => new Date((vars as any).deadlines.householdSurvey.dueAt).getTime();
    expect(dueOf(oldCase)).toBe(deadline(old.variables));
    expect(dueOf(created.body.caseNo)).toBe(deadline(fresh.variables) + 7 * 86_400_000);
  });

  it('the diff of versions 1 and 2 shows the changed due date on the household survey only', async () => {
    await page.getByTestId('compare-filing').getByTestId('compare-open').click();
    const counts = page.getByTestId('diff-counts');
    await counts.waitFor({ timeout: 30_000 });
    expect([await counts.getAttribute('data-added'), await counts.getAttribute('data-removed'), await counts.getAttribute('data-changed')]).toEqual(['0', '0', '1']);
    const row = page.locator('[data-testid="diff-row"][data-element-id="householdSurvey"]');
    expect(await row.innerText()).toContain('duration("P7D")');
    expect(await page.locator('[data-testid="diff-right"] .djs-element[data-element-id="householdSurvey"]').getAttribute('class')).toContain('bf-diff-changed');
    await save(page, 'process-admin-05-diff');
  });
});
