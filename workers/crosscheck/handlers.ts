/**
 * County cross-checks (SPEC §5.1): one job type per department, run in parallel. Each handler
 * asks its department over HTTP as configured in `DepartmentConnector`, records the findings
 * once per job key, and ends with exactly one of:
 *  - complete `{ crossCheck_<department>: { source, contradictions, resultId } }` (one variable
 *    per department, so parallel completions never overwrite each other);
 *  - BPMN error `MANUAL_CHECK` when the department has no endpoint (a boundary event leads to
 *    the county reviewer's manual task);
 *  - fail: retried with back-off for transient faults, without retries (an incident) for faults
 *    a retry cannot cure.
 * Task headers (optional): `timeoutMs`, `retryBackOffMs`.
 */
import { z } from 'zod';
import type { Job, JobAck, JobHandler } from '../job';
import type { WorkerContext } from '../context';
import { callDepartment, DEFAULT_TIMEOUT_MS } from './connector';
import { coverageProblems, crossCheckVariable, DEPARTMENT_LABELS, type Department } from './contract';
import { loadCrossCheckCase, recordCrossCheck } from './results';

export const MANUAL_CHECK = 'MANUAL_CHECK';
export const RETRY_BACKOFF_MS = 60_000;

const Vars = z.object({ fileId: z.string().min(1) });
const Headers = z.object({
  timeoutMs: z.coerce.number().int().min(100).max(120_000).default(DEFAULT_TIMEOUT_MS),
  retryBackOffMs: z.coerce.number().int().min(0).max(86_400_000).default(RETRY_BACKOFF_MS),
});

export function crossCheckHandler(department: Department): JobHandler<WorkerContext> {
  const label = DEPARTMENT_LABELS[department];
  return async (job: Job, ctx: WorkerContext): Promise<JobAck> => {
    // Bad variables or headers are a modelling error: an incident, not a retry.
    const vars = Vars.safeParse(job.variables);
    if (!vars.success) return job.fail({ errorMessage: `流程变量无效: fileId ${vars.error.issues[0].message}`, retries: 0 });
    const headers = Headers.safeParse(job.customHeaders);
    if (!headers.success) return job.fail({ errorMessage: `任务头无效: ${headers.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, retries: 0 });
    const prisma = ctx.db.prisma;

    const loaded = await loadCrossCheckCase(prisma, vars.data.fileId).catch((err: Error) => err);
    if (loaded instanceof Error) return job.fail({ errorMessage: `档案 ${vars.data.fileId} 的申报内容无效: ${loaded.message}`, retries: 0 });
    if (!loaded) return job.fail({ errorMessage: `档案 ${vars.data.fileId} 不存在`, retries: 0 });

    const done = (result: { id: string; contradictions: unknown[] }) =>
      job.complete({ [crossCheckVariable(department)]: { source: 'http', contradictions: result.contradictions.length, resultId: result.id } });

    // Run again after a crash between recording and completing: report what was recorded.
    const recorded = await prisma.crossCheckResult.findUnique({ where: { jobKey: job.key } });
    if (recorded) return done({ id: recorded.id, contradictions: recorded.contradictions as unknown[] });

    const connector = await prisma.departmentConnector.findUnique({ where: { department } });
    if (!connector || connector.mode !== 'http' || !connector.url) {
      return job.error({ errorCode: MANUAL_CHECK, errorMessage: `${label}部门未配置接口，转人工核查` });
    }

    const request = { requestId: job.key, caseNo: loaded.file.caseNo, persons: loaded.persons };
    const outcome = await callDepartment(department, { url: connector.url, credential: connector.credential }, request, headers.data.timeoutMs);
    if (outcome.kind === 'retry') return job.fail({ errorMessage: outcome.message, retries: Math.max(0, job.retries - 1), retryBackOff: headers.data.retryBackOffMs });
    if (outcome.kind === 'refused') return job.fail({ errorMessage: outcome.message, retries: 0 });
    const problems = coverageProblems(loaded.persons, outcome.findings);
    if (problems.length) return job.fail({ errorMessage: `${label}部门接口应答不符合约定：${problems.join('；')}`, retries: 0 });

    const result = await prisma.$transaction((tx) =>
      recordCrossCheck(tx, { file: loaded.file, app: loaded.app, department, source: 'http', findings: outcome.findings, key: job.key, user: null, at: ctx.clock.now() }),
    );
    return done(result);
  };
}

/** The five parallel checks of the county review; merged into `HANDLERS` in workers/index.ts. */
export const CROSSCHECK_HANDLERS: Record<string, JobHandler<WorkerContext>> = {
  'crosscheck-civil-affairs': crossCheckHandler('civil_affairs'),
  'crosscheck-housing': crossCheckHandler('housing'),
  'crosscheck-hrss': crossCheckHandler('hrss'),
  'crosscheck-police': crossCheckHandler('police'),
  'crosscheck-tax': crossCheckHandler('tax'),
};
