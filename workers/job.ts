/**
 * The job contract every handler is written against. It is the subset of the Camunda 8 SDK's
 * job API the handlers use (`complete`, `fail`, `error`), so the embedded runtime and the
 * Camunda adapter run the very same handler functions.
 */
export const JOB_ACTION_ACKNOWLEDGEMENT = 'JOB_ACTION_ACKNOWLEDGEMENT' as const;
export type JobAck = typeof JOB_ACTION_ACKNOWLEDGEMENT;

export interface Job<V = Record<string, unknown>> {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  businessKey: string | null;
  retries: number;
  variables: V;
  /** `zeebe:taskHeaders` of the task */
  customHeaders: Record<string, string>;
  complete(variables?: Record<string, unknown>): Promise<JobAck>;
  /** A technical failure: retried with backoff while retries remain, then an incident. */
  fail(options: { errorMessage: string; retries?: number; retryBackOff?: number }): Promise<JobAck>;
  /** A business outcome modelled as a BPMN error: goes to the matching error boundary. */
  error(options: { errorCode: string; errorMessage?: string; variables?: Record<string, unknown> }): Promise<JobAck>;
}

export type JobHandler<Ctx = unknown> = (job: Job, ctx: Ctx) => Promise<JobAck>;

export type JobOutcome =
  | { kind: 'complete'; variables: Record<string, unknown> }
  | { kind: 'fail'; errorMessage: string; retries?: number; retryBackOff?: number }
  | { kind: 'error'; errorCode: string; errorMessage: string; variables: Record<string, unknown> };

/** Builds a Job whose three actions record the handler's single outcome. */
export function recordingJob(base: Omit<Job, 'complete' | 'fail' | 'error'>): { job: Job; outcome: () => JobOutcome | null } {
  let outcome: JobOutcome | null = null;
  const settle = (o: JobOutcome) => {
    if (outcome) throw new Error(`job ${base.key} already ended with ${outcome.kind}`);
    outcome = o;
    return Promise.resolve(JOB_ACTION_ACKNOWLEDGEMENT);
  };
  const job: Job = {
    ...base,
    complete: (variables = {}) => settle({ kind: 'complete', variables }),
    fail: ({ errorMessage, retries, retryBackOff }) => settle({ kind: 'fail', errorMessage, retries, retryBackOff }),
    error: ({ errorCode, errorMessage = errorCode, variables = {} }) => settle({ kind: 'error', errorCode, errorMessage, variables }),
  };
  return { job, outcome: () => outcome };
}
