import { EngineError } from '../port';

/**
 * Camunda answers 429 (too many requests) and 503 (RESOURCE_EXHAUSTED, the broker's
 * back-pressure) when it sheds load. Those are retried here with exponential backoff and full
 * jitter, a bounded number of times; then the caller gets `EngineError('UNAVAILABLE')`, which
 * the API maps to 503 so the user can try again. The SDK's own HTTP retry is switched off by the
 * adapter so that there is exactly one retry layer (the SDK does not retry a 503 without the
 * RESOURCE_EXHAUSTED title, nor any search call).
 */
export interface RetryPolicy {
  /** total attempts, the first one included */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** injectable for tests */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 5_000 };

const RETRYABLE = new Set([429, 503]);

/** The HTTP status of an SDK error (`HttpSdkError.status`), if it has one. */
export function httpStatus(err: unknown): number | undefined {
  const e = err as { status?: unknown; response?: { status?: unknown } } | null;
  const status = e?.status ?? e?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** The delay before attempt `attempt + 1`: uniform in [0, min(max, base * 2^(attempt-1))]. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor((policy.random ?? Math.random)() * cap);
}

export async function withBackpressureRetry<T>(operation: string, call: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const status = httpStatus(err);
      if (status === undefined || !RETRYABLE.has(status)) throw err;
      if (attempt >= policy.maxAttempts) {
        throw new EngineError('UNAVAILABLE', `流程引擎繁忙（${operation} 返回 ${status}），已重试 ${attempt} 次，请稍后再试`);
      }
      await sleep(backoffDelay(policy, attempt));
    }
  }
}
