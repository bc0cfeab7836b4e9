import { useWatch } from 'react-hook-form';
import { RadioButtonGroupInput, TextInput } from 'react-admin';
import { DECISIONS } from '../../../../api/tasks/task-forms';

const choices = DECISIONS.map((id) => ({ id, name: `app.task.decisions.${id}` }));

/** 审批/复核: 同意, 退回重报, 不予建档 or 上报不实信息; all but 同意 need a reason. */
export const DecisionFields = () => {
  const decision = useWatch({ name: 'decision' });
  return (
    <>
      <RadioButtonGroupInput id="decision" source="decision" label="app.task.fields.decision" choices={choices} isRequired />
      <TextInput
        id="comment"
        source="comment"
        label="app.task.fields.comment"
        helperText="app.task.fields.comment_help"
        isRequired={decision != null && decision !== 'approve'}
        multiline
        minRows={3}
        fullWidth
      />
    </>
  );
};
