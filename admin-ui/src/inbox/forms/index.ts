import type { ComponentType } from 'react';
import type { FormKey } from '../../../../api/tasks/task-forms';
import { todayInShanghai } from '../../common/format';
import type { Task } from '../types';
import { CleanupConfirmFields, CleanupReviewFields, CleanupSignFields } from './CleanupFields';
import { certificatesToList, CrosscheckFields } from './CrosscheckFields';
import { DecisionFields } from './DecisionFields';
import { DibaoAnswerFields, DibaoConfirmFields } from './DibaoFields';
import { HelpersFields } from './HelpersFields';
import { HelpEvaluationFields, HelpPlanFields, HelpSignFields } from './HelpFields';
import { LifeEventDecisionFields, TransferInFields } from './LifeEventFields';
import { ObjectionFields } from './ObjectionFields';
import { ReportFields } from './ReportFields';
import { ResubmitFields } from './ResubmitFields';
import { SpotCheckAnswerFields, spotCheckAnswers, SpotCheckFollowUpFields } from './SpotCheckFields';
import { SurveyFields, withoutCorrectSwitch } from './SurveyFields';
import { WorkPlanReviewFields, WorkPlanSubmitFields, workPlanItems } from './WorkPlanFields';

export type TaskFieldsProps = { task: Task };

type FormView = {
  Fields: ComponentType<TaskFieldsProps>;
  /** Initial values; `me` is the signed-in official's display name. */
  defaults?: (me: string, task: Task) => Record<string, unknown>;
  /** Turns what the inputs hold into the form's schema input (before blanks are dropped). */
  prepare?: (values: Record<string, unknown>) => Record<string, unknown>;
};

/**
 * One entry per `formKey` of the BPMN user tasks (the schemas live in api/tasks/task-forms.ts).
 * A new user task form is one entry here; the compiler refuses a form key without one.
 */
export const TASK_FORM_VIEWS: Record<FormKey, FormView> = {
  'filing-survey': {
    Fields: SurveyFields,
    defaults: (me) => ({ visitDate: todayInShanghai(), visitors: me, factsConfirmed: false, correct: false, photoIds: [] }),
    prepare: withoutCorrectSwitch,
  },
  'filing-approval': { Fields: DecisionFields },
  'filing-review': { Fields: DecisionFields },
  'filing-resubmit': { Fields: ResubmitFields },
  'filing-helpers': { Fields: HelpersFields },
  'filing-crosscheck': { Fields: CrosscheckFields, prepare: certificatesToList },
  'filing-objection': { Fields: ObjectionFields },
  'filing-report': { Fields: ReportFields, defaults: () => ({ confirmed: false }) },
  'help-plan': { Fields: HelpPlanFields, defaults: () => ({ visitDate: todayInShanghai(), measures: [], programmes: [] }) },
  'help-evaluation': {
    Fields: HelpEvaluationFields,
    // the system's proposal is the starting point; changing it asks for a reason
    defaults: (_me, task) => ({ outcome: (task.variables?.exitJudgement as { outcome?: string } | undefined)?.outcome, causesRemoved: false }),
  },
  'help-sign': { Fields: HelpSignFields, defaults: () => ({ signed: false }) },
  // decisions are saved one by one from the list; the form carries only what is left to say
  'cleanup-stock-review': { Fields: CleanupReviewFields, defaults: () => ({ decisions: [] }) },
  'cleanup-sign': { Fields: CleanupSignFields, defaults: () => ({ signed: false }) },
  'cleanup-confirm': { Fields: CleanupConfirmFields, defaults: () => ({ confirmed: false }) },
  'dibao-county-confirm': { Fields: DibaoConfirmFields, defaults: () => ({ excludedFileIds: [] }) },
  'dibao-city-confirm': { Fields: DibaoConfirmFields, defaults: () => ({ excludedFileIds: [] }) },
  'dibao-civil-affairs-answer': { Fields: DibaoAnswerFields, defaults: () => ({ answers: [] }) },
  'spot-check-answers': { Fields: SpotCheckAnswerFields, defaults: () => ({ items: [] }), prepare: spotCheckAnswers },
  'spot-check-follow-up': { Fields: SpotCheckFollowUpFields, defaults: () => ({ items: [] }) },
  'work-plan-submit': { Fields: WorkPlanSubmitFields, defaults: () => ({ items: [] }), prepare: workPlanItems },
  'work-plan-review': { Fields: WorkPlanReviewFields },
  'file-cancel-approval': { Fields: LifeEventDecisionFields },
  'file-transfer-approval-from': { Fields: LifeEventDecisionFields },
  'file-transfer-approval-to': { Fields: TransferInFields },
};
