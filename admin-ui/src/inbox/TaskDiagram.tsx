import { Box, Card, CardContent, CardHeader, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Loading, useTranslate } from 'react-admin';
import { BpmnDiagram } from '../common/BpmnDiagram';
import { formatDateTime } from '../common/format';
import { apiFetch } from '../http';

/** `GET /api/tasks/:id/diagram`: the instance's own version, where it stands, and who did what when. */
export interface TaskDiagramData {
  id: string;
  bpmnProcessId: string;
  version: number | null;
  xml: string;
  current: string;
  active: string[];
  completed: string[];
  incidents: string[];
  history: { at: string; elementId: string; elementName: string; type: string; actor: string | null }[];
}

const Legend = () => {
  const translate = useTranslate();
  const item = (color: string, fill: string, key: string) => (
    <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }} key={key}>
      <Box sx={{ width: 14, height: 14, border: `2px solid ${color}`, bgcolor: fill, borderRadius: 0.5 }} />
      <Typography variant="caption">{translate(`app.diagram.legend.${key}`)}</Typography>
    </Stack>
  );
  return (
    <Stack direction="row" spacing={2} sx={{ mt: 1, flexWrap: 'wrap' }}>
      {item('#0d47a1', '#bbdefb', 'current')}
      {item('#1565c0', '#e3f2fd', 'active')}
      {item('#2e7d32', '#e8f5e9', 'completed')}
      {item('#c62828', '#ffebee', 'incident')}
    </Stack>
  );
};

/** 流程图与办理记录 of a task page: the current step highlighted on the case's own process version. */
export const TaskDiagram = ({ taskId }: { taskId: string }) => {
  const translate = useTranslate();
  const { data, isPending, error } = useQuery({
    queryKey: ['tasks', taskId, 'diagram'],
    queryFn: async () => (await apiFetch<TaskDiagramData>(`/api/tasks/${encodeURIComponent(taskId)}/diagram`)).json,
  });
  return (
    <Card variant="outlined" data-testid="task-diagram">
      <CardHeader
        title={translate('app.diagram.task_title')}
        slotProps={{ title: { variant: 'subtitle1', fontWeight: 600 } }}
        action={data?.version != null && <Chip size="small" data-testid="task-diagram-version" label={translate('app.diagram.version', { version: data.version })} />}
      />
      <CardContent>
        {isPending && <Loading />}
        {error && <Typography color="error">{(error as Error).message}</Typography>}
        {data && (
          <>
            <BpmnDiagram xml={data.xml} current={data.current} active={data.active} completed={data.completed} incidents={data.incidents} height={360} />
            <Legend />
            <Typography variant="subtitle2" sx={{ mt: 2, mb: 1 }}>
              {translate('app.file.tabs.history')}
            </Typography>
            {data.history.length === 0 ? (
              <Typography color="text.secondary">{translate('app.file.no_history')}</Typography>
            ) : (
              <Table size="small" data-testid="task-history">
                <TableHead>
                  <TableRow>
                    <TableCell>{translate('app.file.history.at')}</TableCell>
                    <TableCell>{translate('app.file.history.elementName')}</TableCell>
                    <TableCell>{translate('app.file.history.type')}</TableCell>
                    <TableCell>{translate('app.file.history.actor')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {data.history.map((h, i) => (
                    <TableRow key={i} data-element-id={h.elementId}>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(h.at)}</TableCell>
                      <TableCell>{h.elementName}</TableCell>
                      <TableCell>{translate(`app.file.history.types.${h.type}`, { _: h.type })}</TableCell>
                      <TableCell>{h.actor ?? '—'}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
};
