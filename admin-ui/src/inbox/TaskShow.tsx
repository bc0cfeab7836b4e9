import { Box, Stack } from '@mui/material';
import { isCampaignFormKey } from '../../../api/tasks/task-forms-campaigns.schema';
import { Loading, ShowBase, Title, useShowContext, useTranslate } from 'react-admin';
import { EligibilityPanel } from '../common/EligibilityPanel';
import { CrossCheckPanel } from '../crosschecks/CrossCheckPanel';
import { FileSummary } from '../files/FileSummary';
import { TaskDiagram } from './TaskDiagram';
import { TaskHeader } from './TaskHeader';
import { TaskWork } from './TaskWork';
import type { Task } from './types';

const WITH_CROSS_CHECKS = ['filing-review', 'filing-resubmit'];

const TaskPage = () => {
  const translate = useTranslate();
  const { record: task } = useShowContext<Task>();
  if (!task) return <Loading />;
  // Campaign tasks concern a list of households, not one file: their form takes the whole width.
  const aboutAFile = !!task.file || !isCampaignFormKey(task.formKey);
  return (
    <Box sx={{ my: 2 }} data-testid="task-page">
      <Title title={translate('app.task.title', { name: task.name })} />
      <TaskHeader task={task} />
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          mt: 2,
          alignItems: 'start',
          gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: aboutAFile ? 'minmax(0, 5fr) minmax(0, 7fr)' : 'minmax(0, 1fr)' },
        }}
      >
        {aboutAFile && (
          <Stack spacing={2}>
            <FileSummary file={task.file} />
            <EligibilityPanel eligibility={task.variables?.eligibility} before={task.variables?.eligibilityBefore} />
          </Stack>
        )}
        <Stack spacing={2}>
          <TaskWork task={task} />
          {/* Reviewers decide, and returned files are corrected, with the departments' answers beside the declaration. */}
          {WITH_CROSS_CHECKS.includes(task.formKey ?? '') && task.file && <CrossCheckPanel fileId={task.file.id} />}
        </Stack>
      </Box>
      <Box sx={{ mt: 2 }}>
        <TaskDiagram taskId={String(task.id)} />
      </Box>
    </Box>
  );
};

/** A task page: the case around the task on the left, the work on the right. */
export const TaskShow = () => (
  <ShowBase>
    <TaskPage />
  </ShowBase>
);
