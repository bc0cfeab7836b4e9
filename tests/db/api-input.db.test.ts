import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSystem, login, type Client } from '../support/system';
import { demoApplication, residentId } from '../support/fixtures';

/** Bad input to every endpoint: a 400/422 that names the field, and nothing written. */
describe('bad input is refused with the field named and changes nothing', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let staff: Client, supervisor: Client;
  let taskId: string;
  let fileId: string;

  const counts = async () => {
    const p = sys.db.prisma;
    const [files, members, tasks, audit, instances, sessions] = await Promise.all([
      p.householdFile.count(),
      p.familyMember.count(),
      p.userTask.count({ where: { status: 'created' } }),
      p.auditLog.count(),
      p.processInstance.count(),
      p.session.count(),
    ]);
    return { files, members, tasks, audit, instances, sessions };
  };

  beforeAll(async () => {
    sys = await testSystem();
    staff = await login(sys.url!, 'staff');
    supervisor = await login(sys.url!, 'supervisor');
    const created = await staff.post('/api/applications', demoApplication(1));
    fileId = created.body.id;
    await sys.engine.drain();
    const list = await staff.get('/api/tasks');
    taskId = list.body[0].id;
  });
  afterAll(() => sys.stop());

  const raw = (path: string, init: RequestInit) => fetch(`${sys.url}${path}`, init);

  const cases: Array<[string, () => Promise<{ status: number; body: any }>, number, string]> = [
    ['login without a password', () => raw('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"staff"}' }).then(async (r) => ({ status: r.status, body: await r.json() })), 422, 'password'],
    ['login with malformed JSON', () => raw('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' }).then(async (r) => ({ status: r.status, body: await r.json() })), 400, 'body'],
    ['login as a form post (CSRF shape)', () => raw('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=staff&password=x' }).then(async (r) => ({ status: r.status, body: await r.json() })), 400, 'body'],
    ['tasks with a bad sort field', () => staff.get('/api/tasks?sort=["password","ASC"]'), 400, 'sort'],
    ['tasks with a bad range', () => staff.get('/api/tasks?range=[5,"x"]'), 400, 'range'],
    ['tasks with a bad view', () => staff.get(`/api/tasks?filter=${encodeURIComponent('{"view":"everything"}')}`), 400, 'filter.view'],
    ['tasks with filter that is not JSON', () => staff.get('/api/tasks?filter={view'), 400, 'filter'],
    ['complete without variables', () => staff.post(`/api/tasks/${taskId}/complete`, {}), 422, 'variables'],
    ['complete with a bad date', () => staff.post(`/api/tasks/${taskId}/complete`, { variables: { visitDate: '2026-02-30', visitors: '李', findings: '属实', factsConfirmed: true } }), 422, 'visitDate'],
    ['complete with a missing field', () => staff.post(`/api/tasks/${taskId}/complete`, { variables: { visitDate: '2026-03-03', findings: '属实', factsConfirmed: true } }), 422, 'visitors'],
    ['application with a wrong check digit', () => staff.post('/api/applications', { ...demoApplication(2), applicant: { ...demoApplication(2).applicant, idNumber: '11010519491231002Y' } }), 422, 'applicant.idNumber'],
    ['application with money as a float', () => staff.post('/api/applications', { ...demoApplication(3), income: { ...demoApplication(3).income, annualWages: 1234.5 } }), 422, 'income.annualWages'],
    ['application with a negative amount', () => staff.post('/api/applications', { ...demoApplication(4), income: { ...demoApplication(4).income, annualIncomeTax: -1 } }), 422, 'income.annualIncomeTax'],
    ['application with an unknown cause', () => staff.post('/api/applications', { ...demoApplication(5), hardship: { mainCause: 'bad_luck', secondaryCauses: [] } }), 422, 'hardship.mainCause'],
    ['application with four secondary causes', () => staff.post('/api/applications', { ...demoApplication(6), hardship: { mainCause: 'laid_off', secondaryCauses: ['accident', 'schooling', 'major_illness', 'no_social_insurance'] } }), 422, 'hardship.secondaryCauses'],
    ['application with a member twice', () => staff.post('/api/applications', { ...demoApplication(7), members: [demoApplication(7).members![0], demoApplication(7).members![0]] }), 422, 'members.1.idNumber'],
    ['application with a member without income', () => staff.post('/api/applications', { ...demoApplication(8), members: [{ ...demoApplication(8).members![0], monthlyIncome: undefined }] }), 422, 'members.0.monthlyIncome'],
    ['application that is an array', () => staff.post('/api/applications', [1, 2]), 422, 'body'],
    ['files with a bad status', () => staff.get(`/api/files?filter=${encodeURIComponent('{"status":"lost"}')}`), 400, 'filter.status'],
    ['files sorted by a hidden column', () => staff.get('/api/files?sort=["idNumber","ASC"]'), 400, 'sort'],
    ['file update that is not returned', () => staff.put(`/api/files/${fileId}`, demoApplication(1)), 409, ''],
    ['file update with a bad phone', () => staff.put(`/api/files/${fileId}`, { ...demoApplication(1), applicant: { ...demoApplication(1).applicant, phone: '12345' } }), 422, 'applicant.phone'],
  ];

  it.each(cases)('%s', async (_name, call, status, field) => {
    const before = await counts();
    const res = await call();
    expect(res.status).toBe(status);
    expect(typeof res.body.message).toBe('string');
    if (field) expect(Object.keys(res.body.errors ?? {})).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('messages are in Chinese and name the problem', async () => {
    const res = await staff.post('/api/applications', { ...demoApplication(9), applicant: { ...demoApplication(9).applicant, idNumber: residentId('11010519491231002').slice(0, 17) + '5' } });
    expect(res.body.errors['applicant.idNumber']).toBe('身份证号校验位错误');
  });

  it('an unknown or foreign id is a 404, and the supervisor sees no incidents of a healthy system', async () => {
    expect((await staff.get('/api/files/does-not-exist')).status).toBe(404);
    expect((await staff.post('/api/tasks/..%2F..%2Fetc/complete', {})).status).toBe(404);
    const incidents = await supervisor.get('/api/incidents');
    expect([incidents.status, incidents.body]).toEqual([200, []]);
    expect((await staff.get('/api/incidents')).status).toBe(403);
  });

  it('an anonymous caller gets 401 everywhere', async () => {
    for (const path of ['/api/tasks', '/api/files', `/api/files/${fileId}`, '/api/auth/me', '/api/incidents']) {
      const r = await raw(path, {});
      expect(r.status, path).toBe(401);
    }
  });
});
