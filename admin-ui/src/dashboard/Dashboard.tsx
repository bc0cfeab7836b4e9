import PostAddIcon from '@mui/icons-material/PostAdd';
import { Box, Typography } from '@mui/material';
import { Button, LinkBase, Title, useCanAccess, useGetIdentity, useTranslate } from 'react-admin';
import { useTaskCount } from '../inbox/useTaskCount';
import { StatCard } from './StatCard';
import { UpcomingTasks } from './UpcomingTasks';

const OVERDUE_LIST = `/tasks?filter=${encodeURIComponent(JSON.stringify({ view: 'overdue' }))}`;

/** 工作台: what waits for me, what is late, and the shortcut to a new application. */
export const Dashboard = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const { canAccess: canApply } = useCanAccess({ resource: 'applications', action: 'create' });
  const mine = useTaskCount('all');
  const overdue = useTaskCount('overdue');
  return (
    <Box sx={{ my: 2 }}>
      <Title title="app.dashboard.title" />
      <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap', gap: 2, mb: 2 }}>
        <Typography variant="h5">{translate('app.dashboard.greeting', { name: identity?.fullName ?? '' })}</Typography>
        {canApply && (
          <Button component={LinkBase} to="/applications/create" variant="contained" size="medium" label="app.dashboard.new_application">
            <PostAddIcon />
          </Button>
        )}
      </Box>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', mb: 2 }}>
        <StatCard label="app.dashboard.my_tasks" value={mine} to="/tasks" testId="dashboard-my-tasks" />
        <StatCard label="app.dashboard.overdue" value={overdue} to={OVERDUE_LIST} testId="dashboard-overdue" alert />
      </Box>
      <UpcomingTasks />
    </Box>
  );
};
