import type { ReactNode } from 'react';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { Box, Card, CardContent, CardHeader, Typography } from '@mui/material';
import { Button, Labeled, LinkBase, useCreatePath, useTranslate } from 'react-admin';
import { FlaggedChip } from '../crosschecks/CrossCheckPanel';
import { FileStatusChip } from './FileStatusChip';
import type { Task } from '../inbox/types';

type Summary = NonNullable<Task['file']>;

/** The case a task is about, with a way to its full file. */
export const FileSummary = ({ file }: { file: Summary | null }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  if (!file) {
    return (
      <Card variant="outlined">
        <CardContent>
          <Typography color="text.secondary">{translate('app.file.no_file')}</Typography>
        </CardContent>
      </Card>
    );
  }
  const item = (source: keyof Summary, value: ReactNode) => (
    <Labeled label={`resources.files.fields.${source}`}>
      <Box component="span" data-field={source} sx={{ typography: 'body2' }}>
        {value ?? '—'}
      </Box>
    </Labeled>
  );
  return (
    <Card variant="outlined" data-testid="file-summary">
      <CardHeader
        title={translate('app.file.summary')}
        slotProps={{ title: { variant: 'subtitle1', fontWeight: 600 } }}
        action={
          <Button
            component={LinkBase}
            to={createPath({ resource: 'files', id: file.id, type: 'show' })}
            label="app.file.open"
            data-testid="open-file"
          >
            <OpenInNewIcon />
          </Button>
        }
      />
      <CardContent sx={{ pt: 0, display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(160px, 1fr))', gap: 1.5 }}>
        {item('caseNo', file.caseNo)}
        {item('fileNo', file.fileNo)}
        {item('applicantName', file.applicantName)}
        {item('orgName', file.orgName)}
        {item(
          'status',
          <Box component="span" sx={{ display: 'inline-flex', gap: 0.5, flexWrap: 'wrap' }}>
            <FileStatusChip status={file.status} />
            <FlaggedChip fileId={file.id} />
          </Box>,
        )}
      </CardContent>
    </Card>
  );
};
