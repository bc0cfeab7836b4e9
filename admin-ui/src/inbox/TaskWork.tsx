import { Alert, Card, CardContent, CardHeader, Stack, Typography } from '@mui/material';
import { useGetIdentity, useTranslate } from 'react-admin';
import { TaskForm } from './forms/TaskForm';
import { ClaimButton } from './TaskButtons';
import { taskState } from './taskState';
import type { Task } from './types';

/** The right-hand side of a task page: the form when I hold the task, else what I may do about it. */
export const TaskWork = ({ task }: { task: Task }) => {
  const translate = useTranslate();
  const { identity, isPending } = useGetIdentity();
  if (isPending) return null;
  const state = taskState(task, identity as { id: string; username?: string } | undefined);
  const body = {
    closed: (
      <Alert severity="info">
        {translate('app.task.not_open', { status: translate(`app.task.status.${task.status}`, { _: task.status }) })}
      </Alert>
    ),
    taken: <Alert severity="warning">{translate('app.task.held_by', { name: task.assigneeName ?? task.assignee ?? '' })}</Alert>,
    open: (
      <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
        <Typography variant="body2">{translate('app.task.claim_first')}</Typography>
        <ClaimButton taskId={task.id} variant="contained" size="medium" />
      </Stack>
    ),
    mine: <TaskForm task={task} />,
  }[state];
  return (
    <Card variant="outlined" data-testid="task-work" data-state={state}>
      <CardHeader title={translate('app.task.form_title')} slotProps={{ title: { variant: 'subtitle1', fontWeight: 600 } }} />
      <CardContent sx={{ pt: 0 }}>{body}</CardContent>
    </Card>
  );
};
