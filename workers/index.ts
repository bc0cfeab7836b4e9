import type { JobHandler } from './job';
import type { WorkerContext } from './context';
import { closeRefused, duplicateCheck, eligibilityCheck, recordUntrueReport, registerFile, setStatus, startPublicity } from './filing/handlers';
import { taskDeadline, taskEscalation, taskReminder } from './tasks/reminder';
import { CROSSCHECK_HANDLERS } from './crosscheck/handlers';
import { AFTER_FILING_HANDLERS } from './after-filing';
import { LIFE_EVENT_HANDLERS } from './life-events/handlers';
import { helpCancelExited, helpCycleStart, helpExitJudgement, helpExitPending, helpNextYear } from './help/handlers';

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
  'filing-publicity-start': startPublicity,
  'filing-untrue-report': recordUntrueReport,
  'help-cycle-start': helpCycleStart,
  'help-exit-judgement': helpExitJudgement,
  'help-exit-pending': helpExitPending,
  'help-cancel-exited': helpCancelExited,
  'help-next-year': helpNextYear,
  'task-deadline': taskDeadline,
  'task-reminder': taskReminder,
  'task-escalation': taskEscalation,
  ...CROSSCHECK_HANDLERS,
  ...AFTER_FILING_HANDLERS,
  ...LIFE_EVENT_HANDLERS,
};
