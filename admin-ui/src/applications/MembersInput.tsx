import { Alert } from '@mui/material';
import { ArrayInput, SimpleFormIterator, useTranslate } from 'react-admin';
import { defaultOf, MEMBER } from './fields';
import { GroupInputs } from './inputs/GroupInputs';

/** A new member starts with the schema's defaults (民族, 政治面貌, 劳模类型). */
function newMember(): Record<string, unknown> {
  const member: Record<string, unknown> = {};
  for (const field of MEMBER.fields) {
    const value = defaultOf(MEMBER, field);
    if (value !== undefined) member[field.name] = value;
  }
  return member;
}

/** 家庭成员 of attachment 1: everyone living with the applicant, the applicant excluded. */
export const MembersInput = () => {
  const translate = useTranslate();
  return (
    <>
      <Alert severity="info" sx={{ mb: 2, width: '100%', boxSizing: 'border-box' }}>
        {translate('app.application.members_hint')}
      </Alert>
      <ArrayInput source="members" label={false}>
        <SimpleFormIterator
          fullWidth
          disableReordering
          getItemDefaults={(item: unknown) => item ?? newMember()}
          getItemLabel={(index: number) => translate('app.application.member_label', { n: index + 1 })}
        >
          <GroupInputs group={MEMBER} />
        </SimpleFormIterator>
      </ArrayInput>
    </>
  );
};
