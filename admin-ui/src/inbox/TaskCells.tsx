import { Box, Chip, Typography } from '@mui/material';
import { useGetIdentity, useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime, formatRelative } from '../common/format';
import { ClaimButton, UnclaimButton } from './TaskButtons';
import { taskState } from './taskState';
import type { Task } from './types';

/** Due date, how far off it is, and a red mark once it has passed. */
export const DueCell = ({ task }: { task: Task }) => {
  const translate = useTranslate();
  if (!task.dueAt) return <Typography variant="body2" color="text.secondary">{translate('app.inbox.no_due')}</Typography>;
  return (
    <Box>
      <Typography variant="body2" color={task.overdue ? 'error' : undefined} sx={{ fontWeight: task.overdue ? 600 : undefined }}>
        {formatDateTime(task.dueAt)}
      </Typography>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
        <Typography variant="caption" color={task.overdue ? 'error' : 'text.secondary'}>
          {formatRelative(task.dueAt)}
        </Typography>
        {task.overdue && (
          <Chip data-testid="overdue-chip" size="small" color="error" label={translate('app.inbox.overdue')} sx={{ height: 18 }} />
        )}
      </Box>
    </Box>
  );
};

/** Who holds the task, or the candidate group it waits in. */
export const AssigneeCell = ({ task }: { task: Task }) => {
  const translate = useTranslate();
  if (task.assigneeName || task.assignee) return <Typography variant="body2">{task.assigneeName ?? task.assignee}</Typography>;
  return (
    <Box>
      <Chip size="small" variant="outlined" color="warning" label={translate('app.inbox.unassigned')} />
      {task.candidateRole && (
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
          {translate('app.inbox.candidate', {
            role: translate(`app.roles.${task.candidateRole}`, { _: task.candidateRole }),
            org: task.candidateOrgName ?? '',
          })}
        </Typography>
      )}
    </Box>
  );
};

/** Claim an unclaimed task, or give back one I hold, without leaving the list. */
export const RowActions = () => {
  const task = useRecordContext<Task>();
  const { identity } = useGetIdentity();
  if (!task) return null;
  const state = taskState(task, identity as { id: string; username?: string } | undefined);
  if (state === 'open') return <ClaimButton taskId={task.id} variant="outlined" />;
  if (state === 'mine') return <UnclaimButton taskId={task.id} />;
  return null;
};
