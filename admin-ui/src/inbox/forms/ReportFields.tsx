import { Box } from '@mui/material';
import { BooleanInput, RadioButtonGroupInput } from 'react-admin';
import { LEVELS } from '../../../../workers/funds';
import { DocumentsPanel } from '../../documents/DocumentsPanel';
import type { TaskFieldsProps } from './index';

/**
 * 录入上报 (seed 一(三)5): the five evidence documents go upward with the report (the server
 * refuses while one is missing, naming it), and the filing level is one the household qualifies for.
 */
export const ReportFields = ({ task }: TaskFieldsProps) => {
  const eligible = task.variables?.eligibility?.levels ?? [];
  const levels = eligible.length > 0 ? LEVELS.filter((l) => eligible.includes(l)) : LEVELS;
  return (
    <>
      {task.file && (
        <Box sx={{ mb: 2 }}>
          <DocumentsPanel fileId={task.file.id} stepId={task.elementId} required compact kinds={['photo', 'other']} title="app.documents.report_title" />
        </Box>
      )}
      <RadioButtonGroupInput
        id="filingLevel"
        source="filingLevel"
        label="app.task.fields.filingLevel"
        choices={levels.map((id) => ({ id, name: `app.file.level.${id}` }))}
        isRequired
      />
      <BooleanInput id="confirmed" source="confirmed" label="app.task.fields.confirmed" />
    </>
  );
};
