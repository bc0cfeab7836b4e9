import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSystem } from '../support/system';
import { demoApplication } from '../support/fixtures';
import { APPROVE, complete, officials, PDF, SURVEY, taskAt, toApproval, toCountyReview } from '../support/filing';
import { listRoutes } from '../support/routes';
import { household, workbook } from '../support/import-rows';
import { DEMO_PASSWORD } from '../../prisma/seed';
import { WORKFLOWS_DIR } from '../../api/workflows/deploy';

/**
 * Org scope and role on EVERY route (issue 7, SPEC §1). The router is enumerated at run time;
 * each route is called on real records of 江阳区北城街道工会 (510502-01):
 *  (a) by `staff_nx`, grassroots staff of 纳溪区 — another union's records do not exist for them;
 *  (b) by officials of the same union or above whose ROLE lacks the right (a helper writing, a
 *      process admin approving, a reviewer changing rule parameters…);
 *  (c) anonymously.
 * Every such call is refused (401/403/404/409/422, never 2xx, never 500) and the database is
 * unchanged. Lists and reference data may answer 200 to another union, with nothing of 510502-01
 * in them. A route without an entry in ROUTES below fails the suite, by name.
 */

type Who = 'staff' | 'chair' | 'helper' | 'county' | 'city' | 'admin' | 'supervisor' | 'staff_nx';
const SIGNED_IN: Who[] = ['staff', 'chair', 'helper', 'county', 'city', 'admin', 'supervisor', 'staff_nx'];

interface Fixtures {
  fileA: string; // at the household survey
  fileB: string; // at the chair's approval
  fileF: string; // filed (county level), with documents, disbursements and a payment batch
  caseNos: string[];
  fileNo: string;
  idNumbers: string[];
  surveyTask: string;
  approvalTask: string;
  documentId: string;
  countyAccount: string;
  grassrootsAccount: string;
  requested: string; // a disbursement waiting for approval
  batch: string;
  roster: string;
  incident: string;
  standard: { id: string; regionCode: string; validFrom: string; dibao: number };
  campaign: string; // the city's clean-up campaign; F is one of its stock files
  referral: string; // 江阳区's dibao-uncovered list
  spotCheck: string; // the supervisors' spot check of 江阳区
  importId: string; // staff's previewed import (when the import routes are mounted)
  notification: string; // a reminder to 510502-01's staff about A's survey
  workPlan: string; // 江阳区's 2026 work plan, asked for by the city
  timeline: string; // the city's 2026 campaign timeline
  statReport: string; // 510502-01's 2026 report, drafted by its staff
  assessment: string; // 江阳区's 2026 assessment, proposed
  project: string; // 江阳区's assistance project, F enrolled in it
  enrolment: string; // F's enrolment in it
  cityProject: string; // one of the city's demo projects (every union of the city sees it)
}

interface Call {
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  /** a raw upload instead of JSON */
  upload?: { bytes: Uint8Array; type: string };
  /** who lacks the right for this variant, when it differs from the route's */
  lacksRight?: Who[];
}

interface RouteSpec {
  calls: (f: Fixtures) => Call[];
  /**
   * Officials of 510502-01's chain whose role lacks the right; refused and nothing written. Or
   * `{ open }`: why every official who can see the record may call it (reads of the union).
   */
  lacksRight: Who[] | { open: string };
  /** a list or reference data: 200 for another union is right, as long as nothing of 510502-01 is in it */
  list?: true;
  /** acts on the caller's own state or stores nothing (may answer 2xx to anyone signed in) */
  self?: string;
  /** mounted by the lead later: its absence is not stale */
  optional?: true;
  /** answers an anonymous caller without 401, and why that is harmless */
  anonymous?: string;
  /** tables a `self` call may change, and why */
  mayWrite?: { tables: string[]; why: string };
}

/** Open to anyone: the login, the 公示 page (masked by design) and the static UI. */
const PUBLIC = new Set(['POST /api/auth/login', 'GET /public/publicity/:id', 'GET /api/print/print.js', 'GET /^(?!\\/api\\/).*/']);

const NEW_APPLICATION = demoApplication(98);
/** a deployable second version of the filing process (the survey is due at its escalation date) */
const FILING_V2 = readFileSync(join(WORKFLOWS_DIR, 'filing', 'filing.bpmn'), 'utf8').replace('dueDate="=deadlines.householdSurvey.dueAt"', 'dueDate="=deadlines.householdSurvey.escalateAt"');
const READ = { open: 'a read of the union: every official whose subtree holds the record may read it' };

const ROUTES: Record<string, RouteSpec> = {
  'POST /api/auth/logout': {
    calls: () => [{}],
    lacksRight: [],
    self: 'ends the caller’s own session',
    anonymous: 'logging out without a session clears the cookie and does nothing else',
    mayWrite: { tables: ['AuditLog'], why: 'the logout itself is audited' },
  },
  'GET /api/auth/me': { calls: () => [{}], lacksRight: [], self: 'the caller’s own account' },

  'GET /api/standards': { calls: () => [{ query: 'filter={"regionCode":"510502"}' }], lacksRight: [], list: true },
  'GET /api/standards/lookup': { calls: () => [{ query: 'regionCode=510502&date=2026-03-01' }], lacksRight: [], list: true },
  'POST /api/standards': { calls: () => [{ body: { regionCode: '510502', validFrom: '2027-01-01', dibao: 70_000 } }], lacksRight: ['county', 'city', 'supervisor', 'staff'] },
  'PUT /api/standards/:id': {
    calls: (f) => [{ params: { id: f.standard.id }, body: { regionCode: f.standard.regionCode, validFrom: f.standard.validFrom, dibao: f.standard.dibao + 100 } }],
    lacksRight: ['county', 'city', 'supervisor', 'chair'],
  },
  'GET /api/level-rule-sets': { calls: () => [{}], lacksRight: [], list: true },
  'POST /api/level-rule-sets': {
    calls: () => [{ body: { level: 'grassroots', validFrom: '2026-06-01', title: '基层标准', perCapitaCeiling: { base: 'dibao', multiple: { num: 3, den: 1 }, inclusive: true }, requireHardshipCause: true, netOfExpensesCeiling: null, acceptsNationalCriteria: true } }],
    lacksRight: ['county', 'city', 'chair'],
  },
  'POST /api/eligibility/evaluate': { calls: () => [{ body: { application: NEW_APPLICATION, date: '2026-03-01' } }], lacksRight: [], self: 'assesses the posted application; stores nothing' },
  'GET /api/calendar/days': { calls: () => [{}], lacksRight: [], list: true },
  'PUT /api/calendar/days': { calls: () => [{ body: { date: '2026-12-31', kind: 'holiday', name: '测试假日' } }], lacksRight: ['county', 'supervisor', 'staff'] },
  'GET /api/calendar/deadlines': { calls: () => [{}], lacksRight: [], list: true },
  'GET /api/calendar/history': { calls: () => [{ query: `filter=${encodeURIComponent('{"entity":"step_deadline"}')}` }, { query: `filter=${encodeURIComponent('{"entity":"calendar_day"}')}` }], lacksRight: [], list: true },
  'PUT /api/calendar/deadlines': {
    calls: () => [{ body: { bpmnProcessId: 'filing', elementId: 'householdSurvey', dueWorkingDays: 2, escalateWorkingDays: 2 } }],
    lacksRight: ['county', 'supervisor', 'chair'],
  },

  'GET /api/funds/accounts': { calls: () => [{ query: `filter=${encodeURIComponent('{"orgId":"510502"}')}` }, {}], lacksRight: [], list: true },
  'POST /api/funds/accounts': { calls: () => [{ body: { orgId: '510502-01', level: 'grassroots', name: '访问测试账户' } }], lacksRight: ['staff', 'chair', 'helper', 'admin', 'supervisor'] },
  'GET /api/funds/accounts/:id': { calls: (f) => [{ params: { id: f.countyAccount } }, { params: { id: f.grassrootsAccount } }], lacksRight: READ },
  'GET /api/funds/accounts/:id/transactions': { calls: (f) => [{ params: { id: f.countyAccount } }], lacksRight: READ },
  'POST /api/funds/accounts/:id/deposits': {
    calls: (f) => [{ params: { id: f.countyAccount }, body: { amount: 100 } }, { params: { id: f.grassrootsAccount }, body: { amount: 100 } }],
    lacksRight: ['staff', 'chair', 'helper', 'admin', 'supervisor'],
  },
  'POST /api/funds/allocations': {
    calls: (f) => [{ body: { fromAccountId: f.countyAccount, toAccountId: f.grassrootsAccount, amount: 100 } }],
    lacksRight: ['staff', 'chair', 'helper', 'admin', 'supervisor'],
  },
  'GET /api/funds/disbursements': { calls: (f) => [{ query: `filter=${encodeURIComponent(JSON.stringify({ fileId: f.fileF }))}` }, {}], lacksRight: [], list: true },
  'POST /api/funds/disbursements': {
    calls: (f) => [{ body: { fileId: f.fileF, accountId: f.grassrootsAccount, kind: 'living_aid', amount: 1000, reason: '访问测试申请', idempotencyKey: 'access-suite-new-0001' } }],
    lacksRight: ['helper', 'chair', 'admin', 'supervisor'],
  },
  'GET /api/funds/disbursements/:id': { calls: (f) => [{ params: { id: f.requested } }], lacksRight: READ },
  'POST /api/funds/disbursements/:id/approve': { calls: (f) => [{ params: { id: f.requested } }], lacksRight: ['admin', 'staff', 'helper', 'supervisor', 'city'] },
  'POST /api/funds/disbursements/:id/reject': { calls: (f) => [{ params: { id: f.requested }, body: { reason: '访问测试驳回' } }], lacksRight: ['admin', 'staff', 'helper', 'supervisor', 'city'] },
  'POST /api/funds/disbursements/:id/pay': { calls: (f) => [{ params: { id: f.requested } }], lacksRight: ['helper', 'admin', 'supervisor'] },
  'GET /api/funds/usage': { calls: () => [{ query: 'year=2026' }], lacksRight: ['staff', 'chair', 'helper', 'admin'], list: true },
  'GET /api/funds/batches': { calls: () => [{}], lacksRight: [], list: true },
  'POST /api/funds/batches': { calls: (f) => [{ body: { accountId: f.grassrootsAccount } }, { body: { accountId: f.countyAccount }, lacksRight: ['helper', 'admin', 'supervisor', 'staff', 'chair'] }], lacksRight: ['helper', 'admin', 'supervisor'] },
  'GET /api/funds/batches/:id': { calls: (f) => [{ params: { id: f.batch } }], lacksRight: READ },
  'GET /api/funds/batches/:id/export': { calls: (f) => [{ params: { id: f.batch } }], lacksRight: ['helper', 'admin', 'supervisor'] },

  'GET /api/cleanup-campaigns': { calls: () => [{}], lacksRight: [], list: true },
  'POST /api/cleanup-campaigns': { calls: () => [{ body: { name: '访问测试清理', stockCutoff: '2026-01-01', incrementCutoff: '2026-02-01' } }], lacksRight: ['county', 'supervisor', 'admin', 'staff'] },
  // a city's campaign concerns every union of the city; what each sees of it is their own files
  'GET /api/cleanup-campaigns/:id': { calls: (f) => [{ params: { id: f.campaign } }], lacksRight: [], list: true },
  'GET /api/cleanup-campaigns/:id/decisions': { calls: (f) => [{ params: { id: f.campaign } }, { params: { id: f.campaign }, query: `filter=${encodeURIComponent('{"orgId":"510502-01"}')}` }], lacksRight: [], list: true },
  'PUT /api/cleanup-campaigns/:id/decisions/:fileId': {
    calls: (f) => [{ params: { id: f.campaign, fileId: f.fileF }, body: { decision: 'cancel', reason: 'death' } }],
    lacksRight: ['helper', 'chair', 'county', 'city', 'admin'],
  },
  'GET /api/cleanup-campaigns/:id/roster': {
    calls: (f) => [{ params: { id: f.campaign }, query: 'orgId=510502-01&part=stock' }, { params: { id: f.campaign }, query: 'orgId=510502-01&part=stock&format=xlsx' }],
    lacksRight: { open: 'the union’s roster: every official whose subtree holds the union may print it (audited)' },
  },
  'POST /api/files/:id/restore': { calls: (f) => [{ params: { id: f.fileF }, body: { comment: '访问测试恢复' } }], lacksRight: ['helper', 'chair', 'county', 'admin'] },
  'GET /api/dibao-referrals': { calls: () => [{}, { query: `filter=${encodeURIComponent('{"year":2026}')}` }], lacksRight: [], list: true },
  'POST /api/dibao-referrals': { calls: () => [{ body: { year: 2026 } }], lacksRight: ['county', 'supervisor', 'admin', 'staff'] },
  'GET /api/dibao-referrals/:id': { calls: (f) => [{ params: { id: f.referral } }], lacksRight: READ },
  'GET /api/spot-checks': { calls: () => [{}], lacksRight: [], list: true },
  'POST /api/spot-checks': { calls: () => [{ body: { orgId: '510502', year: 2026, sharePct: 50, seed: 2 } }], lacksRight: ['county', 'city', 'admin', 'staff'] },
  'GET /api/spot-checks/:id': { calls: (f) => [{ params: { id: f.spotCheck } }], lacksRight: READ },
  'GET /api/targets': { calls: () => [{}, { query: 'year=2026' }, { query: 'orgId=510502-01' }], lacksRight: [], list: true },
  'PUT /api/targets': { calls: () => [{ body: { orgId: '510502-01', year: 2026, exitRatePct: 30 } }], lacksRight: ['county', 'supervisor', 'admin', 'staff', 'chair'] },
  'GET /api/pairing': { calls: () => [{}, { query: 'year=2026' }], lacksRight: [], list: true },

  'GET /api/work-plans': { calls: () => [{}, { query: 'year=2026' }], lacksRight: [], list: true },
  'POST /api/work-plans': { calls: () => [{ body: { year: 2027 } }], lacksRight: ['county', 'supervisor', 'admin', 'staff', 'chair', 'helper'] },
  'GET /api/work-plans/:id': { calls: (f) => [{ params: { id: f.workPlan } }], lacksRight: READ },
  'GET /api/timelines': { calls: () => [{}], lacksRight: [], list: true },
  'POST /api/timelines': { calls: () => [{ body: { year: 2027, name: '访问测试工作进度' } }], lacksRight: ['county', 'supervisor', 'admin', 'staff', 'chair', 'helper'] },
  // a city's timeline concerns every union of the city; each sees the progress of its own subtree
  'GET /api/timelines/:id': { calls: (f) => [{ params: { id: f.timeline } }], lacksRight: [], list: true },
  'GET /api/timelines/:id/missed': { calls: (f) => [{ params: { id: f.timeline } }], lacksRight: ['staff', 'chair', 'helper', 'admin'], list: true },
  'GET /api/fund-cleanup': {
    calls: () => [{ query: 'cutoff=2026-12-31' }, ...['json', 'html', 'pdf', 'xlsx'].map((format) => ({ query: `cutoff=2026-12-31&orgId=510502-01&format=${format}` }))],
    lacksRight: [],
    list: true,
  },
  'GET /api/stat-reports': { calls: () => [{}, { query: `filter=${encodeURIComponent('{"orgId":"510502-01"}')}` }], lacksRight: [], list: true },
  'POST /api/stat-reports': { calls: () => [{ body: { orgId: '510502-01', period: '2026-02' } }], lacksRight: ['helper', 'county', 'city', 'admin', 'supervisor'] },
  'GET /api/stat-reports/aggregate': { calls: () => [{ query: 'orgId=510502-01&period=2026' }, { query: 'orgId=510502-01&period=2026&format=xlsx' }], lacksRight: READ },
  'GET /api/stat-reports/:id': { calls: (f) => [{ params: { id: f.statReport } }], lacksRight: READ },
  'GET /api/stat-reports/:id/export': { calls: (f) => ['xlsx', 'html', 'pdf'].map((format) => ({ params: { id: f.statReport }, query: `format=${format}` })), lacksRight: READ },
  'POST /api/stat-reports/:id/submit': { calls: (f) => [{ params: { id: f.statReport } }], lacksRight: ['helper', 'county', 'city', 'admin', 'supervisor'] },
  'POST /api/stat-reports/:id/review': { calls: (f) => [{ params: { id: f.statReport }, body: { decision: 'approve' } }], lacksRight: ['staff', 'chair', 'helper', 'admin', 'supervisor'] },
  'GET /api/assessments': { calls: () => [{}, { query: 'year=2026' }], lacksRight: [], list: true },
  'POST /api/assessments': { calls: () => [{ body: { year: 2026 } }], lacksRight: ['county', 'admin', 'staff', 'chair', 'helper'] },
  'POST /api/assessments/:id/confirm': { calls: (f) => [{ params: { id: f.assessment }, body: { comment: '访问测试' } }], lacksRight: ['county', 'supervisor', 'admin', 'staff', 'chair', 'helper'] },
  'GET /api/record-book': {
    calls: () => ['json', 'html', 'xlsx', 'pdf'].map((format) => ({ query: `orgId=510502-01&year=2026&format=${format}` })),
    lacksRight: { open: 'the union’s record book: every official whose subtree holds the union may read and print it' },
  },

  'GET /api/files/:id/visits': { calls: (f) => [{ params: { id: f.fileF } }], lacksRight: READ },
  'POST /api/files/:id/visits': { calls: (f) => [{ params: { id: f.fileF }, body: { visitDate: '2026-03-20', visitors: '访问测试', notes: '走访情况' } }], lacksRight: ['chair', 'admin', 'supervisor', 'county'] },
  'GET /api/files/:id/income': { calls: (f) => [{ params: { id: f.fileF } }], lacksRight: READ },
  'PUT /api/files/:id/income': { calls: (f) => [{ params: { id: f.fileF }, body: { month: '2026-02', perCapita: 50_000 } }], lacksRight: ['helper', 'chair', 'admin', 'county'] },
  'GET /api/visit-stats': { calls: () => [{ query: 'year=2026' }], lacksRight: [], list: true },
  'GET /api/rosters': { calls: () => [{}, { query: 'year=2026' }], lacksRight: [], list: true },
  'POST /api/rosters/:id/submit': { calls: (f) => [{ params: { id: f.roster } }], lacksRight: ['staff', 'helper', 'admin', 'county', 'supervisor'] },
  'POST /api/rosters/:id/confirm': { calls: (f) => [{ params: { id: f.roster } }], lacksRight: ['chair', 'staff', 'admin', 'supervisor'] },
  'GET /api/relapse-watch': { calls: () => [{}], lacksRight: [], list: true },

  'GET /api/tasks': { calls: (f) => [{}, { query: `filter=${encodeURIComponent(JSON.stringify({ view: 'all', q: f.caseNos[0] }))}` }], lacksRight: [], list: true },
  'GET /api/tasks/:id': { calls: (f) => [{ params: { id: f.surveyTask } }, { params: { id: f.approvalTask } }], lacksRight: ['helper', 'admin', 'supervisor'] },
  'GET /api/tasks/:id/diagram': { calls: (f) => [{ params: { id: f.surveyTask } }, { params: { id: f.approvalTask } }], lacksRight: ['helper', 'admin', 'supervisor'] },
  'POST /api/tasks/:id/claim': {
    calls: (f) => [{ params: { id: f.surveyTask }, lacksRight: ['helper', 'chair', 'admin', 'county'] }, { params: { id: f.approvalTask }, lacksRight: ['admin', 'staff', 'helper', 'supervisor', 'county'] }],
    lacksRight: [],
  },
  'POST /api/tasks/:id/unclaim': {
    calls: (f) => [{ params: { id: f.surveyTask }, lacksRight: ['helper', 'chair', 'admin'] }, { params: { id: f.approvalTask }, lacksRight: ['admin', 'staff', 'helper'] }],
    lacksRight: [],
  },
  'POST /api/tasks/:id/complete': {
    calls: (f) => [
      { params: { id: f.surveyTask }, body: { variables: SURVEY }, lacksRight: ['helper', 'chair', 'admin', 'county', 'supervisor'] },
      // separation of duties: a process admin never approves a case, nor does the staff who filed it
      { params: { id: f.approvalTask }, body: { variables: APPROVE }, lacksRight: ['admin', 'staff', 'helper', 'supervisor', 'county', 'city'] },
    ],
    lacksRight: [],
  },
  'POST /api/applications': { calls: () => [{ query: 'orgId=510502-01', body: NEW_APPLICATION }], lacksRight: ['helper', 'chair', 'admin', 'county', 'supervisor'] },
  'GET /api/files': {
    calls: (f) => [{}, { query: `filter=${encodeURIComponent(JSON.stringify({ orgId: '510502-01' }))}` }, { query: `filter=${encodeURIComponent(JSON.stringify({ q: f.idNumbers[0] }))}` }],
    lacksRight: [],
    list: true,
  },
  'GET /api/files/:id': { calls: (f) => [{ params: { id: f.fileA } }, { params: { id: f.fileF } }], lacksRight: READ },
  'PUT /api/files/:id': { calls: (f) => [{ params: { id: f.fileA }, body: demoApplication(71) }], lacksRight: ['helper', 'chair', 'admin', 'county', 'supervisor'] },
  'POST /api/files/:id/reveal': {
    calls: (f) => [{ params: { id: f.fileF } }],
    lacksRight: { open: 'any official whose subtree holds the file may reveal full numbers on purpose; every reveal is audited (policy question: see docs/security.md)' },
  },
  'GET /api/files/:id/cross-checks': { calls: (f) => [{ params: { id: f.fileF } }], lacksRight: READ },
  'GET /api/department-connectors': { calls: () => [{}], lacksRight: [], list: true },
  'PUT /api/department-connectors': { calls: () => [{ body: { department: 'tax', mode: 'manual' } }], lacksRight: ['county', 'chair', 'supervisor', 'staff'] },
  'POST /api/files/:id/objections': { calls: (f) => [{ params: { id: f.fileB }, body: { content: '访问测试异议' } }], lacksRight: ['helper', 'admin', 'county', 'supervisor'] },
  'GET /api/users': { calls: () => [{}, { query: `filter=${encodeURIComponent('{"orgId":"510502-01"}')}` }], lacksRight: [], list: true },
  'GET /api/notifications': { calls: () => [{}], lacksRight: [], list: true },
  'POST /api/notifications/read': {
    calls: (f) => [{ body: { ids: [f.notification] } }, { body: {} }],
    lacksRight: [],
    self: 'marks read only notifications addressed to the caller (or a role they hold over the task’s union)',
  },
  // 督查驾驶舱: supervisors only (the city's supervisor sees 510502-01's stalled tasks)
  'GET /api/cockpit/overview': { calls: () => [{}], lacksRight: ['staff', 'chair', 'helper', 'county', 'city', 'admin'] },
  'GET /api/cockpit/tasks': { calls: () => [{}, { query: `filter=${encodeURIComponent(JSON.stringify({ overdue: false, bpmnProcessId: 'filing' }))}` }], lacksRight: ['staff', 'chair', 'helper', 'county', 'city', 'admin'] },
  'GET /api/cockpit/tasks/:id/assignees': { calls: (f) => [{ params: { id: f.approvalTask } }], lacksRight: ['staff', 'chair', 'helper', 'county', 'city', 'admin'] },
  'POST /api/cockpit/tasks/:id/assign': { calls: (f) => [{ params: { id: f.approvalTask }, body: { userId: 'someone' } }], lacksRight: ['staff', 'chair', 'helper', 'county', 'city', 'admin'] },
  'GET /api/cockpit/processes/:id': { calls: () => [{ params: { id: 'filing' } }], lacksRight: ['staff', 'chair', 'helper', 'county', 'city', 'admin'] },
  'GET /api/incidents': { calls: () => [{}, { query: 'resolved=true' }], lacksRight: ['staff', 'chair', 'county', 'helper'], list: true },
  'POST /api/incidents/:id/retry': { calls: (f) => [{ params: { id: f.incident } }], lacksRight: ['staff', 'chair', 'county', 'helper'] },
  'GET /api/processes/:id/statistics': { calls: () => [{ params: { id: 'filing' } }], lacksRight: ['staff', 'chair', 'county', 'helper'], list: true },
  // 流程定义 (issue 6): read by those who watch the processes, linted and deployed by process admins only
  'GET /api/process-definitions': { calls: () => [{}], lacksRight: ['staff', 'chair', 'county', 'helper'], list: true },
  'GET /api/process-definitions/:id': { calls: () => [{ params: { id: 'filing' } }], lacksRight: ['staff', 'chair', 'county', 'helper'] },
  'GET /api/process-definitions/:id/versions/:version/xml': { calls: () => [{ params: { id: 'filing', version: '1' } }], lacksRight: ['staff', 'chair', 'county', 'helper'] },
  'POST /api/process-definitions/lint': { calls: () => [{ body: { xml: FILING_V2 } }], lacksRight: ['staff', 'chair', 'county', 'city', 'helper', 'supervisor'] },
  'POST /api/process-definitions/:id/versions': { calls: () => [{ params: { id: 'filing' }, body: { xml: FILING_V2 } }], lacksRight: ['staff', 'chair', 'county', 'city', 'helper', 'supervisor'] },

  'POST /api/files/:fileId/documents': {
    calls: (f) => [
      { params: { fileId: f.fileF }, query: 'kind=archive_form&name=a.pdf', upload: { bytes: new Uint8Array([...PDF, 0x25, 0x41]), type: 'application/pdf' }, lacksRight: ['chair', 'admin', 'supervisor', 'helper'] },
      { params: { fileId: f.fileF }, query: 'kind=reply_letter&name=r.pdf', upload: { bytes: new Uint8Array([...PDF, 0x25, 0x42]), type: 'application/pdf' }, lacksRight: ['staff', 'helper', 'chair'] },
    ],
    lacksRight: [],
  },
  'GET /api/files/:fileId/documents': { calls: (f) => [{ params: { fileId: f.fileF } }], lacksRight: READ },
  'GET /api/files/:fileId/documents/:docId/content': { calls: (f) => [{ params: { fileId: f.fileF, docId: f.documentId } }], lacksRight: READ },

  // file life events and assistance projects (issue 10)
  'POST /api/files/:id/cancellation': { calls: (f) => [{ params: { id: f.fileF }, body: { reason: 'death', note: '' } }], lacksRight: ['helper', 'chair', 'county', 'city', 'admin', 'supervisor'] },
  'POST /api/files/:id/transfer': {
    calls: (f) => [{ params: { id: f.fileF }, body: { toOrgId: '510502-02', reason: 'new_employer', note: '访问测试' } }],
    lacksRight: ['helper', 'chair', 'county', 'city', 'admin', 'supervisor'],
  },
  'GET /api/files/:id/events': { calls: (f) => [{ params: { id: f.fileF } }], lacksRight: READ },
  'GET /api/transfer-targets': { calls: () => [{}], lacksRight: ['helper', 'chair', 'county', 'admin'], list: true },
  'GET /api/projects': { calls: (f) => [{}, { query: `filter=${encodeURIComponent(JSON.stringify({ year: 2026 }))}` }, { query: `filter=${encodeURIComponent(JSON.stringify({ forFileId: f.fileF }))}` }], lacksRight: [], list: true },
  'POST /api/projects': {
    calls: () => [{ body: { name: '访问测试项目', category: 'employment', fundLevel: 'county', budget: 10_000, targetKind: 'households', startDate: '2026-05-01', endDate: '2026-10-30', eligibilityNotes: '访问测试' } }],
    lacksRight: ['staff', 'chair', 'helper', 'admin', 'supervisor'],
  },
  'GET /api/projects/:id': { calls: (f) => [{ params: { id: f.project } }], lacksRight: READ },
  'POST /api/projects/:id/close': { calls: (f) => [{ params: { id: f.project } }], lacksRight: ['staff', 'chair', 'helper', 'admin', 'supervisor'] },
  'GET /api/projects/:id/enrolments': { calls: (f) => [{ params: { id: f.project } }], lacksRight: READ },
  // the city's project is seen by every union of the city: enrolling another union's household is what is refused
  'POST /api/projects/:id/enrolments': { calls: (f) => [{ params: { id: f.cityProject }, body: { fileId: f.fileF } }], lacksRight: ['helper', 'chair', 'county', 'admin', 'supervisor'] },
  'PUT /api/projects/:id/enrolments/:enrolmentId': {
    calls: (f) => [{ params: { id: f.project, enrolmentId: f.enrolment }, body: { status: 'completed', outcome: 'employed' } }],
    lacksRight: ['helper', 'chair', 'admin', 'supervisor'],
  },
  'GET /api/projects/:id/spending': { calls: (f) => [{ params: { id: f.project } }], lacksRight: READ },
  'POST /api/projects/:id/spending': { calls: (f) => [{ params: { id: f.project }, body: { amount: 1000, spentOn: '2026-06-01', note: '访问测试支出' } }], lacksRight: ['staff', 'chair', 'helper', 'admin', 'supervisor'] },
  'GET /api/files/:id/projects': { calls: (f) => [{ params: { id: f.fileF } }], lacksRight: READ },
  'GET /api/category-counts': { calls: () => [{}, { query: 'orgId=510502' }], lacksRight: [], list: true },

  // printable documents and the .xlsx import (api/print, api/import), mounted by the lead
  'GET /api/files/:id/print/:doc': {
    calls: (f) => [{ params: { id: f.fileF, doc: 'archive' } }, { params: { id: f.fileF, doc: 'contact-card.pdf' }, query: 'full=1' }],
    lacksRight: { open: 'the union’s own forms; `full=1` is an audited read, like reveal' },
    optional: true,
  },
  'GET /api/rosters/:id/:doc': { calls: (f) => [{ params: { id: f.roster, doc: 'print' } }, { params: { id: f.roster, doc: 'print.xlsx' }, query: 'full=1' }], lacksRight: READ, optional: true },
  'GET /api/import/template.xlsx': { calls: () => [{}], lacksRight: [], list: true, optional: true },
  'POST /api/import/files/preview': {
    calls: () => [{ query: 'orgId=510502-01', upload: { bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]), type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } }],
    lacksRight: ['helper', 'chair', 'county', 'admin'],
    optional: true,
  },
  'POST /api/import/files/:importId/confirm': { calls: (f) => [{ params: { importId: f.importId } }], lacksRight: ['helper', 'chair', 'county', 'admin'], optional: true },
  'GET /api/import/files/:importId': { calls: (f) => [{ params: { importId: f.importId } }], lacksRight: ['helper', 'chair', 'county', 'admin'], optional: true },

  // issue 7: the running system's backup (process admins only) and the audit chain's verdict
  // (supervisors and process admins): system-wide, so every other role is refused with 403
  'POST /api/admin/backup': { calls: () => [{ body: {} }], lacksRight: ['staff', 'chair', 'helper', 'county', 'city', 'supervisor'] },
  'GET /api/admin/audit-chain': { calls: () => [{}], lacksRight: ['staff', 'chair', 'county', 'city', 'helper'] },
};

const DENIED = [401, 403, 404, 409, 422];

function fill(path: string, params: Record<string, string> = {}): string {
  const filled = path.replace(/:(\w+)/g, (_, name) => {
    if (!(name in params)) throw new Error(`no value for :${name} of ${path}`);
    return encodeURIComponent(params[name]);
  });
  return filled;
}

describe('every route is scoped to the caller’s union and role', () => {
  let sys: Awaited<ReturnType<typeof testSystem>>;
  let f: Fixtures;
  const cookies = {} as Record<Who | 'logout_nx' | 'logout_helper', string>;
  const routes = () => listRoutes(sys.app);

  const signIn = async (username: string) => {
    const res = await fetch(`${sys.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
    expect(res.status).toBe(200);
    return res.headers.get('set-cookie')!.split(';')[0];
  };

  async function send(method: string, path: string, call: Call, cookie: string | null) {
    const url = `${sys.url}${fill(path, call.params)}${call.query ? `?${call.query}` : ''}`;
    const headers: Record<string, string> = cookie ? { cookie } : {};
    let body: BodyInit | undefined;
    if (method !== 'GET') {
      if (call.upload) {
        headers['content-type'] = call.upload.type;
        body = Buffer.from(call.upload.bytes);
      } else {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(call.body ?? {});
      }
    }
    const res = await fetch(url, { method, headers, body });
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
   * Row counts and a content hash of every table but `Session` (the caller's own login state:
   * `lastSeenAt`, logins, logouts). Audit rows count except `denied` ones: a refused login may
   * be audited, nothing else a refused caller does may leave a trace.
   */
  async function snapshot(): Promise<Record<string, string>> {
    const tables = await sys.db.prisma.$queryRaw<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('Session', '_prisma_migrations')`;
    const parts = tables.map(({ name }) => {
      const where = name === 'AuditLog' ? `WHERE x.outcome <> 'denied'` : '';
      return `SELECT '${name}' AS t, count(*)::text || ':' || md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS v FROM "${name}" x ${where}`;
    });
    const rows = await sys.db.prisma.$queryRawUnsafe<{ t: string; v: string }[]>(parts.join(' UNION ALL '));
    return Object.fromEntries(rows.map((r) => [r.t, r.v]));
  }

  const changed = (a: Record<string, string>, b: Record<string, string>) => Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]);

  /** A preview staff made of an import, once the import routes are mounted; a stand-in id before. */
  async function stagedImport(): Promise<string> {
    if (!routes().some((r) => r.key === 'POST /api/import/files/preview')) return '00000000-0000-4000-8000-000000000000';
    const cookie = await signIn('staff');
    const template = await fetch(`${sys.url}/api/import/template.xlsx`, { headers: { cookie } });
    const preview = await fetch(`${sys.url}/api/import/files/preview?orgId=510502-01`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      body: new Uint8Array(await workbook(Buffer.from(await template.arrayBuffer()), [household(8001, { stock: false })])),
    });
    const body = await preview.json();
    expect(body.importId, JSON.stringify(body)).toBeTruthy();
    return body.importId;
  }

  const markers = () => [f.fileA, f.fileB, f.fileF, ...f.caseNos, f.fileNo, ...f.idNumbers, f.surveyTask, f.approvalTask, f.documentId, f.countyAccount, f.grassrootsAccount, f.requested, f.batch, f.roster, f.incident, f.referral, f.spotCheck, f.importId, f.notification, f.project, f.enrolment, f.workPlan, f.statReport, f.assessment];

  beforeAll(async () => {
    sys = await testSystem();
    const o = await officials(sys);
    const rules = await o.admin.post('/api/level-rule-sets', {
      level: 'county',
      validFrom: '2026-01-01',
      title: '江阳区县级困难职工建档标准（演示）',
      perCapitaCeiling: { base: 'dibao', multiple: { num: 2, den: 1 }, inclusive: true },
      requireHardshipCause: true,
      netOfExpensesCeiling: null,
      acceptsNationalCriteria: true,
    });
    expect(rules.status, JSON.stringify(rules.body)).toBe(201);

    // F: filed by the county, with its evidence documents
    const F = await toApproval(sys, o, 72);
    await toCountyReview(sys, o, F.caseNo, 'county');
    await complete(sys, o.county, 'countyReview', F.caseNo, APPROVE);
    const filed = await sys.db.prisma.householdFile.findUniqueOrThrow({ where: { id: F.id } });
    expect([filed.status, filed.level]).toEqual(['filed', 'county']);
    // two days later the city starts a clean-up in which F is a stock file, the dibao-uncovered
    // lists and the supervisors' spot check of 江阳区
    const filedOn = new Date(filed.filedAt!.getTime() + 8 * 3600_000);
    const day = (n: number) => new Date(filedOn.getTime() + n * 86_400_000).toISOString().slice(0, 10);
    sys.clock.advance(2 * 86_400_000);
    const campaign = await o.city.post('/api/cleanup-campaigns', { name: '2026年档案清理', stockCutoff: day(1), incrementCutoff: day(2) });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    const referrals = await o.city.post('/api/dibao-referrals', {});
    expect(referrals.status, JSON.stringify(referrals.body)).toBe(201);
    const spotCheck = await o.supervisor.post('/api/spot-checks', { orgId: '510502', year: 2026, sharePct: 100, seed: 1 });
    expect(spotCheck.status, JSON.stringify(spotCheck.body)).toBe(201);
    // the year's organisation: plans asked for, the timeline, 510502-01's report, the assessments
    expect((await o.city.post('/api/work-plans', { year: 2026 })).status).toBe(201);
    const timeline = await o.city.post('/api/timelines', { year: 2026, name: '2026年困难职工解困脱困工作' });
    expect(timeline.status, JSON.stringify(timeline.body)).toBe(201);
    const statReport = await o.staff.post('/api/stat-reports', { orgId: '510502-01', period: '2026' });
    expect(statReport.status, JSON.stringify(statReport.body)).toBe(201);
    const assessments = await o.city.post('/api/assessments', { year: 2026 });
    expect(assessments.status, JSON.stringify(assessments.body)).toBe(201);
    await sys.engine.drain();
    const referral = await sys.db.prisma.dibaoReferral.findFirstOrThrow({ where: { orgId: '510502' } });
    // B: waiting for the chair's approval
    const B = await toApproval(sys, o, 73);
    const approval = await taskAt(o.chair, 'grassrootsApproval', B.caseNo);
    // A: waiting for the household survey
    const A = (await o.staff.post('/api/applications', demoApplication(71))).body;
    await sys.engine.drain();
    const survey = await taskAt(o.staff, 'householdSurvey', A.caseNo);

    // money: the union's grassroots account pays F (a county-level file may use it); one payment
    // made and batched, one waiting for approval
    const accounts = (await o.county.get('/api/funds/accounts?range=[0,199]')).body;
    const countyAccount = accounts.find((a: any) => a.orgId === '510502' && a.level === 'county');
    const grassrootsAccount = accounts.find((a: any) => a.orgId === '510502-01');
    expect(countyAccount && grassrootsAccount, JSON.stringify(accounts)).toBeTruthy();
    const request = (key: string) => o.staff.post('/api/funds/disbursements', { fileId: F.id, accountId: grassrootsAccount.id, kind: 'living_aid', amount: 50_000, reason: '生活救助', idempotencyKey: key });
    const asked = await request('access-suite-paid-0001');
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const paid = asked.body;
    expect((await o.chair.post(`/api/funds/disbursements/${paid.id}/approve`, {})).status).toBe(200);
    expect((await o.staff.post(`/api/funds/disbursements/${paid.id}/pay`, {})).status).toBe(200);
    const batch = await o.staff.post('/api/funds/batches', { accountId: grassrootsAccount.id });
    expect(batch.status, JSON.stringify(batch.body)).toBe(201);
    const requested = (await request('access-suite-wait-0001')).body;
    expect(requested.status).toBe('requested');

    const now = sys.clock.now();
    const roster = await sys.db.prisma.roster.create({ data: { orgId: '510502-01', year: 2026, kind: 'exit', status: 'draft', fileIds: [F.id], createdAt: now } });
    const instance = await sys.db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: F.caseNo, bpmnProcessId: 'filing' } });
    const notification = await sys.db.prisma.notification.create({
      data: { kind: 'reminder', taskId: survey.id, role: 'grassroots_staff', orgId: '510502-01', orgPath: filed.orgPath, message: '入户调查核实即将到期', createdAt: now },
    });
    const incident = await sys.db.prisma.incident.create({ data: { instanceId: instance.id, definitionId: instance.definitionId, elementId: 'registerFile', kind: 'UNHANDLED_ERROR', message: '访问测试', createdAt: now } });
    const standard = await sys.db.prisma.dibaoStandard.findFirstOrThrow({ where: { regionCode: '510502' }, orderBy: { validFrom: 'desc' } });
    const [doc] = (await o.staff.get(`/api/files/${F.id}/documents`)).body;
    const apps = [demoApplication(71), demoApplication(72), demoApplication(73)];
    const project = await o.county.post('/api/projects', {
      name: '江阳区困难职工技能培训',
      category: 'employment',
      fundLevel: 'county',
      budget: 100_000,
      targetCount: 10,
      targetKind: 'trainees',
      startDate: '2026-05-01',
      endDate: '2026-10-30',
      eligibilityNotes: '有劳动能力的建档困难职工',
    });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    const enrolment = await o.staff.post(`/api/projects/${project.body.id}/enrolments`, { fileId: F.id });
    expect(enrolment.status, JSON.stringify(enrolment.body)).toBe(201);
    const cityProject = await sys.db.prisma.assistanceProject.findFirstOrThrow({ where: { orgId: '510500', isDemo: true } });

    f = {
      fileA: A.id,
      fileB: B.id,
      fileF: F.id,
      caseNos: [A.caseNo, B.caseNo, F.caseNo],
      fileNo: filed.fileNo!,
      idNumbers: apps.flatMap((a) => [a.applicant.idNumber, ...a.members!.map((m) => m.idNumber)]),
      surveyTask: survey.id,
      approvalTask: approval.id,
      documentId: doc.id,
      countyAccount: countyAccount.id,
      grassrootsAccount: grassrootsAccount.id,
      requested: requested.id,
      batch: batch.body.id,
      roster: roster.id,
      incident: incident.id,
      standard: { id: standard.id, regionCode: standard.regionCode, validFrom: standard.validFrom.toISOString().slice(0, 10), dibao: standard.dibao },
      campaign: campaign.body.id,
      referral: referral.id,
      spotCheck: spotCheck.body.id,
      importId: await stagedImport(),
      notification: notification.id,
      workPlan: (await sys.db.prisma.workPlan.findFirstOrThrow({ where: { orgId: '510502', year: 2026 } })).id,
      timeline: timeline.body.id,
      statReport: statReport.body.id,
      assessment: assessments.body.find((a: any) => a.orgId === '510502').id,
      project: project.body.id,
      enrolment: enrolment.body.id,
      cityProject: cityProject.id,
    };
    // fresh sessions after the clock moved through 公示; signing in is over before any snapshot
    for (const who of SIGNED_IN) cookies[who] = await signIn(who);
    cookies.logout_nx = await signIn('staff_nx');
    cookies.logout_helper = await signIn('helper');
  });
  afterAll(() => sys.stop());

  it('knows every route of the app: a route without an access entry fails here, by name', () => {
    const known = routes();
    const missing = known.filter((r) => !PUBLIC.has(r.key) && !ROUTES[r.key]).map((r) => r.key);
    expect(missing, `routes without an access entry in tests/db/access.db.test.ts (add one: the ids of a 510502-01 record and the roles that lack the right):\n${missing.join('\n')}`).toEqual([]);
    const keys = new Set(known.map((r) => r.key));
    const stale = Object.entries(ROUTES).filter(([k, spec]) => !keys.has(k) && !spec.optional).map(([k]) => k);
    expect(stale, 'access entries for routes that no longer exist').toEqual([]);
    for (const [key, spec] of Object.entries(ROUTES)) {
      const writes = !key.startsWith('GET ');
      if (writes && !spec.self) {
        const variants = spec.calls(f);
        // a write names the roles that lack the right, or says why no role of the union does
        for (const v of variants) {
          const who = v.lacksRight ?? spec.lacksRight;
          if (Array.isArray(who)) expect(who, `${key}: a write must name the roles that lack the right`).not.toHaveLength(0);
        }
      }
    }
    expect(known.length).toBeGreaterThan(50);
  });

  it('anonymous callers get 401 on every route but the public ones, and nothing changes', async () => {
    const before = await snapshot();
    const wrong: string[] = [];
    for (const r of routes()) {
      const spec = ROUTES[r.key];
      if (PUBLIC.has(r.key) || !spec) continue;
      for (const call of spec.calls(f)) {
        const res = await send(r.method, r.path, call, null);
        if (spec.anonymous ? res.status >= 300 : res.status !== 401) wrong.push(`${r.key} → ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(changed(before, await snapshot())).toEqual([]);
  });

  it('another union’s official (staff_nx, 纳溪区) never reaches a 510502-01 record, and nothing changes', async () => {
    const outcomes: string[] = [];
    const wrong: string[] = [];
    let before = await snapshot();
    for (const r of routes()) {
      const spec = ROUTES[r.key];
      if (PUBLIC.has(r.key) || !spec) continue;
      for (const call of spec.calls(f)) {
        const cookie = r.key === 'POST /api/auth/logout' ? cookies.logout_nx : cookies.staff_nx;
        const res = await send(r.method, r.path, call, cookie);
        outcomes.push(`${r.key} → ${res.status}`);
        const ok = res.status >= 200 && res.status < 300;
        if (res.status >= 500) wrong.push(`${r.key} → ${res.status} ${res.text.slice(0, 200)}`);
        else if (ok && !spec.list && !spec.self) wrong.push(`${r.key} → ${res.status}: another union’s record answered`);
        else if (!ok && !DENIED.includes(res.status)) wrong.push(`${r.key} → ${res.status} ${res.text.slice(0, 200)}`);
        else if (!ok && !/[\u4e00-\u9fa5]/.test(res.json?.message ?? '')) wrong.push(`${r.key} → ${res.status} without a Chinese message: ${res.text.slice(0, 120)}`);
        const leaked = markers().filter((m) => res.text.includes(m));
        if (leaked.length) wrong.push(`${r.key} → ${res.status} shows 510502-01 data: ${leaked.join(', ')}`);
        const after = await snapshot();
        const diff = changed(before, after).filter((t) => !spec.mayWrite?.tables.includes(t));
        if (diff.length) wrong.push(`${r.key} → ${res.status} changed ${diff.join(', ')}`);
        before = after;
      }
    }
    expect(wrong, outcomes.join('\n')).toEqual([]);
  });

  it('officials of the union whose role lacks the right are refused, and nothing changes', async () => {
    const wrong: string[] = [];
    const matrix: string[] = [];
    let before = await snapshot();
    for (const r of routes()) {
      const spec = ROUTES[r.key];
      if (PUBLIC.has(r.key) || !spec || spec.self) continue;
      for (const call of spec.calls(f)) {
        const who = call.lacksRight ?? spec.lacksRight;
        if (!Array.isArray(who)) continue;
        for (const u of who) {
          const res = await send(r.method, r.path, call, cookies[u]);
          matrix.push(`${r.key} as ${u} → ${res.status}`);
          if (!DENIED.includes(res.status)) wrong.push(`${r.key} as ${u} → ${res.status} ${res.text.slice(0, 200)}`);
          else if (!/[\u4e00-\u9fa5]/.test(res.json?.message ?? '')) wrong.push(`${r.key} as ${u} → ${res.status} without a Chinese message`);
          const after = await snapshot();
          const diff = changed(before, after);
          if (diff.length) wrong.push(`${r.key} as ${u} → ${res.status} changed ${diff.join(', ')}`);
          before = after;
        }
      }
    }
    expect(wrong, matrix.join('\n')).toEqual([]);
  });

  it('a process admin can never approve a case: not in their inbox, refused by id, and no fund approval either', async () => {
    const admin = cookies.admin;
    const list = await send('GET', '/api/tasks', { query: `filter=${encodeURIComponent('{"view":"all"}')}&range=[0,199]` }, admin);
    expect(list.status).toBe(200);
    expect(list.json.some((t: any) => ['grassrootsApproval', 'countyReview', 'cityReview', 'provinceReview', 'nationalReview'].includes(t.elementId))).toBe(false);
    expect((await send('POST', '/api/tasks/:id/complete', { params: { id: f.approvalTask }, body: { variables: APPROVE } }, admin)).status).toBe(404);
    expect((await send('POST', '/api/tasks/:id/claim', { params: { id: f.approvalTask } }, admin)).status).toBe(404);
    expect((await send('POST', '/api/funds/disbursements/:id/approve', { params: { id: f.requested } }, admin)).status).toBe(403);
    // while the chair of the union sees and may act on the same task
    const chairInbox = await send('GET', '/api/tasks', { query: `filter=${encodeURIComponent('{"view":"all"}')}` }, cookies.chair);
    expect(chairInbox.json.map((t: any) => t.id)).toContain(f.approvalTask);
  });

  it('the fillers are real: the rightful officials can do what the others were refused', async () => {
    // a refusal proves nothing if the request itself was broken; spot-check the hardest ones
    expect((await send('GET', '/api/files/:id', { params: { id: f.fileF } }, cookies.staff)).status).toBe(200);
    expect((await send('GET', '/api/files/:fileId/documents/:docId/content', { params: { fileId: f.fileF, docId: f.documentId } }, cookies.county)).status).toBe(200);
    expect((await send('GET', '/api/funds/batches/:id/export', { params: { id: f.batch } }, cookies.staff)).status).toBe(200);
    expect((await send('POST', '/api/rosters/:id/submit', { params: { id: f.roster } }, cookies.chair)).status).toBe(200);
    const lint = await send('POST', '/api/process-definitions/lint', { body: { xml: FILING_V2 } }, cookies.admin);
    expect([lint.status, lint.json.problems]).toEqual([200, []]);
    expect((await send('POST', '/api/funds/disbursements/:id/approve', { params: { id: f.requested } }, cookies.chair)).status).toBe(200);
    expect((await send('GET', '/api/tasks/:id/diagram', { params: { id: f.approvalTask } }, cookies.chair)).status).toBe(200);
    const assignees = await send('GET', '/api/cockpit/tasks/:id/assignees', { params: { id: f.approvalTask } }, cookies.supervisor);
    expect(assignees.status, assignees.text).toBe(200);
    expect(assignees.json.map((u: any) => u.username ?? u.displayName)).toContain('王主席');
    expect((await send('GET', '/api/cockpit/processes/:id', { params: { id: 'filing' } }, cookies.supervisor)).status).toBe(200);
    const claim = await send('POST', '/api/tasks/:id/claim', { params: { id: f.approvalTask } }, cookies.chair);
    expect(claim.status, claim.text).toBe(200);
    const done = await send('POST', '/api/tasks/:id/complete', { params: { id: f.approvalTask }, body: { variables: APPROVE } }, cookies.chair);
    expect(done.status, done.text).toBe(200);
    const after = await send('GET', '/api/tasks', { query: `filter=${encodeURIComponent('{"view":"all"}')}` }, cookies.chair);
    expect(after.json.some((t: any) => t.id === f.approvalTask)).toBe(false);
    const chain = await send('GET', '/api/admin/audit-chain', {}, cookies.supervisor);
    expect([chain.status, chain.json.ok]).toEqual([200, true]);
    expect((await send('GET', '/api/admin/audit-chain', {}, cookies.admin)).status).toBe(200);
    const backup = await send('POST', '/api/admin/backup', { body: {} }, cookies.admin);
    expect(backup.status, backup.text).toBe(201);
    expect(backup.json.rows).toBeGreaterThan(0);
    const outcome = await send('PUT', '/api/projects/:id/enrolments/:enrolmentId', { params: { id: f.project, enrolmentId: f.enrolment }, body: { status: 'completed', outcome: 'employed' } }, cookies.staff);
    expect(outcome.status, outcome.text).toBe(200);
    const spent = await send('POST', '/api/projects/:id/spending', { params: { id: f.project }, body: { amount: 1000, spentOn: '2026-06-01', note: '访问测试支出' } }, cookies.county);
    expect(spent.status, spent.text).toBe(201);
    const enrolled = await send('POST', '/api/projects/:id/enrolments', { params: { id: f.cityProject }, body: { fileId: f.fileF } }, cookies.staff);
    expect(enrolled.status, enrolled.text).toBe(201);
    const transfer = await send('POST', '/api/files/:id/transfer', { params: { id: f.fileF }, body: { toOrgId: '510502-02', reason: 'new_employer', note: '访问测试' } }, cookies.staff);
    expect(transfer.status, transfer.text).toBe(201);
  });
});
