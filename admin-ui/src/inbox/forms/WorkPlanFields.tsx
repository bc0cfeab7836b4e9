import { ArrayInput, NumberInput, RadioButtonGroupInput, SelectInput, SimpleFormIterator, TextInput } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { CATEGORIES } from '../../../../workers/projects/categories';

const categoryChoices = CATEGORIES.map((id) => ({ id, name: `app.task.work_plan.categories.${id}` }));
const reviewChoices = ['approve', 'return'].map((id) => ({ id, name: `app.task.work_plan.decisions.${id}` }));

/** 报送分类帮扶措施方案 (seed 四5): one row per category of the six, money in yuan on screen. */
export const WorkPlanSubmitFields = () => (
  <>
    <ArrayInput source="items" label="app.task.work_plan.items">
      <SimpleFormIterator inline disableReordering>
        <SelectInput source="category" label="app.task.work_plan.category" choices={categoryChoices} isRequired />
        <TextInput source="measures" label="app.task.work_plan.measures" multiline minRows={2} sx={{ minWidth: 320 }} isRequired />
        <NumberInput source="households" label="app.task.work_plan.households" step={1} min={0} isRequired />
        <NumberInput source="budgetYuan" label="app.task.work_plan.budget" step={0.01} min={0} isRequired />
      </SimpleFormIterator>
    </ArrayInput>
    <TextInput id="planText" source="planText" label="app.task.work_plan.plan_text" multiline minRows={4} fullWidth isRequired />
  </>
);

/** The budget typed in yuan becomes fen (SPEC §2: money is integer fen). */
export function workPlanItems(values: Record<string, unknown>): Record<string, unknown> {
  const items = Array.isArray(values.items) ? (values.items as Record<string, unknown>[]) : [];
  return {
    ...values,
    items: items.map(({ budgetYuan, ...item }) => ({ ...item, budget: typeof budgetYuan === 'number' ? Math.round(budgetYuan * 100) : budgetYuan })),
  };
}

/** 市总工会审核方案: 同意备案 or 退回修改 with the reason. */
export const WorkPlanReviewFields = () => {
  const decision = useWatch({ name: 'decision' });
  return (
    <>
      <RadioButtonGroupInput id="decision" source="decision" label="app.task.fields.decision" choices={reviewChoices} isRequired />
      <TextInput id="comment" source="comment" label="app.task.fields.comment" isRequired={decision === 'return'} multiline minRows={3} fullWidth />
    </>
  );
};
