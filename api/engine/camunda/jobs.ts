import { recordingJob, type JobHandler, type JobOutcome } from '../../../workers/job';

/**
 * What the adapter needs of a job the SDK's REST job worker activated (`POST /v2/jobs/activation`):
 * the fields of `ActivatedJobResult` and the three acknowledgements of `EnrichedActivatedJob`.
 * Kept structural so the wrapper can be fed SDK-shaped objects directly.
 */
export interface ActivatedSdkJob {
  jobKey: string;
  type: string;
  processInstanceKey: string;
  processDefinitionId: string;
  elementId: string;
  retries: number;
  variables: Record<string, unknown>;
  customHeaders: Record<string, unknown>;
  complete(variables?: Record<string, unknown>): Promise<unknown>;
  fail(body: { errorMessage: string; retries: number; retryBackOff: number }): Promise<unknown>;
  error(body: { errorCode: string; errorMessage?: string; variables?: Record<string, unknown> }): Promise<unknown>;
}

export interface JobSettlement {
  /** runs one acknowledgement call; the adapter retries it on back-pressure */
  send: (operation: string, call: () => Promise<unknown>) => Promise<unknown>;
  /** backoff after a failure when the handler names none, as the embedded runtime does */
  defaultBackoffMs: number;
}

/**
 * Runs one of our handlers (workers/index.ts `HANDLERS`) on a Zeebe job and ends the job with
 * exactly one of complete / fail / BPMN error. The handler sees the same `Job` shape as on the
 * embedded runtime; its decision is recorded first and sent afterwards, so a handler that fires
 * `void job.fail(...)` and returns still settles the job exactly once, and a handler that
 * throws costs one retry (as the SDK's own worker does).
 */
export async function runHandlerOnJob<Ctx>(sdkJob: ActivatedSdkJob, handler: JobHandler<Ctx> | undefined, ctx: Ctx, settle: JobSettlement): Promise<JobOutcome> {
  const variables = sdkJob.variables ?? {};
  const { job, outcome } = recordingJob({
    key: String(sdkJob.jobKey),
    type: sdkJob.type,
    processInstanceKey: String(sdkJob.processInstanceKey),
    bpmnProcessId: String(sdkJob.processDefinitionId),
    elementId: String(sdkJob.elementId),
    businessKey: typeof variables.businessKey === 'string' ? variables.businessKey : null,
    retries: sdkJob.retries,
    variables,
    customHeaders: Object.fromEntries(Object.entries(sdkJob.customHeaders ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
  });
  const result = await decide(sdkJob.type, handler && (() => handler(job, ctx)), outcome);
  if (result.kind === 'complete') {
    await settle.send('completeJob', () => sdkJob.complete(result.variables));
  } else if (result.kind === 'error') {
    await settle.send('throwJobError', () => sdkJob.error({ errorCode: result.errorCode, errorMessage: result.errorMessage, variables: result.variables }));
  } else {
    // Zeebe's `retries` is what remains after this failure; our contract's default is "one used".
    const retries = result.retries ?? Math.max(0, sdkJob.retries - 1);
    const retryBackOff = result.retryBackOff ?? settle.defaultBackoffMs;
    await settle.send('failJob', () => sdkJob.fail({ errorMessage: result.errorMessage, retries, retryBackOff }));
  }
  return result;
}

/** The handler's one decision; a missing handler or one that throws is a failure. */
async function decide(type: string, run: (() => Promise<unknown>) | undefined, outcome: () => JobOutcome | null): Promise<JobOutcome> {
  if (!run) return { kind: 'fail', errorMessage: `没有处理任务类型 ${type} 的 worker`, retries: 0 };
  try {
    await run();
    return outcome() ?? { kind: 'fail', errorMessage: `worker ${type} 未调用 complete/fail/error` };
  } catch (err) {
    // An exception is a technical failure: one retry used, as the Camunda SDK's worker does.
    return { kind: 'fail', errorMessage: (err as Error)?.message ?? String(err) };
  }
}
