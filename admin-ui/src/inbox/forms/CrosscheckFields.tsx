import { BooleanInput, TextInput } from 'react-admin';

/** 部门人工核查: the answer of a department without a connector, entered by the county reviewer. */
export const CrosscheckFields = () => (
  <>
    <TextInput id="findings" source="findings" label="app.task.fields.crosscheckFindings" isRequired multiline minRows={4} fullWidth />
    <BooleanInput id="contradicts" source="contradicts" label="app.task.fields.contradicts" />
  </>
);
