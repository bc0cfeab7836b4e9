import { Alert } from '@mui/material';
import { AutocompleteInput, useGetList, useTranslate } from 'react-admin';
import { DateTextInput } from '../../common/DateTextInput';
import type { UserRecord } from '../../users/types';
import type { TaskFieldsProps } from './index';

/** “赵帮扶 · 帮扶责任人（江阳区北城街道工会）”: who, in which union, with their title. */
function optionText(user: UserRecord): string {
  const where = [...new Set(user.roles.filter((r) => r.role === 'helper').map((r) => r.orgName))].join('、');
  return `${user.displayName}（${[user.title, where].filter(Boolean).join(' · ')}）`;
}

/**
 * 落实帮扶责任人 (seed 四5): the first helper is a helper of the case's own grassroots union, the
 * second a cadre of the union above (county/city). Both are picked from the user directory
 * (`GET /api/users`, helpers in my subtree and on my chain of upper unions); the server checks
 * the same conditions and names the field it refuses.
 */
export const HelpersFields = ({ task }: TaskFieldsProps) => {
  const translate = useTranslate();
  const { data: helpers = [], isPending } = useGetList<UserRecord>('users', {
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'displayName', order: 'ASC' },
    filter: { role: 'helper' },
  });
  // The task waits in the case's grassroots union: its org is where the first helper works.
  const here = task.candidateOrgId;
  const atHere = (u: UserRecord) => u.roles.some((r) => r.role === 'helper' && r.orgId === here);
  const first = helpers.filter(atHere);
  const second = helpers.filter((u) => u.roles.some((r) => r.role === 'helper' && r.orgId !== here));
  return (
    <>
      {!isPending && helpers.length === 0 && <Alert severity="warning">{translate('app.task.fields.no_helpers')}</Alert>}
      <AutocompleteInput
        id="firstHelperId"
        source="firstHelperId"
        label="app.task.fields.firstHelperId"
        helperText="app.task.fields.firstHelper_help"
        choices={first}
        optionText={optionText}
        isPending={isPending}
        isRequired
        fullWidth
      />
      <AutocompleteInput
        id="secondHelperId"
        source="secondHelperId"
        label="app.task.fields.secondHelperId"
        helperText="app.task.fields.secondHelper_help"
        choices={second}
        optionText={optionText}
        isPending={isPending}
        isRequired
        fullWidth
      />
      <DateTextInput id="exitDeadline" source="exitDeadline" month fullWidth={false} label="app.task.fields.exitDeadline" isRequired />
    </>
  );
};
