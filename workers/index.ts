import type { JobHandler } from './job';
import type { WorkerContext } from './context';
import { closeRefused, duplicateCheck, eligibilityCheck, registerFile, setStatus } from './filing/handlers';
import { taskReminder } from './tasks/reminder';

/**
 * Every job type of every BPMN under workflows/ and the handler that runs it. A test parses the
 * models and fails when a `zeebe:taskDefinition type` has no handler or a handler no task.
 */
export const HANDLERS: Record<string, JobHandler<WorkerContext>> = {
  'filing-duplicate-check': duplicateCheck,
  'filing-eligibility-check': eligibilityCheck,
  'filing-set-status': setStatus,
  'filing-register': registerFile,
  'filing-close': closeRefused,
  'task-reminder': taskReminder,
};
