import {
  BooleanInput,
  CheckboxGroupInput,
  NumberInput,
  RadioButtonGroupInput,
  SelectInput,
  TextInput,
  useSourceContext,
} from 'react-admin';
import { DateTextInput } from '../../common/DateTextInput';
import { choicesOf, isRequired, labelOf, prefixOf, type FieldGroup, type FieldSpec } from '../fields';
import { MoneyInput } from './MoneyInput';
import { ResidentIdInput } from './ResidentIdInput';

/**
 * The input for one field of the paper forms. Sources equal the API's field paths
 * (`applicant.idNumber`; relative `idNumber` inside the family-member list), so server errors
 * such as `members.0.idNumber` land on the right input. The full path is the element id too
 * (react-admin 5.15 would generate one), a stable selector for browser tests.
 */
export const FieldInput = ({ group, field }: { group: FieldGroup; field: FieldSpec }) => {
  const source = prefixOf(group) + field.name;
  const common = {
    id: useSourceContext().getSource(source),
    source,
    label: labelOf(group, field),
    isRequired: isRequired(group, field),
  };
  const choices = field.options ? choicesOf(field.options) : [];
  switch (field.kind) {
    case 'text':
    case 'code':
      return <TextInput {...common} />;
    case 'longText':
      return <TextInput {...common} multiline minRows={2} fullWidth />;
    case 'month':
      return <DateTextInput {...common} month />;
    case 'choice':
      return <SelectInput {...common} choices={choices} emptyText="app.application.none" />;
    case 'radio':
      return <RadioButtonGroupInput {...common} choices={choices} />;
    case 'choices':
      return <CheckboxGroupInput {...common} choices={choices} />;
    case 'money':
      return <MoneyInput {...common} />;
    case 'integer':
      return <NumberInput {...common} step={1} min={0} />;
    case 'flag':
      return <BooleanInput {...common} />;
    case 'residentId':
      return <ResidentIdInput {...common} />;
  }
};
