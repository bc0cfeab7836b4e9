import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import AssignmentReturnIcon from '@mui/icons-material/AssignmentReturn';
import { CircularProgress } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import type { MouseEvent, ReactElement } from 'react';
import { Button, useDataProvider, useNotify, useRefresh, type Identifier } from 'react-admin';
import type { AppDataProvider } from '../dataProvider';

type ActionName = 'claimTask' | 'unclaimTask';

/** Runs a task action pessimistically: the button waits for the server, then everything refetches. */
function useTaskAction(action: ActionName, successMessage: string) {
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: Identifier) => dataProvider[action](id),
    onSuccess: () => {
      notify(successMessage, { type: 'success' });
      refresh();
    },
    // 409: someone else claimed it first — the server says who, in Chinese.
    onError: (error: Error) => {
      notify(error.message, { type: 'error' });
      refresh();
    },
  });
}

type Props = { taskId: Identifier; variant?: 'text' | 'outlined' | 'contained'; size?: 'small' | 'medium' };

const TaskActionButton = ({ taskId, variant = 'text', size = 'small', action, label, success, testId, icon }: Props & {
  action: ActionName;
  label: string;
  success: string;
  testId: string;
  icon: ReactElement;
}) => {
  const { mutate, isPending } = useTaskAction(action, success);
  const onClick = (event: MouseEvent) => {
    event.stopPropagation(); // inside a list row, a click would also open the task
    mutate(taskId);
  };
  return (
    <Button label={label} data-testid={testId} variant={variant} size={size} disabled={isPending} onClick={onClick}>
      {isPending ? <CircularProgress size={16} /> : icon}
    </Button>
  );
};

export const ClaimButton = (props: Props) => (
  <TaskActionButton {...props} action="claimTask" label="app.task.claim" success="app.task.claimed" testId="claim-button" icon={<AssignmentIndIcon />} />
);

export const UnclaimButton = (props: Props) => (
  <TaskActionButton
    {...props}
    action="unclaimTask"
    label="app.task.unclaim"
    success="app.task.unclaimed"
    testId="unclaim-button"
    icon={<AssignmentReturnIcon />}
  />
);
