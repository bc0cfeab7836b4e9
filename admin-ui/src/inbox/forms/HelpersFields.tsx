import { TextInput } from 'react-admin';
import { DateTextInput } from '../../common/DateTextInput';

/**
 * 落实帮扶责任人 (seed 四5): a helper of this grassroots union and a cadre of the union above.
 * The API has no user directory yet, so helpers are entered by their user id.
 */
export const HelpersFields = () => (
  <>
    <TextInput id="firstHelperId" source="firstHelperId" label="app.task.fields.firstHelperId" helperText="app.task.fields.helper_help" isRequired />
    <TextInput id="secondHelperId" source="secondHelperId" label="app.task.fields.secondHelperId" helperText="app.task.fields.helper_help" isRequired />
    <DateTextInput id="exitDeadline" source="exitDeadline" month fullWidth={false} label="app.task.fields.exitDeadline" isRequired />
  </>
);
