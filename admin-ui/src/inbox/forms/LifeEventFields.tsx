import { Alert } from '@mui/material';
import { useWatch } from 'react-hook-form';
import { AutocompleteInput, RadioButtonGroupInput, TextInput, useGetList, useTranslate } from 'react-admin';
import { LIFE_EVENT_DECISIONS } from '../../../../workers/life-events/vocabulary';
import type { UserRecord } from '../../users/types';
import type { TaskFieldsProps } from './index';

const choices = LIFE_EVENT_DECISIONS.map((id) => ({ id, name: `app.lifeEvent.decisions.${id}` }));

type EventVariable = { kind?: 'cancellation' | 'transfer'; reason?: string; note?: string; fromOrgName?: string; toOrgName?: string };

/** What is asked: the reason and the unions, from the process variables. */
const EventSummary = ({ task }: TaskFieldsProps) => {
  const translate = useTranslate();
  const event = (task.variables?.event ?? {}) as EventVariable;
  if (!event.kind) return null;
  const reason =
    event.kind === 'cancellation'
      ? translate(`app.lifeEvent.cancellation_reasons.${event.reason}`, { _: event.reason ?? '' })
      : translate(`app.lifeEvent.transfer_reasons.${event.reason}`, { _: event.reason ?? '' });
  return (
    <Alert severity={event.reason === 'untrue_declaration' ? 'warning' : 'info'} sx={{ mb: 2 }} data-testid="life-event-summary">
      {event.kind === 'cancellation'
        ? translate('app.lifeEvent.summary.cancellation', { reason })
        : translate('app.lifeEvent.summary.transfer', { from: event.fromOrgName ?? '', to: event.toOrgName ?? '', reason })}
      {event.note ? `；${translate('app.lifeEvent.summary.note', { note: event.note })}` : ''}
    </Alert>
  );
};

/** 主席审批 of a cancellation or of a transfer out: 同意 or 不同意 with the reason. */
export const LifeEventDecisionFields = ({ task }: TaskFieldsProps) => {
  const decision = useWatch({ name: 'decision' });
  return (
    <>
      <EventSummary task={task} />
      <RadioButtonGroupInput id="decision" source="decision" label="app.lifeEvent.fields.decision" choices={choices} isRequired />
      <TextInput id="comment" source="comment" label="app.lifeEvent.fields.comment" isRequired={decision === 'reject'} multiline minRows={2} fullWidth />
    </>
  );
};

/** 接收工会审批: the new union's chair approves and picks one of its own helpers. */
export const TransferInFields = ({ task }: TaskFieldsProps) => {
  const decision = useWatch({ name: 'decision' });
  const { data: helpers = [], isPending } = useGetList<UserRecord>('users', {
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'displayName', order: 'ASC' },
    filter: { role: 'helper' },
  });
  const here = task.candidateOrgId;
  const own = helpers.filter((u) => u.roles.some((r) => r.role === 'helper' && r.orgId === here));
  return (
    <>
      <LifeEventDecisionFields task={task} />
      {decision !== 'reject' && (
        <AutocompleteInput
          id="helperId"
          source="helperId"
          label="app.lifeEvent.fields.helperId"
          helperText="app.lifeEvent.fields.helper_help"
          choices={own}
          optionText="displayName"
          isPending={isPending}
          isRequired
          fullWidth
        />
      )}
    </>
  );
};
