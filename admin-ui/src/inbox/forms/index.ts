import type { ComponentType } from 'react';
import type { FormKey } from '../../../../api/tasks/task-forms';
import { todayInShanghai } from '../../common/format';
import type { Task } from '../types';
import { CrosscheckFields } from './CrosscheckFields';
import { DecisionFields } from './DecisionFields';
import { HelpersFields } from './HelpersFields';
import { ObjectionFields } from './ObjectionFields';
import { ReportFields } from './ReportFields';
import { ResubmitFields } from './ResubmitFields';
import { SurveyFields } from './SurveyFields';

export type TaskFieldsProps = { task: Task };

type FormView = {
  Fields: ComponentType<TaskFieldsProps>;
  /** Initial values; `me` is the signed-in official's display name. */
  defaults?: (me: string) => Record<string, unknown>;
};

/**
 * One entry per `formKey` of the BPMN user tasks (the schemas live in api/tasks/task-forms.ts).
 * A new user task form is one entry here; the compiler refuses a form key without one.
 */
export const TASK_FORM_VIEWS: Record<FormKey, FormView> = {
  'filing-survey': {
    Fields: SurveyFields,
    defaults: (me) => ({ visitDate: todayInShanghai(), visitors: me, factsConfirmed: false }),
  },
  'filing-approval': { Fields: DecisionFields },
  'filing-review': { Fields: DecisionFields },
  'filing-resubmit': { Fields: ResubmitFields },
  'filing-helpers': { Fields: HelpersFields },
  'filing-crosscheck': { Fields: CrosscheckFields, defaults: () => ({ contradicts: false }) },
  'filing-objection': { Fields: ObjectionFields },
  'filing-report': { Fields: ReportFields, defaults: () => ({ confirmed: false }) },
};
