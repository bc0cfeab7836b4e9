import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSystem, login, inbox, type Client } from '../support/system';
import { demoApplication } from '../support/fixtures';
import { SURVEY, complete } from '../support/filing';
import { deployAll, WORKFLOWS_DIR } from '../../api/workflows/deploy';

/**
 * Issue 6, process admins through the API: versions of each process, lint before deploy (422
 * with the problems by element id), deploy only by a process admin (403 for everyone else),
 * running instances stay on their version while new ones start on the latest.
 */
const FILING = readFileSync(join(WORKFLOWS_DIR, 'filing', 'filing.bpmn'), 'utf8');
const SURVEY_DUE = 'dueDate="=deadlines.householdSurvey.dueAt"';
/** version 2: the household survey is due a week after its working-day deadline */
const LATER_DUE = 'dueDate="=string(date and time(deadlines.householdSurvey.dueAt) + duration(&quot;P7D&quot;))"';
const V2 = FILING.replace(SURVEY_DUE, LATER_DUE);
/** the household survey without candidate groups */
const NO_GROUPS = FILING.replace(/<zeebe:assignmentDefinition candidateGroups="=\[&quot;grassroots_staff:&quot; \+ orgs.grassroots\]" \/>/, '');

describe('process definitions: lint, deploy, versions', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let admin: Client, staff: Client, supervisor: Client, chair: Client;
  let oldCase = '';

  beforeAll(async () => {
    sys = await testSystem();
    [admin, staff, supervisor, chair] = await Promise.all(['admin', 'staff', 'supervisor', 'chair'].map((u) => login(sys.url!, u)));
    expect(V2).not.toBe(FILING);
    expect(NO_GROUPS).not.toBe(FILING);
    const created = await staff.post('/api/applications', demoApplication(11));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    oldCase = created.body.caseNo;
    await sys.engine.drain();
  });
  afterAll(() => sys.stop());

  const filingVersions = async (c: Client) => (await c.get('/api/process-definitions/filing')).body.versions as Array<{ version: number; definitionId: string; activeInstances: number; deployedBy: string | null }>;

  it('lists every process with its versions and the instances running on each', async () => {
    const list = await admin.get('/api/process-definitions');
    expect(list.status).toBe(200);
    expect(list.headers.get('content-range')).toMatch(/^process-definitions 0-\d+\/\d+$/);
    const ids = list.body.map((p: { bpmnProcessId: string }) => p.bpmnProcessId);
    expect(ids).toEqual(expect.arrayContaining(['filing', 'help-cycle', 'cleanup', 'dibao-referral', 'spot-check']));
    const filing = list.body.find((p: { id: string }) => p.id === 'filing');
    expect(filing).toMatchObject({ name: expect.any(String), latestVersion: 1, activeInstances: 1 });
    expect(filing.versions).toEqual([expect.objectContaining({ version: 1, activeInstances: 1, deployedBy: null })]);
    const xml = await admin.get('/api/process-definitions/filing/versions/1/xml');
    expect(xml.body).toMatchObject({ bpmnProcessId: 'filing', version: 1, xml: FILING });
    expect((await admin.get('/api/process-definitions/filing/versions/9/xml')).status).toBe(404);
    expect((await admin.get('/api/process-definitions/no-such-process')).status).toBe(404);
    // supervisors read them too (the cockpit's diagrams); officials do not
    expect((await supervisor.get('/api/process-definitions')).status).toBe(200);
    expect((await staff.get('/api/process-definitions')).status).toBe(403);
  });

  it('the lint endpoint names the user task without candidate groups', async () => {
    const clean = await admin.post('/api/process-definitions/lint', { xml: FILING });
    expect(clean.status).toBe(200);
    expect(clean.body.problems).toEqual([]);
    const broken = await admin.post('/api/process-definitions/lint', { xml: NO_GROUPS });
    expect(broken.body.problems).toContainEqual({ rule: 'project', id: 'householdSurvey', message: '用户任务缺少候选组（角色:组织）', category: 'error', source: 'project' });
    const garbage = await admin.post('/api/process-definitions/lint', { xml: '<definitions' });
    expect(garbage.body.problems).toEqual([expect.objectContaining({ rule: 'xml', source: 'xml', category: 'error' })]);
    expect((await chair.post('/api/process-definitions/lint', { xml: FILING })).status).toBe(403);
  });

  it('a model that fails the lint is refused with 422 and its problems; nothing is deployed', async () => {
    const refused = await admin.post('/api/process-definitions/filing/versions', { xml: NO_GROUPS });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.xml).toBe('householdSurvey：用户任务缺少候选组（角色:组织）');
    expect(refused.body.problems.map((p: { id: string }) => p.id)).toContain('householdSurvey');
    // an unknown job type, a process id that is not this process's
    const unknownJob = await admin.post('/api/process-definitions/filing/versions', { xml: FILING.replace('type="filing-close"', 'type="filing-closed"') });
    expect(unknownJob.status).toBe(422);
    expect(unknownJob.body.problems).toContainEqual(expect.objectContaining({ id: 'closeRefused', message: '任务类型 filing-closed 没有对应的处理程序' }));
    const otherProcess = await admin.post('/api/process-definitions/help-cycle/versions', { xml: V2 });
    expect(otherProcess.status).toBe(422);
    expect(otherProcess.body.errors.xml).toContain('help-cycle');
    expect((await filingVersions(admin)).map((v) => v.version)).toEqual([1]);
  });

  it('only a process admin deploys: 403 for supervisors and officials, and nothing is written', async () => {
    const audits = await sys.db.prisma.auditLog.count();
    for (const c of [supervisor, chair, staff]) {
      const res = await c.post('/api/process-definitions/filing/versions', { xml: V2 });
      expect(res.status, c.username).toBe(403);
      expect(res.body.message).toMatch(/流程管理员/);
    }
    expect(await sys.db.prisma.processDefinition.count({ where: { bpmnProcessId: 'filing' } })).toBe(1);
    expect(await sys.db.prisma.auditLog.count()).toBe(audits);
  });

  it('deploys version 2: audited, listed with its deployer; the same model again makes no version 3', async () => {
    const deployed = await admin.post('/api/process-definitions/filing/versions', { xml: V2 });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    expect(deployed.body).toMatchObject({ bpmnProcessId: 'filing', version: 2 });
    const versions = await filingVersions(admin);
    expect(versions.map((v) => [v.version, v.activeInstances, v.deployedBy])).toEqual([
      [2, 0, '孙流程'],
      [1, 1, null],
    ]);
    const trail = await sys.db.prisma.auditLog.findFirstOrThrow({ where: { entity: 'process_definition', entityId: deployed.body.definitionId } });
    expect(trail).toMatchObject({ action: 'deploy', outcome: 'ok', after: { bpmnProcessId: 'filing', version: 2 }, before: { version: 1 } });
    expect((await admin.get('/api/process-definitions/filing/versions/2/xml')).body.xml).toBe(V2);

    const again = await admin.post('/api/process-definitions/filing/versions', { xml: V2 });
    expect(again.status).toBe(409);
    expect((await filingVersions(admin)).map((v) => v.version)).toEqual([2, 1]);
  });

  it('the old case stays on version 1 and goes on there; a new case runs on version 2 with its due date', async () => {
    const [v2, v1] = await filingVersions(admin);
    const old = await sys.db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: oldCase, bpmnProcessId: 'filing' } });
    expect(old.definitionId).toBe(v1.definitionId);

    const created = await staff.post('/api/applications', demoApplication(12));
    expect(created.status).toBe(201);
    await sys.engine.drain();
    const fresh = await sys.db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: created.body.caseNo, bpmnProcessId: 'filing' } });
    expect(fresh.definitionId).toBe(v2.definitionId);

    const surveys = (await inbox(staff)).body.filter((t: { elementId: string }) => t.elementId === 'householdSurvey');
    const oldSurvey = surveys.find((t: { businessKey: string }) => t.businessKey === oldCase);
    const newSurvey = surveys.find((t: { businessKey: string }) => t.businessKey === created.body.caseNo);
    expect([oldSurvey.definitionId, newSurvey.definitionId]).toEqual([v1.definitionId, v2.definitionId]);
    // version 1: due at the working-day deadline; version 2: a week after it
    const deadline = (vars: unknown) => new Date((vars as any).deadlines.householdSurvey.dueAt).getTime();
    expect(new Date(oldSurvey.dueAt).getTime()).toBe(deadline(old.variables));
    const freshVars = (await sys.db.prisma.processInstance.findUniqueOrThrow({ where: { id: fresh.id } })).variables;
    expect(new Date(newSurvey.dueAt).getTime()).toBe(deadline(freshVars) + 7 * 86_400_000);

    // the old case's next step is still version 1's
    await complete(sys, staff, 'householdSurvey', oldCase, SURVEY);
    const next = await sys.db.prisma.userTask.findFirstOrThrow({ where: { instanceId: old.id, status: 'created' } });
    expect([next.elementId, next.definitionId]).toEqual(['assignHelpers', v1.definitionId]);
    expect((await filingVersions(admin)).map((v) => [v.version, v.activeInstances])).toEqual([
      [2, 1],
      [1, 1],
    ]);
  });

  it('a restart does not put the file of workflows/ back over the deployed version 2', async () => {
    const again = await deployAll(sys.engine);
    expect(again.find((d) => d.bpmnProcessId === 'filing')).toMatchObject({ version: 1, created: false });
    expect((await sys.engine.latestDefinition('filing'))?.version).toBe(2);
    expect(await sys.db.prisma.processDefinition.count({ where: { bpmnProcessId: 'filing' } })).toBe(2);
  });
});
