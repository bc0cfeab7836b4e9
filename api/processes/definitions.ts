import { z } from 'zod';
import type { AppContext } from '../context';
import { hasRole, type AuthUser } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';
import { lintBpmn, lintProject, type LintReport } from '../workflows/lint';
import { lintEngineSubset } from '../workflows/engine-subset';
import { readModel } from '../engine/embedded/model';
import { HANDLERS } from '../../workers';
import { TASK_FORMS } from '../tasks/task-forms';
import { requireMonitor } from './processes';

/**
 * Process definitions and their versions for process admins (issue 6, SPEC §1 `process_admin`:
 * edits and deploys BPMN). Definitions are not org-scoped: one model serves every union, so only
 * process admins deploy and only those who watch the processes (process admins, supervisors) read
 * them. A process admin never approves a case (issue 7); deploying is all they do here.
 */

export function requireProcessAdmin(user: AuthUser): void {
  if (!hasRole(user, 'process_admin')) throw new AppError('FORBIDDEN', '只有流程管理员可以检查和部署流程模型');
}

export const ModelInputSchema = z.object(
  { xml: z.string({ error: '请提交 BPMN 模型（XML）' }).min(1, '请提交 BPMN 模型（XML）').max(900_000, 'BPMN 模型过大') },
  { error: '请求体应为 { xml } 形式的 JSON 对象' },
);

export interface ModelProblem extends LintReport {
  /** which check found it: Camunda 8.8 / bpmnlint, the embedded runtime's subset, or the project's own rules */
  source: 'camunda' | 'engine-subset' | 'project' | 'xml';
}

/**
 * Every check a model must pass before deploy, with the element id of each problem: Camunda 8.8's
 * rules and bpmnlint's recommended ones, the embedded runtime's subset (one BPMN for both
 * engines), and the project's rules (every job type has a handler, every user task has candidate
 * groups naming a SPEC §1 role, a known form and an output variable). Malformed XML is one problem.
 */
export async function lintModel(xml: string): Promise<ModelProblem[]> {
  try {
    const [camunda, subset, project] = await Promise.all([
      lintBpmn(xml),
      lintEngineSubset(xml),
      lintProject(xml, { jobTypes: Object.keys(HANDLERS), formKeys: Object.keys(TASK_FORMS) }),
    ]);
    return [
      ...camunda.map((r) => ({ ...r, source: 'camunda' as const })),
      ...subset.map((r) => ({ ...r, source: 'engine-subset' as const })),
      ...project.map((r) => ({ ...r, source: 'project' as const })),
    ];
  } catch (err) {
    return [{ rule: 'xml', id: undefined, message: `无法读取 BPMN 模型：${(err as Error).message}`, category: 'error', source: 'xml' }];
  }
}

const blocking = (p: ModelProblem) => p.category === 'error' || p.category === 'rule-error';

export interface VersionView {
  definitionId: string;
  version: number;
  resourceName: string | null;
  deployedAt: Date | null;
  /** who deployed it from the modeler (the audit row); null for versions deployed from workflows/ at start-up */
  deployedBy: string | null;
  activeInstances: number;
}

export interface ProcessView {
  id: string;
  bpmnProcessId: string;
  name: string | null;
  latestVersion: number;
  activeInstances: number;
  versions: VersionView[];
}

export async function listProcesses(ctx: AppContext, user: AuthUser, bpmnProcessId?: string): Promise<ProcessView[]> {
  requireMonitor(user);
  const defs = await ctx.engine.listDefinitions(bpmnProcessId);
  const deployers = await ctx.db.prisma.auditLog.findMany({
    where: { entity: 'process_definition', action: 'deploy', outcome: 'ok', entityId: { in: defs.map((d) => d.definitionId) } },
    select: { entityId: true, userId: true },
  });
  const users = await ctx.db.prisma.user.findMany({ where: { id: { in: deployers.flatMap((d) => (d.userId ? [d.userId] : [])) } }, select: { id: true, displayName: true } });
  const nameOf = new Map(users.map((u) => [u.id, u.displayName]));
  const deployedBy = new Map(deployers.map((d) => [d.entityId, d.userId ? (nameOf.get(d.userId) ?? null) : null]));

  const byProcess = new Map<string, ProcessView>();
  for (const d of [...defs].sort((a, b) => a.bpmnProcessId.localeCompare(b.bpmnProcessId) || b.version - a.version)) {
    let p = byProcess.get(d.bpmnProcessId);
    if (!p) byProcess.set(d.bpmnProcessId, (p = { id: d.bpmnProcessId, bpmnProcessId: d.bpmnProcessId, name: d.name, latestVersion: d.version, activeInstances: 0, versions: [] }));
    p.activeInstances += d.activeInstances;
    p.versions.push({ definitionId: d.definitionId, version: d.version, resourceName: d.resourceName, deployedAt: d.deployedAt, deployedBy: deployedBy.get(d.definitionId) ?? null, activeInstances: d.activeInstances });
  }
  return [...byProcess.values()];
}

export async function getProcess(ctx: AppContext, user: AuthUser, bpmnProcessId: string): Promise<ProcessView> {
  const [found] = await listProcesses(ctx, user, bpmnProcessId);
  if (!found) throw new AppError('NOT_FOUND', '流程不存在');
  return found;
}

/** One version's BPMN XML, for the modeler and the diff. */
export async function versionXml(ctx: AppContext, user: AuthUser, bpmnProcessId: string, version: number) {
  const process = await getProcess(ctx, user, bpmnProcessId);
  const found = process.versions.find((v) => v.version === version);
  const xml = found && (await ctx.engine.definitionXml(found.definitionId));
  if (!found || !xml) throw new AppError('NOT_FOUND', '该流程版本不存在');
  return { bpmnProcessId, name: process.name, version, latestVersion: process.latestVersion, definitionId: found.definitionId, xml };
}

export async function lintInput(user: AuthUser, body: unknown): Promise<{ problems: ModelProblem[] }> {
  requireProcessAdmin(user);
  const { xml } = ModelInputSchema.parse(body);
  return { problems: await lintModel(xml) };
}

/**
 * Deploys a model as the next version of `bpmnProcessId` (issue 6). Refused with 422 and the
 * problems when any check fails. Instances already running stay on the version they started on
 * (the embedded runtime keeps each instance's definition; Zeebe does the same); new instances
 * start on this one. A model identical to the latest version makes no new version (409).
 * Only versions of processes the system already runs: a new process comes with its job handlers,
 * forms and starters, i.e. with a release of the code.
 */
export async function deployVersion(ctx: AppContext, user: AuthUser, bpmnProcessId: string, body: unknown) {
  requireProcessAdmin(user);
  const { xml } = ModelInputSchema.parse(body);
  const current = await ctx.engine.latestDefinition(bpmnProcessId);
  if (!current) throw new AppError('NOT_FOUND', '流程不存在');

  const problems = await lintModel(xml);
  const errors = problems.filter(blocking);
  if (errors.length) {
    const first = errors[0];
    throw new AppError('UNPROCESSABLE', `模型有 ${errors.length} 处错误，未部署`, { xml: `${first.id ? `${first.id}：` : ''}${first.message}` }, { problems });
  }
  const { models } = await readModel(xml);
  const ids = models.map((m) => m.bpmnProcessId).filter(Boolean);
  if (ids.length !== 1 || ids[0] !== bpmnProcessId) {
    throw new AppError('UNPROCESSABLE', `模型的流程编号应为 ${bpmnProcessId}`, { xml: `模型应只包含一个可执行流程，其编号为 ${bpmnProcessId}（现为 ${ids.join('、') || '无'}）` });
  }

  let deployed;
  try {
    deployed = (await ctx.engine.deploy(`${bpmnProcessId}.bpmn`, xml)).find((d) => d.bpmnProcessId === bpmnProcessId)!;
  } catch (err) {
    // two admins deploying at once: the second one's version number is taken (unique per process)
    if ((err as { code?: string }).code === 'P2002') throw new AppError('CONFLICT', '另一位流程管理员刚刚部署了新版本，请刷新后重试', { xml: '版本号冲突' });
    throw err;
  }
  if (!deployed.created) throw new AppError('CONFLICT', '模型与最新版本相同，没有生成新版本', { xml: '模型与最新版本相同' });
  await ctx.db.prisma.$transaction((tx) =>
    audit(
      tx,
      user,
      { action: 'deploy', entity: 'process_definition', entityId: deployed.definitionId, before: { version: current.version, definitionId: current.definitionId }, after: { bpmnProcessId, version: deployed.version } },
      ctx.clock.now(),
    ),
  );
  return { bpmnProcessId, version: deployed.version, definitionId: deployed.definitionId, problems };
}
