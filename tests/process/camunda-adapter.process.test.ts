import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CamundaEngine, orgDescendantsFrom } from '../../api/engine/camunda/adapter';
import { EngineError, type CandidateGroup } from '../../api/engine/port';
import { deployAll, workflowFiles, WORKFLOWS_DIR } from '../../api/workflows/deploy';
import { ManualClock } from '../../api/clock';
import { readModel } from '../../api/engine/embedded/model';
import { addDuration, parseIsoDuration } from '../../api/engine/embedded/stepper';
import type { Database } from '../../api/db/client';
import { HANDLERS } from '../../workers';
import type { WorkerContext } from '../../workers/context';
import type { JobHandler } from '../../workers/job';
import { seedDemo } from '../../prisma/seed';
import { testDatabase } from '../support/db';
import { startCamundaStandin, type CamundaStandin } from '../support/camunda-standin';

/**
 * The Camunda 8 adapter, through the real `@camunda8/sdk` client (strict request and response
 * validation on), against a stand-in of the Camunda 8.8 REST API. No broker: what Zeebe would
 * create by running the model — user tasks, jobs, subscriptions — the test seeds on the stand-in.
 */
describe('Camunda 8 adapter against the REST API stand-in', () => {
  let standin: CamundaStandin;
  let db: Database;
  let engine: CamundaEngine<WorkerContext>;
  const clock = new ManualClock('2026-03-02T01:00:00Z');
  const backoffs: number[] = [];
  const validationIssues: string[] = [];
  const probes: Record<string, JobHandler<WorkerContext>> = {
    'probe-throws': async () => {
      throw new Error('民政接口不可用');
    },
    'probe-refuses': async (job) => job.error({ errorCode: 'CROSS_CHECK_FAILED', errorMessage: '民政核查不符', variables: { crossCheck: { civilAffairs: 'mismatch' } } }),
  };

  const county: CandidateGroup = { role: 'county_reviewer', orgId: '510502', orgPath: '/100000/510000/510500/510502/' };
  const staff: CandidateGroup = { role: 'grassroots_staff', orgId: '510502-01', orgPath: '/100000/510000/510500/510502/510502-01/' };
  const searches = () => standin.calls('POST', /^\/v2\/user-tasks\/search$/);

  beforeAll(async () => {
    standin = await startCamundaStandin(() => clock.now());
    db = await testDatabase();
    await seedDemo(db.prisma);
    engine = new CamundaEngine<WorkerContext>({
      handlers: { ...HANDLERS, ...probes },
      context: { db, clock },
      orgDescendants: orgDescendantsFrom(db.prisma),
      sdk: { ZEEBE_REST_ADDRESS: standin.url, CAMUNDA_AUTH_STRATEGY: 'NONE' },
      // Both directions checked against the SDK's schemas without changing what goes on the wire.
      clientOptions: {
        config: { CAMUNDA_SDK_VALIDATION: 'req:warn,res:warn' },
        log: { level: 'warn', transport: (e) => e.scope.includes('validation') && validationIssues.push(e.args.map((a) => (typeof a === 'function' ? a() : a)).join(' ')) },
      },
      clock,
      retry: {
        maxAttempts: 3,
        baseDelayMs: 10,
        maxDelayMs: 15,
        random: () => 1,
        sleep: async (ms) => {
          backoffs.push(ms);
        },
      },
      worker: { pollTimeoutMs: 100, pollIntervalMs: 10, jobTimeoutMs: 30_000 },
      retryBackoffMs: 2_000,
      log: () => {},
    });
  });
  afterEach(() => {
    // every request the adapter sent and every answer of the stand-in matched the SDK's types
    expect(validationIssues.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    await engine?.stop();
    await standin?.close();
    await db?.close();
  });

  /** Bounded polling for what the job workers do in the background. */
  const until = async <T>(what: string, probe: () => T | undefined | false): Promise<T> => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const value = probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const start = (caseNo: string, variables: Record<string, unknown> = {}) =>
    engine.startInstance('filing', { businessKey: caseNo, orgPath: staff.orgPath, variables: { caseNo, orgs: { grassroots: '510502-01', county: '510502' }, ...variables } });

  it('deploys every BPMN under workflows/ and keeps the version of an unchanged file', async () => {
    const files = workflowFiles();
    expect(files.length).toBeGreaterThan(0);
    const first = await deployAll(engine);
    const uploads = standin.calls('POST', /^\/v2\/deployments$/);
    expect(uploads).toHaveLength(files.length);
    const names = uploads.flatMap((r) => (r.body as FormData).getAll('resources').map((f) => (f as File).name));
    expect(names.sort()).toEqual(files.map((f) => relative(WORKFLOWS_DIR, f)).sort());
    expect(first.every((d) => d.created && d.version === 1 && /^\d+$/.test(d.definitionId))).toBe(true);

    const again = await deployAll(engine);
    expect(again.map((d) => [d.bpmnProcessId, d.version, d.definitionId, d.created])).toEqual(first.map((d) => [d.bpmnProcessId, 1, d.definitionId, false]));

    const latest = await engine.latestDefinition('filing');
    expect(latest?.version).toBe(1);
    expect(latest?.xml).toBe(readFileSync(files.find((f) => f.endsWith('filing.bpmn'))!, 'utf8'));
    expect(await engine.latestDefinition('no-such-process')).toBeNull();
  });

  it('starts an instance with the business key and the org path as variables', async () => {
    const started = await start('SQ20260302-0001');
    const [create] = standin.calls('POST', /^\/v2\/process-instances$/);
    expect(create.body).toMatchObject({
      processDefinitionId: 'filing',
      variables: { caseNo: 'SQ20260302-0001', orgs: { grassroots: '510502-01', county: '510502' }, businessKey: 'SQ20260302-0001', orgPath: staff.orgPath },
    });
    expect(started.version).toBe(1);
    const instance = await engine.getInstance(started.instanceId);
    expect(instance).toMatchObject({ id: started.instanceId, bpmnProcessId: 'filing', version: 1, businessKey: 'SQ20260302-0001', status: 'active', endedAt: null });
    expect(instance?.variables.orgs).toEqual({ grassroots: '510502-01', county: '510502' });
    expect(await engine.getInstance('999')).toBeNull();
    await expect(engine.startInstance('no-such-process', { businessKey: 'x', variables: {} })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  describe('inbox', () => {
    const keys: Record<string, string> = {};
    let instanceId: string;

    beforeAll(async () => {
      ({ instanceId } = await start('SQ20260302-0002'));
      const seed = (name: string, group: string | null, extra: { assignee?: string; minutesAgo?: number; dueDate?: string } = {}) => {
        keys[name] = standin.seedUserTask({
          instanceKey: instanceId,
          elementId: group?.startsWith('county') ? 'probeReview' : 'probeSurvey',
          name: name,
          candidateGroups: group ? [group] : [],
          assignee: extra.assignee,
          creationDate: new Date(clock.now().getTime() - (extra.minutesAgo ?? 0) * 60_000).toISOString(),
          dueDate: extra.dueDate,
          externalFormReference: group?.startsWith('county') ? 'filing-review' : 'filing-survey',
        });
      };
      seed('own grassroots union', 'grassroots_staff:510502-01', { minutesAgo: 50 });
      seed('sibling grassroots union', 'grassroots_staff:510502-02', { minutesAgo: 40 });
      seed('own county', 'county_reviewer:510502', { minutesAgo: 30, dueDate: '2026-03-12T01:00:00.000Z' });
      seed('other county', 'county_reviewer:510503', { minutesAgo: 20 });
      seed('other county, assigned to me', 'county_reviewer:510503', { minutesAgo: 10, assignee: 'u-county' });
      seed('own county, assigned to me', 'county_reviewer:510502', { minutesAgo: 5, assignee: 'u-county' });
    });

    it('lists what a county reviewer may see: their groups over the county subtree, and what is assigned to them', async () => {
      const before = searches().length;
      const { total, tasks } = await engine.listTasks({ userId: 'u-county', groups: [county], sort: { field: 'createdAt', order: 'ASC' } });
      expect(tasks.map((t) => t.name)).toEqual(['own county', 'other county, assigned to me', 'own county, assigned to me']);
      // the task both searches find is counted once
      expect(total).toBe(3);

      const sent = searches().slice(before).map((r) => r.body.filter);
      const groupSearch = sent.find((f) => f.candidateGroup && !f.assignee);
      expect(groupSearch.candidateGroup.$in).toEqual(['county_reviewer:510502', 'county_reviewer:510502-01', 'county_reviewer:510502-02']);
      expect(groupSearch.state).toBe('CREATED');
      expect(sent.find((f) => f.assignee === 'u-county' && !f.candidateGroup)).toBeTruthy();

      const own = tasks[0];
      expect(own).toMatchObject({
        id: keys['own county'],
        instanceId,
        bpmnProcessId: 'filing',
        elementId: 'probeReview',
        candidateRole: 'county_reviewer',
        candidateOrgId: '510502',
        formKey: 'filing-review',
        assignee: null,
        businessKey: 'SQ20260302-0002',
        status: 'created',
      });
      expect(own.dueAt?.toISOString()).toBe('2026-03-12T01:00:00.000Z');
      expect(own.createdAt.toISOString()).toBe('2026-03-02T00:30:00.000Z');
    });

    it('keeps a grassroots official to their own union', async () => {
      const { tasks } = await engine.listTasks({ userId: 'u-staff', groups: [staff], view: 'group' });
      expect(tasks.map((t) => t.name)).toEqual(['own grassroots union']);
      const [sent] = searches().slice(-1);
      expect(sent.body.filter.candidateGroup).toEqual({ $in: ['grassroots_staff:510502-01'] });
    });

    it('filters the views: mine, unclaimed, and by business key; pages the merged result', async () => {
      const mine = await engine.listTasks({ userId: 'u-county', groups: [county], view: 'mine' });
      expect(mine.tasks.map((t) => t.name).sort()).toEqual(['other county, assigned to me', 'own county, assigned to me']);
      const unclaimed = await engine.listTasks({ userId: 'u-county', groups: [county], view: 'unclaimed' });
      expect(unclaimed.tasks.map((t) => t.name)).toEqual(['own county']);
      expect(searches().at(-1)!.body.filter.assignee).toEqual({ $exists: false });

      const second = await engine.listTasks({ userId: 'u-county', groups: [county], sort: { field: 'createdAt', order: 'DESC' }, offset: 1, limit: 1 });
      expect([second.total, second.tasks.map((t) => t.name)]).toEqual([3, ['other county, assigned to me']]);

      const none = await engine.listTasks({ userId: 'u-county', groups: [county], businessKeys: ['SQ-OTHER'] });
      expect(none.total).toBe(0);
      expect(searches().at(-1)!.body.filter.processInstanceVariables).toEqual([{ name: 'businessKey', value: { $in: ['"SQ-OTHER"'] } }]);
      const found = await engine.listTasks({ userId: 'u-county', groups: [county], businessKeys: ['SQ20260302-0002'] });
      expect(found.total).toBe(3);
    });

    it('computes overdue from the due date Camunda reports', async () => {
      clock.set('2026-03-13T00:00:00Z');
      try {
        const { tasks } = await engine.listTasks({ userId: 'u-county', groups: [county], view: 'overdue' });
        expect(tasks.map((t) => t.name)).toEqual(['own county']);
      } finally {
        clock.set('2026-03-02T01:00:00Z');
      }
    });

    it('falls back to the model’s dueIn property when Camunda has no due date', async () => {
      const { models } = await readModel(readFileSync(workflowFiles().find((f) => f.endsWith('filing.bpmn'))!, 'utf8'));
      const element = Object.values(models[0].elements).find((e) => e.type === 'bpmn:UserTask' && e.properties?.dueIn);
      const elementId = element?.id ?? 'householdSurvey';
      const key = standin.seedUserTask({ instanceKey: instanceId, elementId, candidateGroups: ['helper:510502-01'], creationDate: '2026-03-02T01:00:00.000Z' });
      const task = await engine.getTask(key);
      const expected = element ? addDuration(new Date('2026-03-02T01:00:00.000Z'), parseIsoDuration(element.properties!.dueIn)) : null;
      expect(task?.dueAt).toEqual(expected);
      expect(task?.name).toBe(element?.name ?? elementId);
      standin.userTasks.delete(key);
    });

    it('returns one task by key, with the instance variables, and null for an unknown key', async () => {
      const task = await engine.getTask(keys['own county']);
      expect(task?.variables).toMatchObject({ businessKey: 'SQ20260302-0002', orgs: { county: '510502' } });
      expect(await engine.getTask('12345')).toBeNull();
      expect(await engine.getTask('not-a-key')).toBeNull();
    });

    it('claims without override: a second claimant gets a CONFLICT, the holder may claim again', async () => {
      const key = keys['own county'];
      const claimed = await engine.claimTask(key, 'u-county');
      expect(claimed.assignee).toBe('u-county');
      const [assign] = standin.calls('POST', new RegExp(`^/v2/user-tasks/${key}/assignment$`));
      expect(assign.body).toEqual({ assignee: 'u-county', allowOverride: false, action: 'claim' });

      const err = await engine.claimTask(key, 'u-other').catch((e) => e);
      expect(err).toBeInstanceOf(EngineError);
      expect([err.code, err.message]).toEqual(['CONFLICT', '任务已被他人认领']);
      expect(standin.userTasks.get(key)?.assignee).toBe('u-county');
      expect((await engine.claimTask(key, 'u-county')).assignee).toBe('u-county');
      await expect(engine.claimTask('98765', 'u-county')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('unclaims only one’s own task, through unassignment', async () => {
      const key = keys['own county'];
      await expect(engine.unclaimTask(key, 'u-other')).rejects.toMatchObject({ code: 'CONFLICT', message: '只能退回自己认领的任务' });
      expect(standin.calls('DELETE', /\/assignee$/)).toHaveLength(0);
      const view = await engine.unclaimTask(key, 'u-county');
      expect(view.assignee).toBeNull();
      expect(standin.calls('DELETE', new RegExp(`^/v2/user-tasks/${key}/assignee$`))).toHaveLength(1);
      expect(standin.userTasks.get(key)?.assignee).toBeUndefined();
    });

    it('completes with the form as the output variable, claiming an unclaimed task first, exactly once', async () => {
      const key = keys['own county'];
      const review = { decision: 'approve', comment: '核查无误' };
      const before = standin.requests.length;
      await engine.completeTask(key, 'u-county', { countyReview: review });
      const commands = standin.requests.slice(before).filter((r) => r.method !== 'GET' && !r.path.endsWith('/search') && !r.path.startsWith('/v2/jobs'));
      expect(commands.map((r) => [r.method, r.path])).toEqual([
        ['POST', `/v2/user-tasks/${key}/assignment`],
        ['POST', `/v2/user-tasks/${key}/completion`],
      ]);
      expect(commands[1].body).toEqual({ variables: { countyReview: review }, action: 'complete' });
      expect(standin.variablesOf(instanceId).countyReview).toEqual(review);
      const done = await engine.getTask(key);
      expect([done?.status, done?.completedBy]).toEqual(['completed', 'u-county']);

      await expect(engine.completeTask(key, 'u-county', { countyReview: review })).rejects.toMatchObject({ code: 'CONFLICT', message: '任务已办结，不能重复提交' });
      await expect(engine.claimTask(key, 'u-other')).rejects.toMatchObject({ code: 'CONFLICT', message: '任务已办结' });
    });

    it('refuses to complete a task someone else holds, without calling Camunda', async () => {
      const key = keys['other county, assigned to me'];
      const before = standin.calls('POST', /\/completion$/).length;
      await expect(engine.completeTask(key, 'u-other', {})).rejects.toMatchObject({ code: 'CONFLICT', message: '任务已被他人认领' });
      expect(standin.calls('POST', /\/completion$/)).toHaveLength(before);
    });

    it('claims, then completes, while the search index still shows the task unclaimed', async () => {
      const mineKey = standin.seedUserTask({ instanceKey: instanceId, elementId: 'probeLag', candidateGroups: ['county_reviewer:510502'] });
      standin.lagAssignment(mineKey, 3);
      expect((await engine.claimTask(mineKey, 'u-county')).assignee).toBe('u-county');
      await engine.completeTask(mineKey, 'u-county', { countyReview: { decision: 'approve', comment: '' } });
      expect(standin.userTasks.get(mineKey)?.state).toBe('COMPLETED');

      const rivalKey = standin.seedUserTask({ instanceKey: instanceId, elementId: 'probeLag', candidateGroups: ['county_reviewer:510502'] });
      standin.lagAssignment(rivalKey, 3);
      await engine.claimTask(rivalKey, 'u-county');
      await expect(engine.completeTask(rivalKey, 'u-other', {})).rejects.toMatchObject({ code: 'CONFLICT', message: '任务已被他人认领' });
      expect(standin.calls('POST', new RegExp(`^/v2/user-tasks/${rivalKey}/completion$`))).toHaveLength(0);
      expect(standin.userTasks.get(rivalKey)?.assignee).toBe('u-county');
    });

    it('moves a task to another user with override, and back to the group', async () => {
      const key = keys['own county, assigned to me'];
      expect((await engine.assignTask(key, 'u-deputy')).assignee).toBe('u-deputy');
      expect(standin.calls('POST', new RegExp(`^/v2/user-tasks/${key}/assignment$`)).at(-1)!.body).toEqual({ assignee: 'u-deputy', allowOverride: true, action: 'assign' });
      expect((await engine.assignTask(key, null)).assignee).toBeNull();
      expect(standin.userTasks.get(key)?.assignee).toBeUndefined();
    });
  });

  it('moves an instance to another union: new variables, candidate groups evaluated from the model, claims released (a file transferred)', async () => {
    const orgs = { national: '100000', province: '510000', city: '510500', county: '510502', grassroots: '510502-01' };
    const { instanceId } = await engine.startInstance('help-cycle', { businessKey: 'JY-2026-0009/2026', orgPath: staff.orgPath, variables: { fileId: 'f-9', orgs } });
    const key = standin.seedUserTask({ instanceKey: instanceId, elementId: 'marchPlan', candidateGroups: ['helper:510502-01'], assignee: 'u-helper', externalFormReference: 'help-plan' });
    const moved = { ...orgs, county: '510503', grassroots: '510503-01' };
    await engine.moveInstance(instanceId, { orgPath: '/100000/510000/510500/510503/510503-01/', variables: { orgs: moved } });
    expect(standin.variablesOf(instanceId)).toMatchObject({ orgs: moved, orgPath: '/100000/510000/510500/510503/510503-01/' });
    expect(standin.userTasks.get(key)).toMatchObject({ candidateGroups: ['helper:510503-01'], assignee: undefined });
    expect(standin.calls('PATCH', new RegExp(`^/v2/user-tasks/${key}$`)).at(-1)!.body).toEqual({ changeset: { candidateGroups: ['helper:510503-01'] } });
  });

  it('cancels an instance (a file cancelled): its open tasks end; an ended or unknown instance is left as is', async () => {
    const { instanceId } = await engine.startInstance('help-cycle', { businessKey: 'JY-2026-0010/2026', orgPath: staff.orgPath, variables: { fileId: 'f-10', orgs: { grassroots: '510502-01' } } });
    const key = standin.seedUserTask({ instanceKey: instanceId, elementId: 'marchPlan', candidateGroups: ['helper:510502-01'], externalFormReference: 'help-plan' });
    await engine.cancelInstance(instanceId);
    expect((await engine.getInstance(instanceId))?.status).toBe('terminated');
    expect(standin.userTasks.get(key)?.state).toBe('CANCELED');
    await engine.cancelInstance(instanceId);
    await engine.cancelInstance('999');
    await engine.moveInstance(instanceId, { orgPath: staff.orgPath, variables: { orgs: {} } });
    expect(standin.calls('POST', new RegExp(`^/v2/process-instances/${instanceId}/cancellation$`))).toHaveLength(2);
  });

  it('correlates a message to the waiting instance, and says false when none waits', async () => {
    const { instanceId } = await start('SQ20260302-0003');
    standin.openSubscription('publicity-objection', 'SQ20260302-0003', instanceId);
    expect(await engine.correlateMessage('publicity-objection', 'SQ20260302-0003', { objection: { by: '群众', text: '有车辆' } })).toBe(true);
    expect(standin.calls('POST', /^\/v2\/messages\/correlation$/).at(-1)!.body).toEqual({
      name: 'publicity-objection',
      correlationKey: 'SQ20260302-0003',
      variables: { objection: { by: '群众', text: '有车辆' } },
      tenantId: '<default>', // the SDK fills in the default tenant
    });
    expect(standin.variablesOf(instanceId).objection).toEqual({ by: '群众', text: '有车辆' });
    expect(await engine.correlateMessage('publicity-objection', 'SQ20260302-0003')).toBe(false);
  });

  describe('job workers', () => {
    let fileId: string;
    let instanceId: string;
    let definitionId: string;

    beforeAll(async () => {
      const file = await db.prisma.householdFile.create({
        data: {
          caseNo: 'SQ20260302-0004',
          status: 'in_review',
          orgId: '510502-01',
          orgPath: staff.orgPath,
          applicantName: '张建国',
          idNumber: '510502198003150011',
          sex: 'male',
          birthDate: new Date('1980-03-15'),
          mainCause: 'major_illness',
          householdSize: 3,
          annualIncome: 1_680_000n,
          perCapitaMonthly: 46_667,
          form: {},
          createdBy: 'u-staff',
        },
      });
      fileId = file.id;
      ({ instanceId, definitionId } = await start('SQ20260302-0004', { fileId }));
      await engine.start();
    });

    it('opens one REST job worker per handled job type', async () => {
      const polled = await until('every job type polled', () => {
        const types = new Set(standin.calls('POST', /^\/v2\/jobs\/activation$/).map((r) => r.body.type));
        return Object.keys({ ...HANDLERS, ...probes }).every((t) => types.has(t)) && types;
      });
      expect([...polled].sort()).toEqual(Object.keys({ ...HANDLERS, ...probes }).sort());
      const activation = standin.calls('POST', /^\/v2\/jobs\/activation$/)[0].body;
      expect(activation).toMatchObject({ maxJobsToActivate: 4, requestTimeout: 100, timeout: 30_000 });
    });

    it('runs the real filing-set-status handler and completes the job', async () => {
      const jobKey = standin.seedJob({ instanceKey: instanceId, elementId: 'markReturned', type: 'filing-set-status', customHeaders: { status: 'returned' } });
      const job = await until('job completed', () => standin.jobs.get(jobKey)?.outcome && standin.jobs.get(jobKey));
      expect(job.outcome).toEqual({ kind: 'complete', body: { variables: {} } });
      expect((await db.prisma.householdFile.findUniqueOrThrow({ where: { id: fileId } })).status).toBe('returned');
    });

    it('fails a job with bad variables without retries, which raises an incident that can be listed and retried', async () => {
      const { instanceId: broken } = await start('SQ20260302-0005');
      const jobKey = standin.seedJob({ instanceKey: broken, elementId: 'markResubmitted', type: 'filing-set-status', customHeaders: { status: 'in_review' } });
      const job = await until('job failed', () => standin.jobs.get(jobKey)?.outcome && standin.jobs.get(jobKey));
      expect(job.outcome?.kind).toBe('fail');
      expect(job.outcome?.body).toMatchObject({ retries: 0, retryBackOff: 2_000 });
      expect(job.outcome?.body.errorMessage).toContain('流程变量无效');

      const incidents = await engine.listIncidents({ resolved: false, instanceId: broken });
      expect(incidents.map((i) => [i.kind, i.elementId, i.jobId, i.businessKey, i.bpmnProcessId, i.resolvedAt])).toEqual([
        ['JOB_NO_RETRIES', 'markResubmitted', jobKey, 'SQ20260302-0005', 'filing', null],
      ]);
      expect(standin.calls('POST', /^\/v2\/incidents\/search$/).at(-1)!.body.filter).toEqual({ state: 'ACTIVE', processInstanceKey: broken });
      expect((await engine.getInstance(broken))?.status).toBe('incident');

      // the supervisor fixes the variables (a real cluster: Operate or the variables API), then retries
      standin.instances.get(broken)!.variables.set('fileId', { key: standin.key(), value: fileId });
      await engine.retryIncident(incidents[0].id);
      expect(standin.calls('PATCH', new RegExp(`^/v2/jobs/${jobKey}$`)).map((r) => r.body)).toEqual([{ changeset: { retries: 3 } }]);
      expect(standin.calls('POST', new RegExp(`^/v2/incidents/${incidents[0].id}/resolution$`))).toHaveLength(1);
      await until('job completed after the retry', () => standin.jobs.get(jobKey)?.state === 'completed');
      expect((await db.prisma.householdFile.findUniqueOrThrow({ where: { id: fileId } })).status).toBe('in_review');
      expect((await engine.listIncidents({ resolved: true, instanceId: broken })).map((i) => i.id)).toEqual([incidents[0].id]);
      await expect(engine.retryIncident(incidents[0].id)).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('fails a job whose handler throws with one retry used and the default backoff', async () => {
      const jobKey = standin.seedJob({ instanceKey: instanceId, elementId: 'crossCheck', type: 'probe-throws', retries: 3 });
      await until('job failed', () => standin.jobs.get(jobKey)?.outcome);
      expect(standin.calls('POST', new RegExp(`^/v2/jobs/${jobKey}/failure$`))[0].body).toEqual({ errorMessage: '民政接口不可用', retries: 2, retryBackOff: 2_000 });
      expect(standin.jobs.get(jobKey)?.state).toBe('activatable');
    });

    it('throws a BPMN error with its code, message and variables', async () => {
      const jobKey = standin.seedJob({ instanceKey: instanceId, elementId: 'crossCheck', type: 'probe-refuses' });
      await until('error thrown', () => standin.jobs.get(jobKey)?.outcome);
      expect(standin.calls('POST', new RegExp(`^/v2/jobs/${jobKey}/error$`))[0].body).toEqual({
        errorCode: 'CROSS_CHECK_FAILED',
        errorMessage: '民政核查不符',
        variables: { crossCheck: { civilAffairs: 'mismatch' } },
      });
    });

    it('completes a job even when Camunda pushes back on the completion', async () => {
      standin.failNext(2, 503, /\/completion$/);
      const jobKey = standin.seedJob({ instanceKey: instanceId, elementId: 'markResubmitted', type: 'filing-set-status', customHeaders: { status: 'in_review' } });
      await until('job completed', () => standin.jobs.get(jobKey)?.state === 'completed');
      expect(standin.calls('POST', new RegExp(`^/v2/jobs/${jobKey}/completion$`)).map((r) => r.status)).toEqual([503, 503, 204]);
    });

    it('reports per-element statistics of a definition', async () => {
      const stats = await engine.elementStatistics(definitionId);
      expect(standin.calls('POST', new RegExp(`^/v2/process-definitions/${definitionId}/statistics/element-instances$`))).toHaveLength(1);
      const at = (id: string) => stats.find((s) => s.elementId === id);
      expect(at('markReturned')).toEqual({ elementId: 'markReturned', active: 0, incidents: 0, completed: 1 });
      expect(at('markResubmitted')).toEqual({ elementId: 'markResubmitted', active: 0, incidents: 0, completed: 2 });
      expect(at('probeReview')).toMatchObject({ active: 3, completed: 1 });
      await expect(engine.elementStatistics('4242')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('back-pressure', () => {
    it('retries 429 and 503 with growing, jittered backoff and then succeeds', async () => {
      backoffs.length = 0;
      standin.failNext(1, 429, /^\/v2\/user-tasks\/search$/);
      standin.failNext(1, 503, /^\/v2\/user-tasks\/search$/);
      const before = searches().length;
      const { total } = await engine.listTasks({ userId: 'u-staff', groups: [staff], view: 'group' });
      expect(total).toBe(1);
      expect(searches().slice(before).map((r) => r.status)).toEqual([429, 503, 200]);
      // random() = 1: the full cap, 10 ms then 20 ms capped at 15 ms
      expect(backoffs).toEqual([10, 15]);
    });

    it('gives up after the bounded number of attempts with UNAVAILABLE', async () => {
      standin.failNext(3, 503, /^\/v2\/messages\/correlation$/);
      const before = standin.calls('POST', /^\/v2\/messages\/correlation$/).length;
      const err = await engine.correlateMessage('publicity-objection', 'SQ-NONE').catch((e) => e);
      expect(err).toBeInstanceOf(EngineError);
      expect(err.code).toBe('UNAVAILABLE');
      expect(standin.calls('POST', /^\/v2\/messages\/correlation$/).slice(before).map((r) => r.status)).toEqual([503, 503, 503]);
    });

    it('says UNAVAILABLE when the cluster cannot be reached', async () => {
      const unreachable = new CamundaEngine<WorkerContext>({
        handlers: {},
        context: { db, clock },
        orgDescendants: async () => [],
        sdk: { ZEEBE_REST_ADDRESS: 'http://127.0.0.1:9', CAMUNDA_AUTH_STRATEGY: 'NONE' },
        clientOptions: { log: { level: 'silent' } },
      });
      await expect(unreachable.getTask('2251799813685249')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      await expect(unreachable.correlateMessage('m', 'k')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    });

    it('does not retry other errors', async () => {
      const before = standin.calls('POST', /\/assignment$/).length;
      await expect(engine.claimTask('55555', 'u-county')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(standin.calls('POST', /\/assignment$/).length - before).toBe(1);
    });
  });
});
