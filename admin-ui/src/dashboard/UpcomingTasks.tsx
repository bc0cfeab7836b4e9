import { Card, CardContent, CardHeader, List, ListItemButton, ListItemText, Typography } from '@mui/material';
import { LinkBase, useCreatePath, useGetList, useTranslate } from 'react-admin';
import { formatDateTime, formatRelative } from '../common/format';
import type { Task } from '../inbox/types';

/** The five open tasks due soonest. */
export const UpcomingTasks = () => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { data = [] } = useGetList<Task>('tasks', {
    pagination: { page: 1, perPage: 5 },
    sort: { field: 'dueAt', order: 'ASC' },
    filter: { view: 'all' },
  });
  return (
    <Card variant="outlined">
      <CardHeader title={translate('app.dashboard.upcoming')} slotProps={{ title: { variant: 'subtitle1', fontWeight: 600 } }} />
      <CardContent sx={{ pt: 0 }}>
        {data.length === 0 ? (
          <Typography color="text.secondary">{translate('app.dashboard.nothing_due')}</Typography>
        ) : (
          <List dense disablePadding>
            {data.map((task) => (
              <ListItemButton key={task.id} component={LinkBase} to={createPath({ resource: 'tasks', id: task.id, type: 'show' })}>
                <ListItemText
                  primary={`${task.name}${task.file ? ` · ${task.file.applicantName}（${task.file.caseNo}）` : ''}`}
                  secondary={task.dueAt ? `${formatDateTime(task.dueAt)}（${formatRelative(task.dueAt)}）` : translate('app.inbox.no_due')}
                  slotProps={{ secondary: { color: task.overdue ? 'error' : 'text.secondary' } }}
                />
              </ListItemButton>
            ))}
          </List>
        )}
      </CardContent>
    </Card>
  );
};
