import EditIcon from '@mui/icons-material/Edit';
import { Alert, Box } from '@mui/material';
import { Button, LinkBase, TextInput, useCreatePath, useTranslate } from 'react-admin';
import type { TaskFieldsProps } from './index';

/** 退回重报: correct the file first (its edit page), then say what was corrected and send it up again. */
export const ResubmitFields = ({ task }: TaskFieldsProps) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const returnedBy = task.variables?.lastDecision as { stepName?: string; comment?: string } | undefined;
  return (
    <>
      {returnedBy?.comment && (
        <Alert severity="warning" sx={{ mb: 2 }} data-testid="return-reason">
          {translate('app.task.returned_because', { step: returnedBy.stepName ?? '', reason: returnedBy.comment })}
        </Alert>
      )}
      {task.file && (
        <Box sx={{ mb: 2 }}>
          <Button
            component={LinkBase}
            to={createPath({ resource: 'files', id: task.file.id, type: 'edit' })}
            label="app.file.edit"
            variant="outlined"
            data-testid="edit-file"
          >
            <EditIcon />
          </Button>
        </Box>
      )}
      <TextInput id="comment" source="comment" label="app.task.fields.resubmitComment" isRequired multiline minRows={3} fullWidth />
    </>
  );
};
