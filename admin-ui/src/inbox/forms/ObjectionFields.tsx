import { RadioButtonGroupInput, TextInput } from 'react-admin';

const choices = ['continue', 'refuse'].map((id) => ({ id, name: `app.task.objection_decisions.${id}` }));

/** 公示异议调查: what the investigation found and whether filing goes on. */
export const ObjectionFields = () => (
  <>
    <TextInput id="findings" source="findings" label="app.task.fields.objectionFindings" isRequired multiline minRows={4} fullWidth />
    <RadioButtonGroupInput id="decision" source="decision" label="app.task.fields.objectionDecision" choices={choices} isRequired />
  </>
);
