import type { z } from 'zod';
import type { Job } from '../job';

/**
 * Parses a job's variables; bad variables are a modelling error, so the job fails without
 * retries and a supervisor sees an incident. Returns null when it failed the job.
 */
export function parseJobVars<T extends z.ZodType>(job: Job, schema: T): z.infer<T> | null {
  const parsed = schema.safeParse(job.variables);
  if (parsed.success) return parsed.data;
  void job.fail({ errorMessage: `流程变量无效: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, retries: 0 });
  return null;
}
