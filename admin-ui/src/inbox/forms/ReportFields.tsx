import { BooleanInput, RadioButtonGroupInput } from 'react-admin';
import type { TaskFieldsProps } from './index';

const LEVELS = ['national', 'provincial', 'city', 'county', 'grassroots'] as const;

/** 录入上报: the filing level, among those the household qualifies for when the check says so. */
export const ReportFields = ({ task }: TaskFieldsProps) => {
  const eligible = task.variables?.eligibility?.levels ?? [];
  const levels = eligible.length > 0 ? LEVELS.filter((l) => eligible.includes(l)) : LEVELS;
  return (
    <>
      <RadioButtonGroupInput
        id="filingLevel"
        source="filingLevel"
        label="app.task.fields.filingLevel"
        choices={levels.map((id) => ({ id, name: `app.file.level.${id}` }))}
        isRequired
      />
      <BooleanInput id="confirmed" source="confirmed" label="app.task.fields.confirmed" />
    </>
  );
};
