import CloudUploadIcon from '@mui/icons-material/CloudUpload';
import DownloadIcon from '@mui/icons-material/Download';
import PlaylistAddCheckIcon from '@mui/icons-material/PlaylistAddCheck';
import {
  Alert,
  Box,
  Card,
  CardContent,
  CircularProgress,
  LinearProgress,
  Step,
  StepLabel,
  Stepper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import { Button, Title, useDataProvider, useNotify, useTranslate, type HttpError } from 'react-admin';
import type { AppDataProvider } from '../dataProvider';
import type { ImportPreview, ImportProgress, ImportRowError } from './types';

const TEMPLATE_HREF = '/api/import/template.xlsx';
const POLL_MS = 500;

const RowErrors = ({ errors, testId }: { errors: ImportRowError[]; testId: string }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ maxHeight: 420, overflow: 'auto', mb: 2 }}>
      <Table size="small" stickyHeader data-testid={testId}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('app.import.row')}</TableCell>
            <TableCell>{translate('app.import.column')}</TableCell>
            <TableCell>{translate('app.import.problem')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {errors.map((e, i) => (
            <TableRow key={`${e.row}-${e.column}-${i}`} data-testid="import-error" data-row={e.row} data-column={e.column}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{translate('app.import.row_value', { row: e.row })}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{e.column}</TableCell>
              <TableCell>{e.message}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

/** While the rows are written: a bar that follows `GET /api/import/files/:id`, then the outcome. */
const Progress = ({ importId }: { importId: string }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AppDataProvider>();
  const progress = useQuery({
    queryKey: ['import', importId],
    queryFn: async () => (await dataProvider.getImportProgress(importId)).data,
    refetchInterval: (query) => ((query.state.data as ImportProgress | undefined)?.status === 'running' ? POLL_MS : false),
  });
  const p = progress.data;
  if (progress.error) return <Alert severity="error">{(progress.error as Error).message}</Alert>;
  if (!p) return <CircularProgress size={20} />;
  const percent = p.total ? Math.round((100 * p.done) / p.total) : 100;
  return (
    <Box data-testid="import-progress" data-status={p.status} data-done={p.done} data-total={p.total}>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {translate('app.import.progress', { done: p.done, total: p.total, percent })}
      </Typography>
      <LinearProgress variant="determinate" value={percent} sx={{ height: 10, borderRadius: 5, mb: 2 }} />
      {p.status === 'done' && (
        <Alert severity={p.skipped.length ? 'warning' : 'success'} sx={{ mb: 2 }} data-testid="import-done">
          {translate('app.import.done', { imported: p.filed + p.inReview, filed: p.filed, inReview: p.inReview, skipped: p.skipped.length })}
        </Alert>
      )}
      {p.status === 'failed' && (
        <Alert severity="error" sx={{ mb: 2 }} data-testid="import-failed">
          {translate('app.import.failed', { message: p.failure ?? '' })}
        </Alert>
      )}
      {p.skipped.length > 0 && (
        <>
          <Typography variant="subtitle2">{translate('app.import.skipped')}</Typography>
          <RowErrors errors={p.skipped} testId="import-skipped" />
        </>
      )}
    </Box>
  );
};

/**
 * 导入档案 (SPEC §6, issue 6): existing files from .xlsx. Download the template, fill it in,
 * upload it: every row is checked and its problems listed by row and column, nothing is written
 * until the valid rows are confirmed; then a bar follows the batches as they are written.
 */
export const ImportPage = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<AppDataProvider>();
  const [preview, setPreview] = useState<(ImportPreview & { fileName: string }) | null>(null);
  const [confirmed, setConfirmed] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: async (file: File) => ({ ...(await dataProvider.previewImport(file)).data, fileName: file.name }),
    onSuccess: (data) => {
      setPreview(data);
      setConfirmed(null);
    },
    onError: (error: HttpError) => notify(error.message, { type: 'error' }),
  });
  const confirm = useMutation({
    mutationFn: (importId: string) => dataProvider.confirmImport(importId),
    onSuccess: ({ data }) => setConfirmed(data.importId),
    onError: (error: HttpError) => notify(error.message, { type: 'error' }),
  });
  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target;
    const file = input.files?.[0];
    input.value = ''; // the corrected workbook may have the same name
    if (file) upload.mutate(file);
  };
  const step = confirmed ? 2 : preview ? 1 : 0;
  return (
    <Box sx={{ my: 2 }} data-testid="import-page">
      <Title title="app.import.title" />
      <Card variant="outlined">
        <CardContent>
          <Stepper activeStep={step} sx={{ mb: 3 }}>
            {['fill', 'check', 'write'].map((s) => (
              <Step key={s}>
                <StepLabel>{translate(`app.import.steps.${s}`)}</StepLabel>
              </Step>
            ))}
          </Stepper>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {translate('app.import.intro')}
          </Typography>
          <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', mb: 2 }}>
            <Button component="a" href={TEMPLATE_HREF} download label="app.import.template" variant="outlined" data-testid="import-template">
              <DownloadIcon />
            </Button>
            {!confirmed && (
              <Button component="label" label={preview ? 'app.import.upload_again' : 'app.import.upload'} variant="contained" disabled={upload.isPending} data-testid="import-upload">
                <>
                  {upload.isPending ? <CircularProgress size={16} /> : <CloudUploadIcon />}
                  <input hidden type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={onPick} data-testid="import-input" />
                </>
              </Button>
            )}
          </Box>
          {preview && !confirmed && (
            <Box data-testid="import-preview" data-total={preview.total} data-valid={preview.valid} data-errors={preview.errors.length}>
              <Alert severity={preview.errors.length ? 'warning' : 'success'} sx={{ mb: 2 }} data-testid="import-summary">
                {translate('app.import.summary', {
                  name: preview.fileName,
                  total: preview.total,
                  valid: preview.valid,
                  bad: new Set(preview.errors.map((e) => e.row)).size,
                })}
              </Alert>
              {preview.errors.length > 0 && <RowErrors errors={preview.errors} testId="import-errors" />}
              <Button
                label={translate('app.import.confirm', { count: preview.valid })}
                onClick={() => confirm.mutate(preview.importId)}
                variant="contained"
                disabled={preview.valid === 0 || confirm.isPending}
                data-testid="import-confirm"
              >
                <PlaylistAddCheckIcon />
              </Button>
            </Box>
          )}
          {confirmed && <Progress importId={confirmed} />}
        </CardContent>
      </Card>
    </Box>
  );
};
