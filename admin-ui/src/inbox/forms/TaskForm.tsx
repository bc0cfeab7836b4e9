import SendIcon from '@mui/icons-material/Send';
import { Alert, Box, Stack } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { z } from 'zod';
import {
  Form,
  SaveButton,
  useDataProvider,
  useGetIdentity,
  useNotify,
  useRedirect,
  useRefresh,
  useTranslate,
  type HttpError,
} from 'react-admin';
import { isFormKey, TASK_FORMS } from '../../../../api/tasks/task-forms';
import { withoutBlanks, zodFormValidator } from '../../common/zodValidation';
import type { AppDataProvider } from '../../dataProvider';
import { UnclaimButton } from '../TaskButtons';
import type { Task } from '../types';
import { TASK_FORM_VIEWS } from './index';

/** The form is about the task's outcome, not the task record itself. */
const NO_RECORD = {};

/**
 * The form of a task I hold, rendered by its `formKey`, validated with the API's own zod schema.
 * Completing is pessimistic; a 422 puts the server's messages on the fields.
 */
export const TaskForm = ({ task }: { task: Task }) => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const redirect = useRedirect();
  const formKey = isFormKey(task.formKey) ? task.formKey : null;
  const prepare = useMemo(() => {
    const own = formKey ? TASK_FORM_VIEWS[formKey].prepare : undefined;
    return (values: Record<string, unknown>) => withoutBlanks(own ? own(values) : values);
  }, [formKey]);
  const validate = useMemo(() => (formKey ? zodFormValidator(TASK_FORMS[formKey], { prepare }) : undefined), [formKey, prepare]);
  const complete = useMutation({
    mutationFn: (variables: Record<string, unknown>) => dataProvider.completeTask(task.id, variables),
  });

  if (!formKey) {
    return <Alert severity="warning">{translate('app.task.unsupported_form', { formKey: task.formKey ?? '' })}</Alert>;
  }
  const { Fields, defaults } = TASK_FORM_VIEWS[formKey];
  const schema: z.ZodType = TASK_FORMS[formKey];

  const onSubmit = async (values: Record<string, unknown>) => {
    // Validation already passed: parsing only trims and fills the schema's defaults.
    const input = prepare(values);
    const parsed = schema.safeParse(input);
    const variables = (parsed.success ? parsed.data : input) as Record<string, unknown>;
    try {
      await complete.mutateAsync(variables);
      notify('app.task.completed', { type: 'success' });
      refresh();
      redirect('list', 'tasks');
    } catch (error) {
      const httpError = error as HttpError;
      notify(httpError.message, { type: 'error' });
      return httpError.body?.errors ?? undefined;
    }
  };

  return (
    <Form
      id="task-form"
      record={NO_RECORD}
      defaultValues={defaults?.(identity?.fullName ?? '', task)}
      validate={validate}
      onSubmit={onSubmit}
    >
      <Box data-testid="task-form" data-form-key={formKey}>
        <Fields task={task} />
      </Box>
      <Stack direction="row" spacing={2} sx={{ mt: 2, alignItems: 'center' }}>
        {/* A form may be complete as it opens (a list confirmed as it stands): validation runs on submit. */}
        <SaveButton label="app.task.complete" icon={<SendIcon />} data-testid="complete-button" alwaysEnable />
        <UnclaimButton taskId={task.id} />
      </Stack>
    </Form>
  );
};
