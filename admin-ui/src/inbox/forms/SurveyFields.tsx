import { BooleanInput, TextInput } from 'react-admin';
import { DateTextInput } from '../../common/DateTextInput';

/**
 * 入户调查核实 (seed 一(三)): when, who, what was found, and whether the declaration holds.
 * Ids are the field names (stable selectors; react-admin 5.15 would generate them).
 */
export const SurveyFields = () => (
  <>
    <DateTextInput id="visitDate" source="visitDate" fullWidth={false} label="app.task.fields.visitDate" isRequired />
    <TextInput id="visitors" source="visitors" label="app.task.fields.visitors" helperText="app.task.fields.visitors_help" isRequired fullWidth />
    <TextInput id="findings" source="findings" label="app.task.fields.findings" isRequired multiline minRows={4} fullWidth />
    <BooleanInput id="factsConfirmed" source="factsConfirmed" label="app.task.fields.factsConfirmed" />
  </>
);
