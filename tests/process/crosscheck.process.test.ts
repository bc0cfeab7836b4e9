import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSystem, inbox } from '../support/system';
import { startDepartmentStandin, type DepartmentStandin } from '../support/department-standin';
import { DEPARTMENTS } from '../../workers/crosscheck/contract';
import { demoApplication } from '../support/fixtures';
import { APPROVE, complete, officials, taskAt, toApproval, uploadEvidence } from '../support/filing';

/** The county's five-department cross-checks over real HTTP, against a stand-in department server. */
describe('cross-checks with the departments', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let o: Awaited<ReturnType<typeof officials>>;
  let depts: DepartmentStandin;

  beforeAll(async () => {
    sys = await testSystem();
    o = await officials(sys);
    depts = await startDepartmentStandin();
    for (const department of DEPARTMENTS) {
      const res = await o.city.put('/api/department-connectors', { department, mode: 'http', url: depts.url(department), credential: depts.credential });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  });
  afterAll(async () => {
    await sys.stop();
    await depts.close();
  });

  const report = async (id: string, caseNo: string) => {
    await complete(sys, o.chair, 'grassrootsApproval', caseNo, APPROVE);
    await uploadEvidence(o.staff, id);
    await complete(sys, o.staff, 'reportUpward', caseNo, { filingLevel: 'national', confirmed: true });
  };

  it('housing finds two homes: the case is flagged, shown side by side with the declaration, and returned', async () => {
    const { id, caseNo } = await toApproval(sys, o, 1);
    depts.answer('housing', demoApplication(1).applicant.idNumber, { homesOwned: 2 });
    await report(id, caseNo);
    // every department was asked over HTTP, with the household's ID numbers and the credential
    expect(new Set(depts.requests.filter((r) => r.body.caseNo === caseNo).map((r) => r.department))).toEqual(new Set(DEPARTMENTS));
    expect(depts.requests.every((r) => r.authorization === `Bearer ${depts.credential}`)).toBe(true);

    const review = await taskAt(o.county, 'countyReview', caseNo);
    expect(review.file.status).toBe('in_review');
    const summary = (await o.county.get(`/api/files/${id}/cross-checks`)).body;
    expect(summary.flagged).toBe(true);
    const housing = summary.departments.find((d: any) => d.department === 'housing');
    expect(housing.contradictions).toBe(1);
    expect(housing.rows.find((r: any) => r.contradiction)).toMatchObject({ declared: 0, found: 2 });
    expect(summary.departments.filter((d: any) => d.department !== 'housing').every((d: any) => d.contradictions === 0 && d.source === 'http')).toBe(true);

    await complete(sys, o.county, 'countyReview', caseNo, { decision: 'return', comment: '住建核查有两套住房，请核实' });
    expect((await o.staff.get(`/api/files/${id}`)).body.status).toBe('returned');
    await taskAt(o.staff, 'resubmit', caseNo);
  });

  it('an endpoint that is down is retried, then raises an incident; switched to manual, the retry opens the manual task', async () => {
    const { id, caseNo } = await toApproval(sys, o, 2);
    depts.failWith('tax', 'status500');
    await report(id, caseNo);
    const instance = await sys.db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: caseNo } });
    const jobOf = () => sys.db.prisma.job.findFirstOrThrow({ where: { instanceId: instance.id, elementId: 'check_tax' } });
    let job = await jobOf();
    expect([job.status, job.retriesLeft]).toEqual(['activatable', 2]);
    for (let i = 0; i < 3; i++) {
      sys.clock.set(new Date(sys.clock.now().getTime() + 61_000));
      await sys.engine.drain();
    }
    job = await jobOf();
    expect([job.status, job.retriesLeft]).toEqual(['failed', 0]);
    const incidents = (await o.supervisor.get('/api/incidents')).body.filter((i: any) => i.businessKey === caseNo);
    expect(incidents.map((i: any) => [i.kind, i.elementId])).toEqual([['JOB_NO_RETRIES', 'check_tax']]);
    expect((await inbox(o.county)).body.filter((t: any) => t.businessKey === caseNo).map((t: any) => t.elementId)).toEqual([]);

    expect((await o.staff.put('/api/department-connectors', { department: 'tax', mode: 'manual' })).status).toBe(403);
    expect((await o.city.put('/api/department-connectors', { department: 'tax', mode: 'manual' })).status).toBe(200);
    expect((await o.supervisor.post(`/api/incidents/${incidents[0].id}/retry`)).status).toBe(200);
    await sys.engine.drain();
    const manual = await taskAt(o.county, 'manual_tax', caseNo);
    expect(manual.name).toBe('税务人工核查（收入）');
    expect((await o.supervisor.get('/api/incidents')).body.filter((i: any) => i.businessKey === caseNo)).toEqual([]);
    depts.failWith('tax', null);
  });
});
