import type { ReactNode } from 'react';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { Box, Card, CardContent, Chip, Typography } from '@mui/material';
import { Button, LinkBase, useTranslate } from 'react-admin';
import { formatDateTime } from '../common/format';
import { AssigneeCell, DueCell } from './TaskCells';
import type { Task } from './types';

const Meta = ({ label, children }: { label: string; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Box>
      <Typography variant="caption" color="text.secondary">
        {translate(label)}
      </Typography>
      <Box>{children}</Box>
    </Box>
  );
};

/** Task name, status, deadline and holder at a glance. */
export const TaskHeader = ({ task }: { task: Task }) => {
  const translate = useTranslate();
  return (
    <Card variant="outlined" sx={task.overdue ? { borderLeft: 4, borderLeftColor: 'error.main' } : undefined}>
      <CardContent sx={{ display: 'flex', gap: 4, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <Box sx={{ flex: '1 1 260px' }}>
          <Button component={LinkBase} to="/tasks" label="app.task.back_to_inbox" size="small" sx={{ ml: -1 }}>
            <ArrowBackIcon />
          </Button>
          <Typography variant="h5" component="h1" data-testid="task-name" sx={{ mt: 0.5 }}>
            {task.name}
          </Typography>
          <Chip
            size="small"
            sx={{ mt: 1 }}
            data-testid="task-status"
            data-status={task.status}
            color={task.status === 'created' ? 'primary' : 'default'}
            label={translate(`app.task.status.${task.status}`, { _: task.status })}
          />
        </Box>
        <Meta label="app.task.due">
          <DueCell task={task} />
        </Meta>
        {task.followUpAt && (
          <Meta label="app.task.follow_up">
            <Typography variant="body2" data-testid="task-follow-up">
              {formatDateTime(task.followUpAt)}
            </Typography>
          </Meta>
        )}
        <Meta label="app.task.assignee">
          <AssigneeCell task={task} />
        </Meta>
      </CardContent>
    </Card>
  );
};
