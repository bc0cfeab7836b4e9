import { TextInput } from 'react-admin';

/** 退回重报: what was corrected before the case goes up again. */
export const ResubmitFields = () => (
  <TextInput id="comment" source="comment" label="app.task.fields.resubmitComment" isRequired multiline minRows={3} fullWidth />
);
