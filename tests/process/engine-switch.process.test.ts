import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type System } from '../../api/system';
import { ManualClock } from '../../api/clock';
import { startCamundaStandin, type CamundaStandin } from '../support/camunda-standin';
import { login, inbox, type Client } from '../support/system';
import { demoApplication } from '../support/fixtures';
import { SURVEY } from '../support/filing';

/**
 * The same API on Camunda 8 (issue 8): with WORKFLOW_ENGINE=camunda and the SDK's variables
 * pointing at the stand-in Camunda REST server, an application starts a process instance there,
 * the inbox shows the task Zeebe would have created, only to the right officials, with the same
 * shape as on the embedded engine, and completing it sends the form as the task's output variable.
 */
describe('the inbox API on WORKFLOW_ENGINE=camunda', () => {
  let standin: CamundaStandin;
  let sys: System;
  let staff: Client, staffNx: Client, chair: Client;

  beforeAll(async () => {
    const clock = new ManualClock('2026-03-02T01:00:00Z');
    standin = await startCamundaStandin(() => clock.now());
    sys = await startSystem({
      dataDir: 'memory://',
      port: 0,
      background: false,
      workflowEngine: 'camunda',
      camundaSdk: { ZEEBE_REST_ADDRESS: standin.url, CAMUNDA_AUTH_STRATEGY: 'NONE' },
      clock,
      log: () => {},
    });
    [staff, staffNx, chair] = await Promise.all(['staff', 'staff_nx', 'chair'].map((u) => login(sys.url!, u)));
  });
  afterAll(async () => {
    await sys?.stop();
    await standin?.close();
  });

  it('deploys every model, starts the filing instance, and serves its task through the same API', async () => {
    expect(sys.embedded).toBeNull();
    expect(standin.calls('POST', /^\/v2\/deployments$/).length).toBeGreaterThan(0);
    const created = await staff.post('/api/applications', demoApplication(1));
    expect(created.status).toBe(201);
    const start = standin.calls('POST', /^\/v2\/process-instances$/).at(-1)!;
    expect(start.body).toMatchObject({ processDefinitionId: 'filing', variables: { businessKey: created.body.caseNo, fileId: created.body.id, orgs: { grassroots: '510502-01', county: '510502' } } });

    // what Zeebe would create next: the household survey for the grassroots staff
    standin.seedUserTask({ instanceKey: created.body.instanceId, elementId: 'householdSurvey', name: '入户调查核实', candidateGroups: ['grassroots_staff:510502-01'], externalFormReference: 'filing-survey', dueDate: '2026-03-09T16:00:00.000Z' });
    const mine = (await inbox(staff)).body;
    expect(mine.map((t: any) => [t.elementId, t.businessKey, t.formKey, t.candidateRole, t.candidateOrgId, t.status])).toEqual([
      ['householdSurvey', created.body.caseNo, 'filing-survey', 'grassroots_staff', '510502-01', 'created'],
    ]);
    expect((await inbox(staffNx)).body).toEqual([]);
    expect((await inbox(chair)).body).toEqual([]);

    const task = mine[0];
    expect((await staff.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    expect((await chair.post(`/api/tasks/${task.id}/claim`)).status).toBe(404);
    const bad = await staff.post(`/api/tasks/${task.id}/complete`, { variables: { ...SURVEY, visitDate: '2026-02-30' } });
    expect([bad.status, Object.keys(bad.body.errors)]).toEqual([422, ['visitDate']]);
    const done = await staff.post(`/api/tasks/${task.id}/complete`, { variables: SURVEY });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const completion = standin.calls('POST', /^\/v2\/user-tasks\/\d+\/completion$/).at(-1)!;
    expect(completion.body.variables.survey).toMatchObject({ visitDate: '2026-03-03', factsConfirmed: true });
  });
});
