import CompareArrowsIcon from '@mui/icons-material/CompareArrows';
import EditIcon from '@mui/icons-material/Edit';
import VisibilityIcon from '@mui/icons-material/Visibility';
import { Alert, Box, Button, Card, CardContent, CardHeader, Chip, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { Loading, Title, useCanAccess, useGetList, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../common/format';
import type { ProcessRecord } from './types';

const t = (key: string) => `app.processes.${key}`;

/** Two versions of one process to compare: the latest and the one before, by default. */
const CompareForm = ({ process }: { process: ProcessRecord }) => {
  const translate = useTranslate();
  const versions = process.versions.map((v) => v.version);
  const [from, setFrom] = useState(versions[1] ?? versions[0]);
  const [to, setTo] = useState(versions[0]);
  if (versions.length < 2) return null;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }} data-testid={`compare-${process.id}`}>
      <TextField select size="small" label={translate(t('compare_from'))} value={from} onChange={(e) => setFrom(Number(e.target.value))} sx={{ minWidth: 110 }}>
        {versions.map((v) => (
          <MenuItem key={v} value={v}>
            {translate(t('version_n'), { version: v })}
          </MenuItem>
        ))}
      </TextField>
      <TextField select size="small" label={translate(t('compare_to'))} value={to} onChange={(e) => setTo(Number(e.target.value))} sx={{ minWidth: 110 }}>
        {versions.map((v) => (
          <MenuItem key={v} value={v}>
            {translate(t('version_n'), { version: v })}
          </MenuItem>
        ))}
      </TextField>
      <Button
        component={Link}
        to={`/process-definitions/${encodeURIComponent(process.id)}/diff/${from}/${to}`}
        startIcon={<CompareArrowsIcon />}
        disabled={from === to}
        sx={{ whiteSpace: 'nowrap', flexShrink: 0 }}
        data-testid="compare-open"
      >
        {translate(t('compare'))}
      </Button>
    </Stack>
  );
};

/**
 * 流程定义: every process with its versions — when and by whom each was deployed and how many
 * cases still run on it (they finish on their version; new cases start on the latest).
 */
export const ProcessList = () => {
  const translate = useTranslate();
  const { canAccess: canEdit = false } = useCanAccess({ resource: 'process-definitions', action: 'edit' });
  const { data, isPending, error } = useGetList<ProcessRecord>('process-definitions', { pagination: { page: 1, perPage: 100 } });
  if (isPending) return <Loading />;
  return (
    <Box sx={{ my: 2 }} data-testid="process-list">
      <Title title={t('title')} />
      {error && <Alert severity="error">{translate(typeof error === 'object' && 'message' in error ? String(error.message) : t('load_error'))}</Alert>}
      <Alert severity="info" sx={{ mb: 2 }}>
        {translate(t('versions_help'))}
      </Alert>
      <Stack spacing={2}>
        {(data ?? []).map((p) => (
          <Card key={p.id} variant="outlined" data-testid={`process-${p.id}`}>
            <CardHeader
              title={
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                  {/* the process id is for engineers: on hover, not in the text every official reads */}
                  <span title={p.bpmnProcessId}>{p.name ?? p.bpmnProcessId}</span>
                  <Chip size="small" color="primary" label={translate(t('latest'), { version: p.latestVersion })} />
                </Stack>
              }
              subheader={translate(t('running_total'), { count: p.activeInstances })}
              action={<CompareForm key={p.latestVersion} process={p} />}
            />
            <CardContent sx={{ pt: 0 }}>
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>{translate(t('fields.version'))}</TableCell>
                    <TableCell>{translate(t('fields.deployedAt'))}</TableCell>
                    <TableCell>{translate(t('fields.deployedBy'))}</TableCell>
                    <TableCell align="right">{translate(t('fields.activeInstances'))}</TableCell>
                    <TableCell />
                  </TableRow>
                </TableHead>
                <TableBody>
                  {p.versions.map((v) => (
                    <TableRow key={v.definitionId} data-testid="process-version" data-version={v.version} data-active={v.activeInstances}>
                      <TableCell>{translate(t('version_n'), { version: v.version })}</TableCell>
                      <TableCell>{v.deployedAt ? formatDateTime(v.deployedAt) : '—'}</TableCell>
                      <TableCell>{v.deployedBy ?? translate(t('deployed_with_release'))}</TableCell>
                      <TableCell align="right">{v.activeInstances}</TableCell>
                      <TableCell align="right">
                        <Button
                          size="small"
                          component={Link}
                          to={`/process-definitions/${encodeURIComponent(p.id)}/versions/${v.version}/modeler`}
                          startIcon={canEdit ? <EditIcon /> : <VisibilityIcon />}
                          data-testid="open-modeler"
                        >
                          {translate(canEdit ? t('open_modeler') : t('open_viewer'))}
                        </Button>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </CardContent>
          </Card>
        ))}
      </Stack>
      {data?.length === 0 && <Typography color="text.secondary">{translate(t('empty'))}</Typography>}
    </Box>
  );
};
