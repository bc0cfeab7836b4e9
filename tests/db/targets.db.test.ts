import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSystem, login, type Client, type TestSystem } from '../support/system';
import { userId } from '../support/filing';
import { demoApplication } from '../support/fixtures';
import { ApplicationSchema } from '../../api/applications/application.schema';
import { parseResidentId } from '../../workers/identity/resident-id';
import { hashPassword } from '../../api/auth/passwords';
import { DEMO_PASSWORD } from '../../prisma/seed';

/**
 * Exit targets and pairing (SPEC §7, seed 三 and 四5) computed from households with known
 * numbers, year 2026:
 *
 * 江阳区北城街道工会 (510502-01): 7 on file, 2 exited in 2026, 1 evaluated `exited` for 2026
 *   (cancellation not final yet) → 10 households, 3 exits; also 1 died in 2026, 1 exited in
 *   2025 and 1 still in review, none of which count. 2 of the open files are kept stock.
 * 江阳区环卫服务中心工会 (510502-02): 5 on file, no exits.
 * 纳溪区安富街道工会 (510503-01): 3 on file, no exits.
 */
describe('targets and pairing from data with known numbers', () => {
  let sys: TestSystem;
  let city: Client, county: Client, countyNx: Client;
  const ids: Record<string, string[]> = {};
  let seq = 400;

  async function file(orgId: string, opts: { filedAt?: string | null; status?: string; closedAt?: string; exitedAt?: string; secondHelperId?: string } = {}) {
    const app = ApplicationSchema.parse(demoApplication(++seq));
    const org = await sys.db.prisma.org.findUniqueOrThrow({ where: { id: orgId } });
    const id = parseResidentId(app.applicant.idNumber);
    if (!id.ok) throw new Error(id.error);
    const at = (d: string | undefined | null) => (d ? new Date(`${d}T10:00:00+08:00`) : null);
    const filedAt = opts.filedAt === undefined ? '2025-04-01' : opts.filedAt;
    const row = await sys.db.prisma.householdFile.create({
      data: {
        caseNo: `SQ-T-${seq}`,
        fileNo: filedAt ? `T-${seq}` : null,
        status: opts.status ?? 'filed',
        orgId,
        orgPath: org.path,
        applicantName: app.applicant.name,
        idNumber: app.applicant.idNumber,
        sex: id.sex,
        birthDate: new Date(`${id.birthDate}T00:00:00Z`),
        mainCause: app.hardship.mainCause,
        householdSize: 3,
        annualIncome: 1_800_000n,
        perCapitaMonthly: 46_667,
        form: app as any,
        createdBy: 'import',
        createdAt: at(filedAt) ?? new Date('2026-02-01T00:00:00Z'),
        filedAt: at(filedAt),
        closedAt: at(opts.closedAt),
        exitedAt: at(opts.exitedAt),
        secondHelperId: opts.secondHelperId ?? null,
      },
    });
    return row.id;
  }

  async function visit(fileId: string, createdBy: string, visitDate: string) {
    await sys.db.prisma.visit.create({
      data: { fileId, kind: 'help', visitDate: new Date(`${visitDate}T00:00:00Z`), visitors: '帮扶干部', findings: '入户走访', photoIds: [], createdBy, createdAt: new Date(`${visitDate}T10:00:00+08:00`) },
    });
  }

  beforeAll(async () => {
    sys = await testSystem();
    [city, county, countyNx] = await Promise.all(['city', 'county', 'county_nx'].map((u) => login(sys.url!, u)));
    const helper2 = await userId(sys, 'helper2'); // 江阳区总工会 cadre
    const fengNx = await userId(sys, 'county_nx'); // a county reviewer who is also a second helper
    const cadre = (await sys.db.prisma.user.create({ data: { username: 'cadre_city', displayName: '钱干部', passwordHash: await hashPassword(DEMO_PASSWORD), roles: { create: { role: 'helper', orgId: '510500' } } } })).id;

    const open = [];
    for (let i = 0; i < 7; i++) open.push(await file('510502-01', { secondHelperId: i < 3 ? helper2 : undefined }));
    const exited = [
      await file('510502-01', { status: 'cancelled', closedAt: '2026-05-10', exitedAt: '2026-05-10', secondHelperId: helper2 }),
      await file('510502-01', { status: 'cancelled', closedAt: '2026-06-01', exitedAt: '2026-06-01' }),
    ];
    const evaluated = await file('510502-01');
    await sys.db.prisma.evaluation.create({ data: { fileId: evaluated, year: 2026, proposed: 'exited', outcome: 'exited', judgement: {} } });
    await file('510502-01', { status: 'cancelled', closedAt: '2026-04-01' }); // died
    await file('510502-01', { status: 'cancelled', closedAt: '2025-12-20', exitedAt: '2025-12-20', secondHelperId: helper2 }); // exited last year
    await file('510502-01', { status: 'in_review', filedAt: null }); // not filed yet
    for (const fileId of [open[3], open[4], exited[0]]) {
      await sys.db.prisma.cleanupDecision.create({ data: { campaignId: 'campaign-2018', fileId, part: 'stock', decision: 'keep' } });
    }
    ids.open = open;

    const env = [];
    for (let i = 0; i < 5; i++) env.push(await file('510502-02', { secondHelperId: cadre }));
    const nx = [];
    for (let i = 0; i < 3; i++) nx.push(await file('510503-01', { secondHelperId: fengNx }));

    // visits: the cadre's own records of visits to their own households in 2026 count
    await visit(env[0], cadre, '2026-03-10');
    await visit(env[1], cadre, '2026-12-05');
    await visit(open[0], cadre, '2026-04-01'); // not the cadre's household
    await visit(open[0], helper2, '2026-03-15');
    await visit(open[1], helper2, '2025-12-30'); // last year
    await visit(nx[0], fengNx, '2026-03-03');
    await visit(nx[0], fengNx, '2026-12-20');
    await visit(nx[1], await userId(sys, 'staff_nx'), '2026-03-03'); // recorded by someone else
  });
  afterAll(() => sys.stop());

  const row = (rows: any[], orgId: string) => rows.find((r) => r.orgId === orgId);

  it('computes the default 20 % target, exits so far and progress per union', async () => {
    const res = await city.get('/api/targets?year=2026');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(row(res.body, '510502-01')).toMatchObject({ households: 10, exitRatePct: 20, rateSource: 'default', target: 2, exits: 3, progressPct: 150, met: true, stockExitYear: null, stockRemaining: 2 });
    expect(row(res.body, '510502-02')).toMatchObject({ households: 5, target: 1, exits: 0, progressPct: 0, met: false });
    expect(row(res.body, '510502')).toMatchObject({ households: 15, target: 3, exits: 3, progressPct: 100, met: true, stockRemaining: 2 });
    expect(row(res.body, '510503-01')).toMatchObject({ households: 3, target: 1, exits: 0 });
    expect(row(res.body, '510500')).toMatchObject({ households: 18, target: 4, exits: 3, progressPct: 75, met: false });
    // unions with nobody on file have no row
    expect(row(res.body, '510504')).toBeUndefined();
    expect(res.headers.get('content-range')).toMatch(/^targets 0-\d+\/\d+$/);
  });

  it('lets a city reviewer override the rate per union (inherited below it) and set the stock exit year', async () => {
    const before = await sys.db.prisma.unionTarget.count();
    for (const [body, field] of [
      [{ orgId: '510502', year: 2026, exitRatePct: 0 }, 'exitRatePct'],
      [{ orgId: '510502', year: 2026, exitRatePct: 12.5 }, 'exitRatePct'],
      [{ orgId: '510502', year: 'next', exitRatePct: 25 }, 'year'],
      [{ orgId: '510502', year: 2026, exitRatePct: 25, stockExitYear: 1990 }, 'stockExitYear'],
      [{ year: 2026, exitRatePct: 25 }, 'orgId'],
    ] as const) {
      const res = await city.put('/api/targets', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.errors).toHaveProperty(field);
    }
    expect((await county.put('/api/targets', { orgId: '510502', year: 2026, exitRatePct: 25 })).status).toBe(403);
    expect((await countyNx.put('/api/targets', { orgId: '510502', year: 2026, exitRatePct: 25 })).status).toBe(404);
    expect(await sys.db.prisma.unionTarget.count()).toBe(before);

    expect((await city.put('/api/targets', { orgId: '510502', year: 2026, exitRatePct: 25 })).status).toBe(200);
    expect((await city.put('/api/targets', { orgId: '510502-02', year: 2026, exitRatePct: 40 })).status).toBe(200);
    const cityRow = await city.put('/api/targets', { orgId: '510500', year: 2026, exitRatePct: 20, stockExitYear: 2028 });
    expect(cityRow.body).toMatchObject({ orgId: '510500', year: 2026, exitRatePct: 20, stockExitYear: 2028 });

    const res = await city.get('/api/targets?year=2026');
    expect(row(res.body, '510502')).toMatchObject({ exitRatePct: 25, rateSource: 'own', target: 4, exits: 3, progressPct: 75, met: false, stockExitYear: 2028 });
    expect(row(res.body, '510502-01')).toMatchObject({ exitRatePct: 25, rateSource: 'inherited', target: 3, exits: 3, progressPct: 100, met: true });
    expect(row(res.body, '510502-02')).toMatchObject({ exitRatePct: 40, rateSource: 'own', target: 2 });
    expect(row(res.body, '510503-01')).toMatchObject({ exitRatePct: 20, rateSource: 'inherited', target: 1, stockExitYear: 2028 });
    // another year keeps the default
    expect(row((await city.get('/api/targets?year=2027')).body, '510502-01')).toMatchObject({ exitRatePct: 20, rateSource: 'default' });
  });

  it('shows a county only its own unions, and refuses a bad year naming it', async () => {
    const nx = await countyNx.get('/api/targets?year=2026');
    expect(nx.body.map((r: any) => r.orgId)).toEqual(['510503', '510503-01']);
    expect((await countyNx.get('/api/targets?year=2026&orgId=510502')).status).toBe(404);
    const one = await county.get(`/api/targets?filter=${encodeURIComponent('{"year":2026,"orgId":"510502-01"}')}`);
    expect(one.body).toEqual([expect.objectContaining({ orgId: '510502-01', households: 10 })]);
    const bad = await county.get('/api/targets?year=twenty');
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toHaveProperty('year');
  });

  it('lists every cadre with paired households and visits this year, and who falls short', async () => {
    const res = await city.get('/api/pairing?year=2026');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.map((r: any) => [r.displayName, r.households, r.visits, r.shortfalls])).toEqual([
      ['冯复核', 3, 2, ['households']],
      ['孙结对', 4, 1, ['households', 'visits']],
      ['钱干部', 5, 2, []],
    ]);
    expect(res.body.find((r: any) => r.displayName === '钱干部')).toMatchObject({ orgId: '510500', householdsVisited: 2, short: false });
    const short = await city.get('/api/pairing?year=2026&short=true');
    expect(short.body.map((r: any) => r.displayName)).toEqual(['冯复核', '孙结对']);
    // a year without visits: everyone short of visits
    const next = await city.get('/api/pairing?year=2027');
    expect(next.body.every((r: any) => r.shortfalls.includes('visits'))).toBe(true);

    expect((await countyNx.get('/api/pairing?year=2026')).body.map((r: any) => r.displayName)).toEqual(['冯复核']);
    const bad = await city.get('/api/pairing?year=2026&short=maybe');
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toHaveProperty('short');
  });
});
