/**
 * Cross-check results (SPEC §5.1): recorded from a department's HTTP answer by the job worker or
 * from its reply letter by the county reviewer, compared with the declaration, and summarised
 * side by side for the UI. A contradiction flags the case (`HouseholdFile.flagged`).
 */
import { z } from 'zod';
import type { Database, Tx } from '../../api/db/client';
import type { AuthUser } from '../../api/auth/session';
import { hasRole } from '../../api/auth/session';
import { ApplicationSchema, type Application } from '../../api/applications/application.schema';
import { AppError } from '../../api/errors';
import { audit } from '../../api/audit';
import { compareFindings, compareSideBySide, declaredPersons, type ComparisonRow, type Contradiction } from './compare';
import { coverageProblems, DEPARTMENT_LABELS, DEPARTMENTS, FINDINGS_SCHEMAS, type Department, type Findings } from './contract';

export type CrossCheckSource = 'http' | 'manual';

/** The case as the departments are asked about it: the declaration and its persons. */
export async function loadCrossCheckCase(db: Tx, fileId: string) {
  const file = await db.householdFile.findUnique({ where: { id: fileId } });
  if (!file) return null;
  const app = ApplicationSchema.parse(file.form);
  const persons = declaredPersons(app).map((p) => ({ idNumber: p.idNumber, name: p.name, relation: p.relation }));
  return { file, app, persons };
}

/**
 * Stores one department's findings about a case once per key (a job key, or a task) and flags
 * the case when they contradict the declaration. Returns the stored row's contradictions, so a
 * second run reports what the first recorded.
 */
export async function recordCrossCheck(
  tx: Tx,
  input: {
    file: { id: string; orgId: string };
    app: Application;
    department: Department;
    source: CrossCheckSource;
    findings: Findings;
    key: string | null;
    letterDocumentId?: string | null;
    user: AuthUser | null;
    at: Date;
  },
): Promise<{ id: string; contradictions: Contradiction[]; created: boolean }> {
  const contradictions = compareFindings(input.department, input.app, input.findings);
  const data = {
    fileId: input.file.id,
    department: input.department,
    source: input.source,
    findings: input.findings as object,
    contradictions: contradictions as unknown as object,
    letterDocumentId: input.letterDocumentId ?? null,
    jobKey: input.key,
    createdBy: input.user?.id ?? null,
    createdAt: input.at,
  };
  const existing = input.key ? await tx.crossCheckResult.findUnique({ where: { jobKey: input.key } }) : null;
  const row = existing ?? (await tx.crossCheckResult.create({ data }));
  const stored = row.contradictions as unknown as Contradiction[];
  if (stored.length) await tx.householdFile.update({ where: { id: input.file.id }, data: { flagged: true } });
  if (!existing) {
    await audit(
      tx,
      input.user,
      { action: 'crosscheck', entity: 'cross_check_result', entityId: row.id, after: { fileId: input.file.id, department: input.department, source: input.source, contradictions: stored.length }, orgId: input.file.orgId },
      input.at,
    );
  }
  return { id: row.id, contradictions: stored, created: !existing };
}

const ManualInput = z.object({
  fileId: z.string().min(1),
  department: z.enum(DEPARTMENTS, { error: '核查部门无效' }),
  letterDocumentId: z.string({ error: '请上传部门复函' }).min(1, '请上传部门复函').max(64),
  userId: z.string().min(1),
  taskId: z.string().min(1).optional(),
});

/**
 * 人工核查: the county reviewer enters a department's answer from its reply letter. The findings
 * follow the same contract as the HTTP answer (`{ persons: [...] }`, one entry per household
 * member); the letter must be a `reply_letter` document of the same file. With `taskId` a retried
 * completion records once. Errors are 422s naming `findings.…` or `letterDocumentId`.
 */
export async function recordManualCrossCheck(
  tx: Tx,
  input: { fileId: string; department: Department; findings: unknown; letterDocumentId: string; userId: string; taskId?: string; at: Date },
): Promise<{ id: string; contradictions: Contradiction[] }> {
  const base = ManualInput.safeParse(input);
  if (!base.success) throw new AppError('UNPROCESSABLE', base.error.issues[0].message, { [base.error.issues[0].path.join('.')]: base.error.issues[0].message });
  const { fileId, department, letterDocumentId, userId, taskId } = base.data;
  const loaded = await loadCrossCheckCase(tx, fileId);
  if (!loaded) throw new AppError('NOT_FOUND', '档案不存在');
  const label = DEPARTMENT_LABELS[department];
  const parsed = FINDINGS_SCHEMAS[department].safeParse(input.findings);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[['findings', ...issue.path].join('.')] ??= issue.message;
    throw new AppError('UNPROCESSABLE', `${label}核查结果有误，请检查标出的字段`, errors);
  }
  const problems = coverageProblems(loaded.persons, parsed.data);
  if (problems.length) throw new AppError('UNPROCESSABLE', `${label}核查结果不完整：${problems.join('；')}`, { 'findings.persons': problems.join('；') });
  const letter = await tx.document.findFirst({ where: { id: letterDocumentId, fileId, kind: 'reply_letter' } });
  if (!letter) throw new AppError('UNPROCESSABLE', `请上传${label}部门的复函`, { letterDocumentId: `请上传${label}部门的复函（材料类别：部门复函）` });
  // The audit trail needs the actor; the completion that calls this has already authorised them.
  const actor: AuthUser = { id: userId, username: userId, displayName: userId, roles: [] };
  const result = await recordCrossCheck(tx, {
    file: loaded.file,
    app: loaded.app,
    department,
    source: 'manual',
    findings: parsed.data,
    key: taskId ? `task:${taskId}` : null,
    letterDocumentId,
    user: actor,
    at: input.at,
  });
  return { id: result.id, contradictions: result.contradictions };
}

export interface DepartmentSummary {
  department: Department;
  label: string;
  status: 'pending' | 'checked';
  source: CrossCheckSource | null;
  checkedAt: Date | null;
  letterDocumentId: string | null;
  /** declared vs found, compared with the declaration as it stands now */
  rows: ComparisonRow[];
  contradictions: number;
}

/**
 * Per department, the latest answer beside the declaration, for the reviewer's screen. Not
 * scoped: the caller has already found the file through `findVisibleFile`. ID numbers stay out.
 */
export async function crossCheckSummary(db: Tx, fileId: string): Promise<{ fileId: string; flagged: boolean; departments: DepartmentSummary[] }> {
  const loaded = await loadCrossCheckCase(db, fileId);
  if (!loaded) throw new AppError('NOT_FOUND', '档案不存在');
  const results = await db.crossCheckResult.findMany({ where: { fileId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  const departments = DEPARTMENTS.map((department): DepartmentSummary => {
    const latest = results.find((r) => r.department === department);
    const findings = latest ? FINDINGS_SCHEMAS[department].safeParse(latest.findings) : null;
    const rows = findings?.success ? compareSideBySide(department, loaded.app, findings.data) : [];
    return {
      department,
      label: DEPARTMENT_LABELS[department],
      status: latest ? 'checked' : 'pending',
      source: (latest?.source as CrossCheckSource | undefined) ?? null,
      checkedAt: latest?.createdAt ?? null,
      letterDocumentId: latest?.letterDocumentId ?? null,
      rows,
      contradictions: rows.filter((r) => r.contradiction).length,
    };
  });
  return { fileId, flagged: loaded.file.flagged, departments };
}

export const ConnectorInputSchema = z
  .object({
    department: z.enum(DEPARTMENTS, { error: '核查部门无效' }),
    mode: z.enum(['http', 'manual'], { error: '请选择核查方式' }),
    url: z.url({ protocol: /^https?$/, error: '接口地址应为 http(s) 地址' }).max(500).optional(),
    /** omitted: keep the stored credential */
    credential: z.string().min(1, '凭据不能为空').max(1000).optional(),
  })
  .refine((c) => c.mode === 'manual' || c.url, { path: ['url'], message: '接口方式须填写接口地址' });

/** Who may switch a department between its endpoint and manual checks: the city's officials. */
const CONNECTOR_ROLES = ['process_admin', 'city_reviewer'];

/**
 * Configures how a department is asked, e.g. switches it to manual while its endpoint is down
 * (SPEC §5.1). The credential is never returned nor audited, only whether one is set.
 */
export async function configureDepartmentConnector(db: Database, user: AuthUser, body: unknown, at: Date) {
  if (!CONNECTOR_ROLES.some((role) => hasRole(user, role))) throw new AppError('FORBIDDEN', '只有市总工会保障部或流程管理员可以配置部门核查接口');
  const input = ConnectorInputSchema.parse(body);
  return db.prisma.$transaction(async (tx) => {
    const before = await tx.departmentConnector.findUnique({ where: { department: input.department } });
    const data = { mode: input.mode, url: input.url ?? before?.url ?? null, credential: input.credential ?? before?.credential ?? null, updatedAt: at, updatedBy: user.id };
    const row = await tx.departmentConnector.upsert({ where: { department: input.department }, create: { department: input.department, ...data }, update: data });
    const view = connectorView(row);
    await audit(tx, user, { action: 'configure', entity: 'department_connector', entityId: input.department, before: before ? connectorView(before) : null, after: view }, at);
    return view;
  });
}

export function connectorView(c: { department: string; mode: string; url: string | null; credential: string | null; updatedAt: Date; updatedBy: string | null }) {
  return { department: c.department, label: DEPARTMENT_LABELS[c.department as Department] ?? c.department, mode: c.mode, url: c.url, credentialSet: !!c.credential, updatedAt: c.updatedAt, updatedBy: c.updatedBy };
}
