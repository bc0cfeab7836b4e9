import { Alert } from '@mui/material';
import type { ReactElement } from 'react';
import { TabbedForm, useTranslate, type RaRecord } from 'react-admin';
import { validateApplication } from './applicationInput';
import { SECTIONS, type SectionId } from './fields';
import { HouseholdFigures } from './HouseholdFigures';
import { GroupInputs } from './inputs/GroupInputs';
import { MembersInput } from './MembersInput';

const SectionBody = ({ id }: { id: SectionId }) => {
  if (id === 'members') return <MembersInput />;
  return (
    <>
      {id === 'income' && <HouseholdFigures />}
      {SECTIONS[id].map((group) => (
        <GroupInputs key={`${group.source}-${group.title ?? ''}`} group={group} />
      ))}
    </>
  );
};

export const ApplicationIntro = ({ text = 'app.application.intro' }: { text?: string }) => {
  const translate = useTranslate();
  return (
    <Alert severity="info" sx={{ mx: 2, mt: 2 }}>
      {translate(text)}
    </Alert>
  );
};

/**
 * Attachments 1 and 2 in the paper forms' sections, validated with the API's `ApplicationSchema`:
 * a new application, or a returned file corrected before resubmission.
 */
export const ApplicationForm = ({
  toolbar,
  record,
  defaultValues,
}: {
  toolbar: ReactElement;
  /** the file being corrected (edit) */
  record?: RaRecord;
  /** a blank application with the schema's defaults (create) */
  defaultValues?: Record<string, unknown>;
}) => (
  <TabbedForm record={record} defaultValues={defaultValues} validate={validateApplication} toolbar={toolbar} warnWhenUnsavedChanges>
    {(Object.keys(SECTIONS) as SectionId[]).map((id) => (
      <TabbedForm.Tab key={id} label={`app.application.sections.${id}`}>
        <SectionBody id={id} />
      </TabbedForm.Tab>
    ))}
  </TabbedForm>
);
