import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSystem } from '../support/system';
import { demoApplication } from '../support/fixtures';
import { APPROVE, complete, officials, PDF, SURVEY, taskAt, toApproval, toCountyReview } from '../support/filing';
import { listRoutes } from '../support/routes';
import { WORKFLOWS_DIR } from '../../api/workflows/deploy';
import { household, workbook } from '../support/import-rows';
import { DEMO_PASSWORD } from '../../prisma/seed';

/**
 * Property-based fuzzing of every JSON endpoint (issue 7, "bad input"): the rightful official
 * sends arbitrary JSON, arbitrary objects, raw text that is not JSON, and — most searching —
 * a VALID body with one field replaced by something hostile (NUL and lone surrogates, huge
 * strings and numbers, wrong types, deep nesting). For every input: never a 5xx; nothing written
 * unless the answer is 2xx; a 4xx carries a Chinese `message`, and a 422 `errors` naming fields.
 * Uploads get random bytes under random declared types: only PDF/JPEG/PNG by content is stored,
 * and a refused upload leaves no row and no blob behind.
 *
 * Runs per endpoint: a multiple of FUZZ_RUNS (default 5), so the file stays around a minute;
 * raise it for a long soak: `FUZZ_RUNS=200 npx vitest run tests/db/fuzz.db.test.ts`.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 5);
type Who = 'staff' | 'chair' | 'helper' | 'county' | 'city' | 'admin' | 'supervisor';
const USERS: Who[] = ['staff', 'chair', 'helper', 'county', 'city', 'admin', 'supervisor'];

interface Fixtures {
  fileA: string;
  fileB: string;
  fileF: string;
  surveyTask: string;
  approvalTask: string;
  standard: { id: string; regionCode: string; validFrom: string; dibao: number };
  countyAccount: string;
  grassrootsAccount: string;
  requested: string;
  roster: string;
  campaign: string;
  importId: string;
  project: string; // 江阳区's assistance project
  enrolment: string; // F's enrolment in it
  cityProject: string; // one of the city's demo projects
  statReport: string; // 510502-01's 2026 report, drafted by its staff
  assessment: string; // 江阳区's 2026 assessment, proposed
  chairUser: string; // the demo chair's user id: a rightful assignee of the approval
}

interface FuzzSpec {
  as: Who | null;
  params?: (f: Fixtures) => Record<string, string>;
  query?: string;
  /** a body the endpoint accepts (or refuses only for the state of the record): the seed of mutations */
  valid: (f: Fixtures) => unknown;
  /** tables a refused request may still change, and why */
  mayWrite?: string[];
  /** why the endpoint is not fuzzed through its JSON body */
  skip?: string;
}

const APP = demoApplication(90);
/** a deployable second version of the filing process */
const FILING_V2 = readFileSync(join(WORKFLOWS_DIR, 'filing', 'filing.bpmn'), 'utf8').replace('dueDate="=deadlines.householdSurvey.dueAt"', 'dueDate="=deadlines.householdSurvey.escalateAt"');
const ROUTES: Record<string, FuzzSpec> = {
  // a refused login is audited and counts towards the lockout: that is the point of it
  'POST /api/auth/login': { as: null, valid: () => ({ username: 'nobody', password: 'wrong-password' }), mayWrite: ['AuditLog', 'User'] },
  'POST /api/auth/logout': { as: null, valid: () => ({}), skip: 'ignores its body and ends the caller’s session' },
  'POST /api/standards': { as: 'admin', valid: () => ({ regionCode: '510502', validFrom: '2027-01-01', dibao: 70_000, lowIncomeLine: 100_000, note: '模糊测试' }) },
  'PUT /api/standards/:id': { as: 'admin', params: (f) => ({ id: f.standard.id }), valid: (f) => ({ regionCode: f.standard.regionCode, validFrom: f.standard.validFrom, dibao: f.standard.dibao, note: '模糊测试' }) },
  'POST /api/level-rule-sets': {
    as: 'admin',
    valid: () => ({ level: 'grassroots', validFrom: '2026-06-01', title: '基层标准', perCapitaCeiling: { base: 'dibao', multiple: { num: 3, den: 1 }, inclusive: true }, requireHardshipCause: true, netOfExpensesCeiling: null, acceptsNationalCriteria: true }),
  },
  'POST /api/eligibility/evaluate': { as: 'staff', valid: () => ({ application: APP, date: '2026-03-01' }) },
  'PUT /api/calendar/days': { as: 'admin', valid: () => ({ date: '2026-10-08', kind: 'holiday', name: '国庆节' }) },
  'PUT /api/calendar/deadlines': { as: 'admin', valid: () => ({ bpmnProcessId: 'filing', elementId: 'countyReview', dueWorkingDays: 5, escalateWorkingDays: 3 }) },
  // a model: malformed XML is a lint problem (200), never a 5xx; a deploy that passes writes a version (2xx)
  'POST /api/process-definitions/lint': { as: 'admin', valid: () => ({ xml: FILING_V2 }) },
  'POST /api/process-definitions/:id/versions': { as: 'admin', params: () => ({ id: 'filing' }), valid: () => ({ xml: FILING_V2 }) },
  'POST /api/funds/accounts': { as: 'county', valid: () => ({ orgId: '510502-01', level: 'grassroots', name: '模糊测试账户' }) },
  'POST /api/funds/accounts/:id/deposits': { as: 'county', params: (f) => ({ id: f.countyAccount }), valid: () => ({ amount: 100, note: '追加' }) },
  'POST /api/funds/allocations': { as: 'county', valid: (f) => ({ fromAccountId: f.countyAccount, toAccountId: f.grassrootsAccount, amount: 100, note: '下拨' }) },
  'POST /api/funds/disbursements': {
    as: 'staff',
    valid: (f) => ({ fileId: f.fileF, accountId: f.grassrootsAccount, kind: 'medical_aid', amount: 1000, reason: '医疗救助', idempotencyKey: 'fuzz-disbursement-0001' }),
  },
  'POST /api/funds/disbursements/:id/approve': { as: 'chair', params: (f) => ({ id: f.requested }), valid: () => ({}) },
  'POST /api/funds/disbursements/:id/reject': { as: 'chair', params: (f) => ({ id: f.requested }), valid: () => ({ reason: '材料不全' }) },
  'POST /api/funds/disbursements/:id/pay': { as: 'staff', params: (f) => ({ id: f.requested }), valid: () => ({}) },
  'POST /api/funds/batches': { as: 'staff', valid: (f) => ({ accountId: f.grassrootsAccount }) },
  'POST /api/cleanup-campaigns': { as: 'city', valid: () => ({ name: '档案清理', stockCutoff: '2025-01-01', incrementCutoff: '2025-06-30' }) },
  'PUT /api/cleanup-campaigns/:id/decisions/:fileId': { as: 'staff', params: (f) => ({ id: f.campaign, fileId: f.fileF }), valid: () => ({ decision: 'keep' }) },
  'POST /api/files/:id/restore': { as: 'staff', params: (f) => ({ id: f.fileF }), valid: () => ({ comment: '恢复', application: APP }) },
  'POST /api/dibao-referrals': { as: 'city', valid: () => ({ year: 2026, deadline: '2026-06-30' }) },
  'POST /api/spot-checks': { as: 'supervisor', valid: () => ({ orgId: '510502', year: 2026, sharePct: 50, seed: 7 }) },
  'PUT /api/targets': { as: 'city', valid: () => ({ orgId: '510502-01', year: 2026, exitRatePct: 25, stockExitYear: 2028 }) },
  'POST /api/files/:id/visits': { as: 'helper', params: (f) => ({ id: f.fileF }), valid: () => ({ visitDate: '2026-03-20', visitors: '赵帮扶', notes: '走访', photoIds: [], incomeObserved: 50_000 }) },
  'PUT /api/files/:id/income': { as: 'staff', params: (f) => ({ id: f.fileF }), valid: () => ({ month: '2026-02', perCapita: 50_000 }) },
  // 督查转交: the supervisor hands the waiting approval to a chair who may hold it
  'POST /api/cockpit/tasks/:id/assign': { as: 'supervisor', params: (f) => ({ id: f.approvalTask }), valid: (f) => ({ userId: f.chairUser }) },
  'POST /api/rosters/:id/submit': { as: 'chair', params: (f) => ({ id: f.roster }), valid: () => ({}) },
  'POST /api/rosters/:id/confirm': { as: 'county', params: (f) => ({ id: f.roster }), valid: () => ({}) },
  'POST /api/tasks/:id/claim': { as: 'chair', params: (f) => ({ id: f.approvalTask }), valid: () => ({}) },
  'POST /api/tasks/:id/unclaim': { as: 'chair', params: (f) => ({ id: f.approvalTask }), valid: () => ({}) },
  'POST /api/tasks/:id/complete': { as: 'staff', params: (f) => ({ id: f.surveyTask }), valid: () => ({ variables: SURVEY }) },
  'POST /api/applications': { as: 'staff', valid: () => demoApplication(91) },
  'PUT /api/files/:id': { as: 'staff', params: (f) => ({ id: f.fileA }), valid: () => demoApplication(71) },
  'POST /api/files/:id/reveal': { as: 'county', params: (f) => ({ id: f.fileA }), valid: () => ({}) },
  'PUT /api/department-connectors': { as: 'admin', valid: () => ({ department: 'tax', mode: 'http', url: 'http://127.0.0.1:9/tax', credential: 'secret' }) },
  'POST /api/files/:id/objections': { as: 'staff', params: (f) => ({ id: f.fileB }), valid: () => ({ content: '有群众反映其家中另有房产' }) },
  'POST /api/incidents/:id/retry': { as: 'supervisor', params: () => ({ id: 'no-such-incident' }), valid: () => ({}) },
  'POST /api/files/:fileId/documents': { as: 'staff', valid: () => ({}), skip: 'an upload: fuzzed below with random bytes' },
  'POST /api/import/files/preview': { as: 'staff', valid: () => ({}), skip: 'an upload of .xlsx: fuzzed below with random bytes' },
  'POST /api/import/files/:importId/confirm': { as: 'staff', params: (f) => ({ importId: f.importId }), valid: () => ({}) },
  'POST /api/notifications/read': { as: 'staff', valid: () => ({ ids: ['no-such-notification'] }) },
  'POST /api/files/:id/cancellation': { as: 'staff', params: (f) => ({ id: f.fileF }), valid: () => ({ reason: 'untrue_declaration', note: '经核查隐瞒经营收入' }) },
  'POST /api/files/:id/transfer': { as: 'staff', params: (f) => ({ id: f.fileF }), valid: () => ({ toOrgId: '510503-01', reason: 'unemployment', note: '领取失业保险金' }) },
  'POST /api/projects': {
    as: 'county',
    valid: () => ({ name: '模糊测试项目', category: 'employment', fundLevel: 'county', budget: 100_000, targetCount: 10, targetKind: 'trainees', startDate: '2026-05-01', endDate: '2026-10-30', eligibilityNotes: '有劳动能力的建档困难职工' }),
  },
  'POST /api/projects/:id/close': { as: 'county', params: (f) => ({ id: f.project }), valid: () => ({}) },
  'POST /api/projects/:id/enrolments': { as: 'staff', params: (f) => ({ id: f.cityProject }), valid: (f) => ({ fileId: f.fileF }) },
  'PUT /api/projects/:id/enrolments/:enrolmentId': {
    as: 'staff',
    params: (f) => ({ id: f.project, enrolmentId: f.enrolment }),
    valid: () => ({ status: 'completed', outcome: 'employed', outcomeNote: '培训后就业' }),
  },
  'POST /api/projects/:id/spending': { as: 'county', params: (f) => ({ id: f.project }), valid: () => ({ amount: 100, spentOn: '2026-06-01', note: '培训费' }) },
  'POST /api/admin/backup': { as: 'admin', valid: () => ({}), skip: 'writes a whole backup per call; takes no input' },
  'POST /api/work-plans': { as: 'city', valid: () => ({ year: 2027, dueDate: '2027-04-30' }) },
  'POST /api/timelines': { as: 'city', valid: () => ({ year: 2027, name: '模糊测试工作进度' }) },
  'POST /api/stat-reports': { as: 'staff', valid: () => ({ orgId: '510502-01', period: '2026-03' }) },
  'POST /api/stat-reports/:id/submit': { as: 'staff', params: (f) => ({ id: f.statReport }), valid: () => ({}) },
  'POST /api/stat-reports/:id/review': { as: 'county', params: (f) => ({ id: f.statReport }), valid: () => ({ decision: 'return', comment: '请核对' }) },
  'POST /api/assessments': { as: 'city', valid: () => ({ year: 2026 }) },
  'POST /api/assessments/:id/confirm': { as: 'city', params: (f) => ({ id: f.assessment }), valid: () => ({ allocationCutPct: 20, comment: '确认' }) },
};

/** Strings that break naive storage: NUL (PostgreSQL text refuses it), lone surrogates, control and bidi characters, SQL and path look-alikes. */
const oddStrings = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\u202e\u0007', "'; DROP TABLE \"User\"; --", '../../etc/passwd', '%00', '{{7*7}}', '<script>alert(1)</script>', '', ' '),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const hostileString = fc.oneof(oddStrings, fc.string({ minLength: 5000, maxLength: 20_000 }));
/** In a URL: long, but under Node's 16 KB header limit (above it Node answers 431 before the app). */
const hostileQueryValue = fc.oneof(oddStrings, fc.string({ minLength: 500, maxLength: 2000 }));
const hostileNumber = fc.oneof(fc.constantFrom(-0, -1, 0.5, 1e21, -1e21, 2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 1e308), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(null, true, false, [], {}, [null], { __proto__: { admin: true } }, { constructor: { prototype: { polluted: true } } }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.string(), { minLength: 200, maxLength: 300 }),
  fc.constant(JSON.parse('{"a":'.repeat(50) + '1' + '}'.repeat(50))),
);

type Path = Array<string | number>;
function paths(value: unknown, at: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [at];
  const own = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value as object);
  return [at, ...own.flatMap(([k, v]) => paths(v, [...at, k]))];
}
function replaced(value: unknown, path: Path, by: unknown, op: 'set' | 'delete'): unknown {
  if (!path.length) return op === 'delete' ? undefined : by;
  const copy: any = Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) };
  const [head, ...rest] = path;
  if (op === 'delete' && !rest.length) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete copy[head];
    return copy;
  }
  copy[head] = replaced(copy[head], rest, by, op);
  return copy;
}
/** A valid body with one field replaced, deleted, or an unknown one added. */
const mutationOf = (valid: unknown) => {
  const all = paths(valid);
  return fc.record({ at: fc.integer({ min: 0, max: all.length - 1 }), op: fc.constantFrom('set', 'set', 'set', 'delete', 'extra'), by: hostileValue }).map(({ at, op, by }) => {
    if (op === 'extra') return { ...(valid as object), [`extra_${typeof by}`]: by };
    return replaced(valid, all[at], by, op as 'set' | 'delete');
  });
};

/** What is sent: a JSON value, or raw text that may not be JSON at all. */
type Sent = { json: unknown } | { raw: string | Uint8Array };
const rawText = fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('{', '{"a":1', '[1,2', 'null', '"str"', '1e999', '{"__proto__":{"x":1}}', '\u0000', ''));

const has = (s: string) => /[\u4e00-\u9fa5]/.test(s);

/** Shown in a finding: the input, cut to a readable length (long strings keep their length). */
function shown(value: unknown): string {
  const text = JSON.stringify(value, (_k, v) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 40)}…(${v.length} chars)` : typeof v === 'bigint' ? `${v}n` : v));
  return (text ?? String(value)).slice(0, 400);
}

/** Runs a property; returns the shrunk failure as one line (or null). */
async function check<T>(arb: fc.Arbitrary<T>, numRuns: number, predicate: (t: T) => Promise<string | null>): Promise<string | null> {
  const details = await fc.check(
    fc.asyncProperty(arb, async (t) => {
      const problem = await predicate(t);
      if (problem) throw new Error(problem);
    }),
    // no shrinking: the system under test has state, so a shrunk input may fail for another reason
    { numRuns, endOnFailure: true },
  );
  if (!details.failed) return null;
  const message = (details.errorInstance as Error | undefined)?.message ?? String(details.errorInstance);
  return `${message} — input ${shown(details.counterexample?.[0])} (seed ${details.seed})`;
}

describe('fuzzing every JSON endpoint (fast-check)', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let f: Fixtures;
  const documentsDir = mkdtempSync(join(tmpdir(), 'bf-fuzz-documents-'));
  const cookies = {} as Record<Who, string>;
  const findings: string[] = [];

  const signIn = async (username: string) => {
    const res = await fetch(`${sys.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
    return res.headers.get('set-cookie')!.split(';')[0];
  };

  let countsSql = '';
  /** Row counts of every table (sessions aside) and a hash of the rows updated in place. */
  async function counts(): Promise<Record<string, string>> {
    if (!countsSql) {
      const tables = await sys.db.prisma.$queryRaw<{ name: string }[]>`
        SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('Session', '_prisma_migrations')`;
      // small tables that writes change in place (balances, statuses, rule parameters)
      const inPlace = new Set(['FundAccount', 'HouseholdFile', 'UserTask', 'StepDeadline', 'CalendarDay', 'DibaoStandard', 'DepartmentConnector', 'Roster', 'UnionTarget', 'CleanupDecision', 'Disbursement', 'User', 'IncomeRecord']);
      countsSql = tables
        .map(({ name }) => {
          const hash = inPlace.has(name) ? ` || ':' || md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), ''))` : '';
          return `SELECT '${name}' AS t, count(*)::text${hash} AS v FROM "${name}" x`;
        })
        .join(' UNION ALL ');
    }
    const rows = await sys.db.prisma.$queryRawUnsafe<{ t: string; v: string }[]>(countsSql);
    return Object.fromEntries(rows.map((r) => [r.t, r.v]));
  }

  async function send(method: string, url: string, who: Who | null, sent: Sent, contentType = 'application/json') {
    const headers: Record<string, string> = { 'content-type': contentType, ...(who && { cookie: cookies[who] }) };
    const body = 'raw' in sent ? sent.raw : JSON.stringify(sent.json);
    const go = () => fetch(`${sys.url}${url}`, { method, headers, body: method === 'GET' ? undefined : (body as BodyInit) });
    // `engine.drain()` runs in this process and can hold the event loop past the server's
    // keep-alive timeout; the next request may then go out on a socket the server just closed.
    // A read is sent again once on such a reset (never a write: it might have been applied).
    const res = await go().catch((err) => {
      if (method === 'GET' && err?.cause?.code === 'ECONNRESET') return go();
      throw err;
    });
    const text = await res.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: res.status, text, json };
  }

  /**
   * KNOWN BUGS, reported with issue 7 and outside this suite's files. Inputs that hit one are
   * counted (and printed) instead of failing every endpoint; each gets an `it.fails` below that
   * reproduces it, and that starts failing — asking for its entry here to go — once it is fixed.
   * None is open: the NUL character, the double survey and the English filter message are fixed
   * and pinned by the tests at the end of this file.
   */
  const KNOWN: Array<{ id: string; what: string; matches: (c: { key: string; sent: unknown; status: number; message: string; taskWasOpen?: boolean }) => boolean }> = [];
  const known = new Map<string, Set<string>>();
  const englishErrors = new Map<string, string>();
  function isKnown(c: Parameters<(typeof KNOWN)[number]['matches']>[0]): boolean {
    const hit = KNOWN.find((k) => k.matches(c));
    if (hit) known.set(hit.id, (known.get(hit.id) ?? new Set()).add(c.key));
    return !!hit;
  }

  /** The properties every answer must have; returns what is wrong, or null. */
  function judge(key: string, sent: unknown, res: { status: number; text: string; json: any }, diff: string[], taskWasOpen?: boolean): string | null {
    if (isKnown({ key, sent, status: res.status, message: String(res.json?.message ?? ''), taskWasOpen })) return null;
    if (res.status >= 500) return `HTTP ${res.status}: ${res.text.slice(0, 300)}`;
    const ok = res.status < 300;
    if (!ok && diff.length) return `HTTP ${res.status} but wrote ${diff.join(', ')}`;
    if (res.status >= 400) {
      if (typeof res.json?.message !== 'string' || !has(res.json.message)) return `HTTP ${res.status} without a Chinese message: ${res.text.slice(0, 200)}`;
      if (res.status === 422) {
        const errors = res.json.errors;
        if (!errors || typeof errors !== 'object' || !Object.keys(errors).length) return `422 without errors naming a field: ${res.text.slice(0, 200)}`;
        for (const [field, message] of Object.entries(errors)) {
          if (!field || typeof message !== 'string' || !message) return `422 with a bad error entry ${field}: ${String(message)}`;
          // zod's own English defaults where a schema gave no Chinese message: reported, not failed
          if (!has(message)) englishErrors.set(`${key} ${field}`, message);
        }
      }
    }
    return null;
  }

  beforeAll(async () => {
    sys = await testSystem({ documentsDir });
    const o = await officials(sys);
    await o.admin.post('/api/level-rule-sets', {
      level: 'county',
      validFrom: '2026-01-01',
      title: '江阳区县级困难职工建档标准（演示）',
      perCapitaCeiling: { base: 'dibao', multiple: { num: 2, den: 1 }, inclusive: true },
      requireHardshipCause: true,
      netOfExpensesCeiling: null,
      acceptsNationalCriteria: true,
    });
    const F = await toApproval(sys, o, 72);
    await toCountyReview(sys, o, F.caseNo, 'county');
    await complete(sys, o.county, 'countyReview', F.caseNo, APPROVE);
    const B = await toApproval(sys, o, 73);
    const approval = await taskAt(o.chair, 'grassrootsApproval', B.caseNo);
    const A = (await o.staff.post('/api/applications', demoApplication(71))).body;
    await sys.engine.drain();
    const survey = await taskAt(o.staff, 'householdSurvey', A.caseNo);
    const accounts = (await o.county.get('/api/funds/accounts?range=[0,199]')).body;
    const countyAccount = accounts.find((a: any) => a.orgId === '510502' && a.level === 'county');
    const grassrootsAccount = accounts.find((a: any) => a.orgId === '510502-01');
    const requested = await o.staff.post('/api/funds/disbursements', { fileId: F.id, accountId: grassrootsAccount.id, kind: 'living_aid', amount: 50_000, reason: '生活救助', idempotencyKey: 'fuzz-suite-wait-0001' });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    const roster = await sys.db.prisma.roster.create({ data: { orgId: '510502-01', year: 2026, kind: 'exit', status: 'draft', fileIds: [F.id], createdAt: sys.clock.now() } });
    const standard = await sys.db.prisma.dibaoStandard.findFirstOrThrow({ where: { regionCode: '510502' }, orderBy: { validFrom: 'desc' } });
    sys.clock.advance(2 * 86_400_000);
    const filedOn = new Date((await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id: F.id } })).filedAt!.getTime() + 8 * 3600_000);
    const day = (n: number) => new Date(filedOn.getTime() + n * 86_400_000).toISOString().slice(0, 10);
    const campaign = await o.city.post('/api/cleanup-campaigns', { name: '档案清理', stockCutoff: day(1), incrementCutoff: day(2) });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    await sys.engine.drain();
    const project = await o.county.post('/api/projects', {
      name: '江阳区困难职工技能培训',
      category: 'employment',
      fundLevel: 'county',
      budget: 10_000_000,
      targetKind: 'trainees',
      startDate: '2026-05-01',
      endDate: '2026-10-30',
      eligibilityNotes: '有劳动能力的建档困难职工',
    });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    const enrolment = await o.staff.post(`/api/projects/${project.body.id}/enrolments`, { fileId: F.id });
    expect(enrolment.status, JSON.stringify(enrolment.body)).toBe(201);
    const cityProject = await sys.db.prisma.assistanceProject.findFirstOrThrow({ where: { orgId: '510500', isDemo: true } });
    const statReport = await o.staff.post('/api/stat-reports', { orgId: '510502-01', period: '2026' });
    expect(statReport.status, JSON.stringify(statReport.body)).toBe(201);
    const assessments = await o.city.post('/api/assessments', { year: 2026 });
    expect(assessments.status, JSON.stringify(assessments.body)).toBe(201);
    f = {
      fileA: A.id,
      fileB: B.id,
      fileF: F.id,
      surveyTask: survey.id,
      approvalTask: approval.id,
      standard: { id: standard.id, regionCode: standard.regionCode, validFrom: standard.validFrom.toISOString().slice(0, 10), dibao: standard.dibao },
      countyAccount: countyAccount.id,
      grassrootsAccount: grassrootsAccount.id,
      requested: requested.body.id,
      roster: roster.id,
      campaign: campaign.body.id,
      importId: '00000000-0000-4000-8000-000000000000',
      project: project.body.id,
      enrolment: enrolment.body.id,
      cityProject: cityProject.id,
      statReport: statReport.body.id,
      assessment: assessments.body.find((a: any) => a.orgId === '510502').id,
      chairUser: (await sys.db.prisma.user.findUniqueOrThrow({ where: { username: 'chair' } })).id,
    };
    for (const u of USERS) cookies[u] = await signIn(u);
  });
  afterAll(async () => {
    await sys.stop();
    rmSync(documentsDir, { recursive: true, force: true });
    if (findings.length) console.log(`[fuzz] findings:\n${findings.join('\n')}`);
    for (const k of KNOWN) if (known.has(k.id)) console.warn(`[fuzz] KNOWN BUG ${k.id} (${k.what}) at: ${[...known.get(k.id)!].join(', ')}`);
    if (englishErrors.size) console.warn(`[fuzz] 422 field messages in English (zod defaults):\n${[...englishErrors].slice(0, 30).map(([k, m]) => `  ${k}: ${m}`).join('\n')}`);
  });

  const fill = (path: string, params: Record<string, string> = {}) => path.replace(/:(\w+)/g, (_, name) => encodeURIComponent(params[name] ?? `no-${name}`));

  it('has a fuzz entry for every JSON write endpoint', () => {
    const writes = listRoutes(sys.app).filter((r) => r.method !== 'GET');
    const missing = writes.filter((r) => !ROUTES[r.key]).map((r) => r.key);
    expect(missing, `write endpoints without a fuzz entry in tests/db/fuzz.db.test.ts:\n${missing.join('\n')}`).toEqual([]);
  });

  it('JSON bodies: no 5xx, nothing written unless 2xx, errors in Chinese naming the field', { timeout: 600_000 }, async () => {
    const wrong: string[] = [];
    for (const r of listRoutes(sys.app).filter((x) => x.method !== 'GET')) {
      const spec = ROUTES[r.key];
      if (!spec || spec.skip) continue;
      const url = `${fill(r.path, spec.params?.(f))}${spec.query ? `?${spec.query}` : ''}`;
      const valid = spec.valid(f);
      const inputs = fc.oneof(
        { weight: 1, arbitrary: fc.anything().map((json): Sent => ({ json })) },
        { weight: 1, arbitrary: fc.object().map((json): Sent => ({ json })) },
        { weight: 1, arbitrary: rawText.map((raw): Sent => ({ raw })) },
        { weight: 4, arbitrary: mutationOf(valid).map((json): Sent => ({ json })) },
      );
      const problem = await check(inputs, RUNS * 7, async (sent) => {
        const taskWasOpen = r.key === 'POST /api/tasks/:id/complete' ? (await sys.db.prisma.userTask.findUniqueOrThrow({ where: { id: f.surveyTask } })).status === 'created' : undefined;
        const before = await counts();
        const res = await send(r.method, url, spec.as, sent);
        const after = await counts();
        const diff = Object.keys(after).filter((t) => after[t] !== before[t] && !spec.mayWrite?.includes(t));
        return judge(r.key, sent, res, diff, taskWasOpen);
      });
      if (problem) wrong.push(`${r.key}: ${problem}`);
    }
    findings.push(...wrong);
    expect(wrong).toEqual([]);
  });

  it('list queries (filter, sort, range and friends): no 5xx, errors name the parameter', { timeout: 300_000 }, async () => {
    const wrong: string[] = [];
    const param = fc.oneof(fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)), hostileQueryValue, fc.constantFrom('[0,1e20]', '[-1,5]', '[5,2]', '["a","b"]', '[0,99999999999]', '{"q":"\\u0000"}', '{"orgId":["x"]}', '["createdAt","UP"]'));
    for (const r of listRoutes(sys.app).filter((x) => x.method === 'GET' && x.path.startsWith('/api/'))) {
      if (r.path.includes('/content') || r.path.endsWith('/export') || r.path.includes('.xlsx')) continue;
      const base = fill(r.path, { id: f.fileF, fileId: f.fileF, docId: 'x', importId: f.importId, doc: 'archive' });
      const problem = await check(fc.record({ filter: param, sort: param, range: param, year: param, q: param }, { requiredKeys: [] }), RUNS * 2, async (query) => {
        const qs = new URLSearchParams(Object.entries(query) as [string, string][]).toString();
        const res = await send('GET', `${base}?${qs}`, 'county', { raw: '' });
        if (isKnown({ key: r.key, sent: query, status: res.status, message: String(res.json?.message ?? '') })) return null;
        if (res.status >= 500) return `HTTP ${res.status}: ${res.text.slice(0, 200)}`;
        if (res.status >= 400 && (typeof res.json?.message !== 'string' || !has(res.json.message))) return `HTTP ${res.status} without a Chinese message: ${res.text.slice(0, 200)}`;
        return null;
      });
      if (problem) wrong.push(`${r.key}: ${problem}`);
    }
    findings.push(...wrong);
    expect(wrong).toEqual([]);
  });

  it('uploads: random bytes under random types — only PDF/JPEG/PNG by content is stored, a refusal leaves nothing behind', { timeout: 300_000 }, async () => {
    const blobs = () =>
      readdirSync(documentsDir, { recursive: true })
        .map(String)
        .filter((p) => statSync(join(documentsDir, p)).isFile())
        .sort();
    const MAGIC: Record<string, number[]> = { pdf: [...PDF.slice(0, 5)], jpeg: [0xff, 0xd8, 0xff], png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], html: [...new TextEncoder().encode('<html>')], none: [] };
    const upload = fc.record({
      prefix: fc.constantFrom(...Object.keys(MAGIC)),
      bytes: fc.uint8Array({ maxLength: 3000 }),
      type: fc.constantFrom('application/pdf', 'image/png', 'image/jpeg', 'text/plain', 'application/json', 'multipart/form-data; boundary=x', 'application/octet-stream', 'application/x-www-form-urlencoded', 'image/svg+xml', 'x/y'),
      kind: fc.constantFrom('archive_form', 'photo', 'id_card', 'other', 'reply_letter', 'bogus', ''),
      name: fc.oneof(fc.constantFrom('../../../etc/passwd', 'a/b/c.pdf', '..', 'C:\\Windows\\x.pdf', '证明.pdf', '\u0000.pdf'), fc.string({ maxLength: 300 })),
    });
    await fc.assert(
      fc.asyncProperty(upload, async ({ prefix, bytes, type, kind, name }) => {
        const body = new Uint8Array([...MAGIC[prefix], ...bytes]);
        const beforeRows = await sys.db.prisma.document.count();
        const beforeBlobs = blobs();
        const res = await fetch(`${sys.url}/api/files/${f.fileF}/documents?kind=${encodeURIComponent(kind)}&name=${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { cookie: cookies.staff, 'content-type': type },
          body,
        });
        const json: any = await res.json().catch(() => null);
        expect(res.status, JSON.stringify(json)).toBeLessThan(500);
        const after = blobs();
        // nothing ever lands outside <sha[0..2]>/<sha256>
        for (const p of after) expect(p).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{64}$/);
        if (res.status === 201 || res.status === 200) {
          expect(['application/pdf', 'image/jpeg', 'image/png']).toContain(json.mime);
          expect(prefix === 'pdf' || prefix === 'jpeg' || prefix === 'png').toBe(true);
          expect(json.name).not.toMatch(/[/\\\u0000]/);
        } else {
          expect(typeof json?.message === 'string' && has(json.message), JSON.stringify(json)).toBe(true);
          expect(await sys.db.prisma.document.count()).toBe(beforeRows);
          expect(after).toEqual(beforeBlobs);
        }
      }),
      { numRuns: RUNS * 8 },
    );
  });

  it('the .xlsx import: random bytes, damaged workbooks and hostile cells — no 5xx, a preview writes nothing', { timeout: 300_000 }, async () => {
    const mounted = listRoutes(sys.app).some((r) => r.key === 'POST /api/import/files/preview');
    if (!mounted) return;
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const template = Buffer.from(await (await fetch(`${sys.url}/api/import/template.xlsx`, { headers: { cookie: cookies.staff } })).arrayBuffer());
    const valid = household(7001, { stock: false });
    const columns = Object.keys(valid);
    const hostileCell = fc.oneof(
      hostileString,
      hostileNumber,
      fc.constantFrom<unknown>(true, null, new Date('1899-12-30T00:00:00Z'), new Date(8.64e15), { formula: 'HYPERLINK("http://x","y")' }, { error: '#N/A' }, { richText: [{ text: '张\u0000三' }] }, { hyperlink: 'javascript:alert(1)', text: 'x' }),
    );
    const input = fc.oneof(
      fc.record({ prefix: fc.constantFrom<number[]>([0x50, 0x4b, 0x03, 0x04], []), bytes: fc.uint8Array({ maxLength: 4000 }) }).map(({ prefix, bytes }) => async () => new Uint8Array([...prefix, ...bytes])),
      fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 20 }).map((flips) => async () => {
        const copy = new Uint8Array(template);
        for (const { at, byte } of flips) copy[at % copy.length] = byte;
        return copy;
      }),
      fc.record({ column: fc.constantFrom(...columns), value: hostileCell }).map(({ column, value }) => async () => new Uint8Array(await workbook(template, [{ ...valid, [column]: value }]))),
    );
    const problem = await check(input, RUNS * 3, async (make) => {
      const body = await make();
      const before = await counts();
      const res = await send('POST', '/api/import/files/preview?orgId=510502-01', 'staff', { raw: body }, XLSX);
      const diff = Object.entries(await counts()).filter(([t, v]) => before[t] !== v).map(([t]) => t);
      if (diff.length) return `a preview wrote ${diff.join(', ')}`;
      if (res.status >= 500) return `HTTP ${res.status}: ${res.text.slice(0, 300)}`;
      if (res.status >= 400 && (typeof res.json?.message !== 'string' || !has(res.json.message))) return `HTTP ${res.status} without a Chinese message: ${res.text.slice(0, 200)}`;
      if (res.status === 200 && (!res.json?.importId || !Array.isArray(res.json.errors))) return `a preview without its id or row errors: ${res.text.slice(0, 200)}`;
      return null;
    });
    expect(problem).toBeNull();
  });

  it('a NUL character (U+0000) in a text field is a 422 naming the field, in a query a 400 naming the parameter (was a 500)', async () => {
    const res = await send('POST', `/api/files/${f.fileF}/visits`, 'helper', { json: { visitDate: '2026-03-21', visitors: '赵\u0000帮扶', notes: '走访' } });
    expect([res.status, res.json.errors]).toEqual([422, { visitors: '不能包含空字符（U+0000）' }]);
    const app: any = demoApplication(96);
    const nested = await send('POST', '/api/applications', 'staff', { json: { ...app, members: [{ ...app.members[0], name: '李\u0000四' }] } });
    expect([nested.status, Object.keys(nested.json.errors)]).toEqual([422, ['members.0.name']]);
    const listed = await send('GET', `/api/files?filter=${encodeURIComponent(JSON.stringify({ q: 'a\u0000' }))}`, 'county', { raw: '' });
    expect([listed.status, listed.json.errors]).toEqual([400, { 'filter.q': '不能包含空字符（U+0000）' }]);
  });

  it('submitting the household survey twice, one after the other or at once, is “任务已办结” (409), and the visit is recorded once (was a 500)', async () => {
    const staff = cookies.staff;
    const created = await fetch(`${sys.url}/api/applications`, { method: 'POST', headers: { cookie: staff, 'content-type': 'application/json' }, body: JSON.stringify(demoApplication(95)) });
    expect(created.status).toBe(201);
    const { caseNo } = await created.json();
    await sys.engine.drain();
    const list = await send('GET', `/api/tasks?filter=${encodeURIComponent('{"view":"all"}')}&range=[0,99]`, 'staff', { raw: '' });
    const task = list.json.find((t: any) => t.businessKey === caseNo && t.elementId === 'householdSurvey');
    expect((await send('POST', `/api/tasks/${task.id}/complete`, 'staff', { json: { variables: SURVEY } })).status).toBe(200);
    const twice = await send('POST', `/api/tasks/${task.id}/complete`, 'staff', { json: { variables: SURVEY } });
    expect([twice.status, twice.json.message]).toEqual([409, '任务已办结，不能重复提交']);
    // two officials at the same moment: exactly one wins
    const second = (await send('POST', '/api/applications', 'staff', { json: demoApplication(97) })).json;
    await sys.engine.drain();
    const again = await send('GET', `/api/tasks?filter=${encodeURIComponent('{"view":"all"}')}&range=[0,99]`, 'staff', { raw: '' });
    const open = again.json.find((t: any) => t.businessKey === second.caseNo && t.elementId === 'householdSurvey');
    const racing = await Promise.all([send('POST', `/api/tasks/${open.id}/complete`, 'staff', { json: { variables: SURVEY } }), send('POST', `/api/tasks/${open.id}/complete`, 'staff', { json: { variables: SURVEY } })]);
    expect(racing.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await sys.db.prisma.visit.count({ where: { fileId: second.id, kind: 'survey' } })).toBe(1);
  });

  it('a list filter that is not a JSON object answers in Chinese naming `filter`, and zod’s default messages are Chinese (was English)', async () => {
    const res = await send('GET', `/api/dibao-referrals?filter=${encodeURIComponent('[1]')}`, 'county', { raw: '' });
    expect([res.status, res.json.message, res.json.errors]).toEqual([400, '参数 filter 须为 JSON 对象', { filter: '参数 filter 须为 JSON 对象' }]);
    // a schema without its own message: zod's default, in zh-CN
    const bad = await send('POST', '/api/notifications/read', 'staff', { json: { ids: 'not-an-array' } });
    expect(bad.status).toBe(422);
    expect(has(bad.json.errors.ids), bad.json.errors.ids).toBe(true);
  });
});
