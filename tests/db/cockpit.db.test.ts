import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbox, login, testSystem, type Client, type TestSystem } from '../support/system';
import { officials, taskAt, toApproval, userId } from '../support/filing';
import { demoApplication } from '../support/fixtures';
import { hashPassword } from '../../api/auth/passwords';
import { DEMO_PASSWORD } from '../../prisma/seed';

/**
 * 督查驾驶舱 (SPEC §7): every figure of the cockpit API equals a count made here from the raw
 * rows, and each supervisor sees only their own subtree:
 *
 * A: 江阳区北城街道工会 (510502-01), at the chair's approval, past due.
 * B: 纳溪区安富街道工会 (510503-01), at the household survey, past due.
 * C: 510502-01, at the household survey, submitted after the clock moved: open, not past due.
 *
 * Supervisors: 钱督查 (`supervisor`, 泸州市总 510500) sees A, B and C; 江阳督查 (510502) sees A
 * and C; 纳溪督查 (510503) sees B only.
 */
describe('supervisors’ cockpit API', () => {
  let sys: TestSystem;
  let o: Awaited<ReturnType<typeof officials>>;
  let city: Client, supJy: Client, supNx: Client, chair2: Client;
  let A: { id: string; caseNo: string }, B: { id: string; caseNo: string }, C: { id: string; caseNo: string };
  let approvalTask: string;
  const DAY = 86_400_000;
  const q = (filter: object) => `filter=${encodeURIComponent(JSON.stringify(filter))}&range=[0,199]`;

  /** Open tasks past due whose candidate org lies under `path`, counted from the table itself. */
  const rawStalled = async (path: string) => {
    const now = sys.clock.now();
    const rows = await sys.db.prisma.userTask.findMany({ where: { status: 'created' } });
    return rows.filter((t) => t.dueAt && t.dueAt < now && t.candidateOrgPath?.startsWith(path));
  };
  const pathOf = async (orgId: string) => (await sys.db.prisma.org.findUniqueOrThrow({ where: { id: orgId } })).path;

  beforeAll(async () => {
    sys = await testSystem();
    o = await officials(sys);
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const [username, displayName, role, orgId] of [
      ['sup_jy', '江阳督查', 'supervisor', '510502'],
      ['sup_nx', '纳溪督查', 'supervisor', '510503'],
      ['chair2', '张副主席', 'grassroots_chair', '510502-01'],
    ]) {
      await sys.db.prisma.user.create({ data: { username, displayName, passwordHash, roles: { create: { role, orgId } } } });
    }
    // B first: its survey waits while A runs through 公示
    const b = await o.staff_nx.post('/api/applications', demoApplication(601));
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    B = b.body;
    await sys.engine.drain();
    A = await toApproval(sys, o, 602);
    approvalTask = (await taskAt(o.chair, 'grassrootsApproval', A.caseNo)).id;
    // two days and an hour past the later of the two due dates
    const open = await sys.db.prisma.userTask.findMany({ where: { status: 'created', businessKey: { in: [A.caseNo, B.caseNo] } } });
    expect(open).toHaveLength(2);
    const latest = Math.max(...open.map((t) => t.dueAt!.getTime()));
    sys.clock.set(new Date(latest + 2 * DAY + 3600_000));
    await sys.engine.drain();
    const c = await o.staff.post('/api/applications', demoApplication(603));
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    C = c.body;
    await sys.engine.drain();
    [city, supJy, supNx, chair2] = await Promise.all(['supervisor', 'sup_jy', 'sup_nx', 'chair2'].map((u) => login(sys.url!, u)));
  });
  afterAll(() => sys?.stop());

  it('counts stalled approvals by union and by step exactly as the task rows do, per supervisor subtree', async () => {
    for (const [client, orgId] of [
      [city, '510500'],
      [supJy, '510502'],
      [supNx, '510503'],
    ] as const) {
      const raw = await rawStalled(await pathOf(orgId));
      const res = await client.get('/api/cockpit/overview');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const { stalled } = res.body;
      expect(stalled.total, orgId).toBe(raw.length);
      const byUnion: Record<string, number> = {};
      for (const t of raw) byUnion[t.candidateOrgId!] = (byUnion[t.candidateOrgId!] ?? 0) + 1;
      expect(Object.fromEntries(stalled.byUnion.map((u: any) => [u.orgId, u.count])), orgId).toEqual(byUnion);
      const byStep: Record<string, number> = {};
      for (const t of raw) byStep[t.elementId] = (byStep[t.elementId] ?? 0) + 1;
      expect(Object.fromEntries(stalled.byStep.map((s: any) => [s.elementId, s.count])), orgId).toEqual(byStep);

      const list = await client.get(`/api/cockpit/tasks?${q({})}`);
      expect(list.status).toBe(200);
      expect(list.body.map((t: any) => t.id).sort()).toEqual(raw.map((t) => t.id).sort());
      expect(list.headers.get('content-range')).toBe(`cockpit/tasks 0-${Math.max(0, raw.length - 1)}/${raw.length}`);
    }
    // the city sees both cases, each county only its own
    const ids = async (c: Client) => (await c.get(`/api/cockpit/tasks?${q({})}`)).body.map((t: any) => t.businessKey);
    expect((await ids(city)).sort()).toEqual([A.caseNo, B.caseNo].sort());
    expect(await ids(supJy)).toEqual([A.caseNo]);
    expect(await ids(supNx)).toEqual([B.caseNo]);
    // C is open but not late: not stalled
    expect((await rawStalled('/')).some((t) => t.businessKey === C.caseNo)).toBe(false);
  });

  it('gives each stalled task its age in calendar days and in working days (weekdays here: no listed holiday in the span)', async () => {
    const row = (await city.get(`/api/cockpit/tasks?${q({ elementId: 'grassrootsApproval' })}`)).body.find((t: any) => t.id === approvalTask);
    const task = await sys.db.prisma.userTask.findUniqueOrThrow({ where: { id: approvalTask } });
    const now = sys.clock.now();
    expect(row.overdueDays).toBe(Math.floor((now.getTime() - task.dueAt!.getTime()) / DAY));
    expect(row.overdueDays).toBe(2);
    const holidays = await sys.db.prisma.calendarDay.count({ where: { date: { gte: new Date(task.dueAt!.getTime() - DAY), lte: now } } });
    expect(holidays).toBe(0);
    // weekdays from the due day (Shanghai) up to, not including, today
    const day = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    let weekdays = 0;
    for (let d = new Date(`${day(task.dueAt!)}T00:00:00Z`); d.toISOString().slice(0, 10) < day(now); d = new Date(d.getTime() + DAY)) {
      if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) weekdays += 1;
    }
    expect(row.overdueWorkingDays).toBe(weekdays);
    expect(row.file.caseNo).toBe(A.caseNo);
    expect(row.candidateOrgName).toBe('江阳区北城街道工会');
  });

  it('counts files by level and status from the file rows of the subtree', async () => {
    for (const [client, orgId] of [
      [city, '510500'],
      [supNx, '510503'],
    ] as const) {
      const path = await pathOf(orgId);
      const rows = (await sys.db.prisma.householdFile.findMany()).filter((f) => f.orgPath.startsWith(path));
      const raw: Record<string, number> = {};
      for (const f of rows) raw[`${f.level ?? 'none'}/${f.status}`] = (raw[`${f.level ?? 'none'}/${f.status}`] ?? 0) + 1;
      const res = await client.get('/api/cockpit/overview');
      expect(Object.fromEntries(res.body.files.map((f: any) => [`${f.level}/${f.status}`, f.count])), orgId).toEqual(raw);
    }
    // the drill-down: the file list filtered by status (and level) lists exactly those files
    const inReview = await city.get(`/api/files?${q({ status: 'in_review', level: 'none' })}`);
    expect(inReview.status, JSON.stringify(inReview.body)).toBe(200);
    expect(inReview.body.map((f: any) => f.caseNo).sort()).toEqual([A.caseNo, B.caseNo, C.caseNo].sort());
    // the exit-rate chart's drill-down: the files of a union and the unions below it
    const jy = await city.get(`/api/files?${q({ under: '510502' })}`);
    expect(jy.body.map((f: any) => f.caseNo).sort()).toEqual([A.caseNo, C.caseNo].sort());
    expect((await city.get(`/api/files?${q({ under: '510503-01' })}`)).body.map((f: any) => f.caseNo)).toEqual([B.caseNo]);
    // a county supervisor's drill-down stays in the county
    expect((await supNx.get(`/api/files?${q({ under: '510502' })}`)).body).toEqual([]);
  });

  it('draws the heatmap of waiting tasks and incidents per element from the supervisor’s cases only', async () => {
    const instanceA = await sys.db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: A.caseNo } });
    await sys.db.prisma.incident.create({ data: { instanceId: instanceA.id, definitionId: instanceA.definitionId, elementId: 'registerFile', kind: 'UNHANDLED_ERROR', message: '驾驶舱测试', createdAt: sys.clock.now() } });
    const now = sys.clock.now();
    for (const [client, orgId] of [
      [city, '510500'],
      [supNx, '510503'],
    ] as const) {
      const path = await pathOf(orgId);
      const res = await client.get('/api/cockpit/processes/filing');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.xml).toContain('grassrootsApproval');
      const open = (await sys.db.prisma.userTask.findMany({ where: { status: 'created', bpmnProcessId: 'filing' } })).filter((t) => t.candidateOrgPath?.startsWith(path));
      const instances = (await sys.db.prisma.processInstance.findMany({ where: { bpmnProcessId: 'filing' } })).filter((i) => i.orgPath?.startsWith(path)).map((i) => i.id);
      const incidents = (await sys.db.prisma.incident.findMany({ where: { resolvedAt: null } })).filter((i) => instances.includes(i.instanceId));
      const raw: Record<string, { waiting: number; overdue: number; incidents: number }> = {};
      const at = (e: string) => (raw[e] ??= { waiting: 0, overdue: 0, incidents: 0 });
      for (const t of open) {
        at(t.elementId).waiting += 1;
        if (t.dueAt && t.dueAt < now) at(t.elementId).overdue += 1;
      }
      for (const i of incidents) at(i.elementId!).incidents += 1;
      expect(Object.fromEntries(res.body.elements.map((e: any) => [e.elementId, { waiting: e.waiting, overdue: e.overdue, incidents: e.incidents }])), orgId).toEqual(raw);
      const overview = await client.get('/api/cockpit/overview');
      expect(overview.body.incidents.open, orgId).toBe(incidents.length);
    }
    const nx = (await supNx.get('/api/cockpit/processes/filing')).body.elements;
    expect(nx.find((e: any) => e.elementId === 'registerFile')).toBeUndefined();
    expect(nx.find((e: any) => e.elementId === 'householdSurvey')).toEqual({ elementId: 'householdSurvey', waiting: 1, overdue: 1, incidents: 0 });
    // drill-down from an element: every open task waiting there
    const waiting = await city.get(`/api/cockpit/tasks?${q({ overdue: false, bpmnProcessId: 'filing', elementId: 'householdSurvey' })}`);
    expect(waiting.body.map((t: any) => t.businessKey).sort()).toEqual([B.caseNo, C.caseNo].sort());
  });

  it('is the supervisors’ alone: other roles are refused, another county’s supervisor cannot see or move the task', async () => {
    for (const c of [o.staff, o.chair, o.county, o.city, o.admin]) {
      expect((await c.get('/api/cockpit/overview')).status, c.username).toBe(403);
      expect((await c.get(`/api/cockpit/tasks?${q({})}`)).status, c.username).toBe(403);
    }
    expect((await supNx.get(`/api/cockpit/tasks/${approvalTask}/assignees`)).status).toBe(404);
    expect((await supNx.post(`/api/cockpit/tasks/${approvalTask}/assign`, { userId: await userId(sys, 'chair2') })).status).toBe(404);
    expect((await sys.db.prisma.userTask.findUniqueOrThrow({ where: { id: approvalTask } })).assignee).toBeNull();
  });

  it('reassigns a stalled approval to another chair of the union: audited, notified, in the new assignee’s 我的', async () => {
    const candidates = await city.get(`/api/cockpit/tasks/${approvalTask}/assignees`);
    expect(candidates.status).toBe(200);
    expect(candidates.body.map((u: any) => u.displayName).sort()).toEqual(['张副主席', '王主席'].sort());
    // only someone who could claim it from the group
    const wrong = await city.post(`/api/cockpit/tasks/${approvalTask}/assign`, { userId: await userId(sys, 'staff') });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors.userId).toMatch(/[\u4e00-\u9fa5]/);

    const chair2Id = await userId(sys, 'chair2');
    const moved = await city.post(`/api/cockpit/tasks/${approvalTask}/assign`, { userId: chair2Id });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.assigneeName).toBe('张副主席');
    expect((await sys.db.prisma.userTask.findUniqueOrThrow({ where: { id: approvalTask } })).assignee).toBe(chair2Id);
    const mine = await inbox(chair2, 'mine');
    expect(mine.body.map((t: any) => t.id)).toContain(approvalTask);
    const audits = await sys.db.prisma.auditLog.findMany({ where: { action: 'reassign', entityId: approvalTask } });
    expect(audits).toHaveLength(1);
    expect(audits[0].userId).toBe(await userId(sys, 'supervisor'));
    expect(audits[0].after).toMatchObject({ assignee: chair2Id });
    const notes = await sys.db.prisma.notification.findMany({ where: { taskId: approvalTask, kind: 'reassigned' } });
    expect(notes.map((n) => n.userId)).toEqual([chair2Id]);
    // the first chair can no longer complete it; the new one sees the diagram with the step highlighted
    expect((await o.chair.post(`/api/tasks/${approvalTask}/complete`, { variables: { decision: 'approve', comment: '' } })).status).toBe(409);
    const diagram = await chair2.get(`/api/tasks/${approvalTask}/diagram`);
    expect(diagram.status, JSON.stringify(diagram.body)).toBe(200);
    expect(diagram.body.current).toBe('grassrootsApproval');
    expect(diagram.body.active).toContain('grassrootsApproval');
    expect(diagram.body.completed).toEqual(expect.arrayContaining(['householdSurvey', 'assignHelpers']));
    expect(diagram.body.version).toBe(1);
    expect(diagram.body.history.some((h: any) => h.elementId === 'householdSurvey' && h.type === 'completed' && h.actor === '李保障')).toBe(true);
  });
});
