import { Create, NumberInput, SelectInput, SimpleForm, TextInput, required } from 'react-admin';
import { CATEGORIES, FUND_LEVELS, TARGET_KINDS } from '../../../workers/projects/vocabulary';
import { MoneyInput } from '../applications/inputs/MoneyInput';
import { DateTextInput } from '../common/DateTextInput';

const categoryChoices = CATEGORIES.map((id) => ({ id, name: `app.projects.categories.${id}` }));
const levelChoices = FUND_LEVELS.map((id) => ({ id, name: `app.file.level.${id}` }));
const targetChoices = TARGET_KINDS.map((id) => ({ id, name: `app.projects.target_kinds.${id}` }));

/** 发布项目 (city and county reviewers): the server names the field it refuses. */
export const ProjectCreate = () => (
  <Create title="app.projects.publish" redirect="show">
    <SimpleForm>
      <TextInput id="name" source="name" label="app.projects.fields.name" validate={required()} fullWidth />
      <SelectInput id="category" source="category" label="app.projects.fields.category" choices={categoryChoices} validate={required()} />
      <SelectInput id="fundLevel" source="fundLevel" label="app.projects.fields.fundLevel" choices={levelChoices} validate={required()} />
      <MoneyInput id="budget" source="budget" label="app.projects.fields.budget" validate={required()} />
      <NumberInput id="targetCount" source="targetCount" label="app.projects.fields.targetCount" min={1} step={1} />
      <SelectInput id="targetKind" source="targetKind" label="app.projects.fields.targetKind" choices={targetChoices} defaultValue="households" validate={required()} />
      <DateTextInput id="startDate" source="startDate" label="app.projects.fields.startDate" isRequired />
      <DateTextInput id="endDate" source="endDate" label="app.projects.fields.endDate" isRequired />
      <TextInput id="eligibilityNotes" source="eligibilityNotes" label="app.projects.fields.eligibilityNotes" validate={required()} multiline minRows={3} fullWidth />
    </SimpleForm>
  </Create>
);
