import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Radio,
  RadioGroup,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Loading, useNotify, useTranslate } from 'react-admin';
import { formatDateTime } from '../common/format';
import { apiFetch } from '../http';
import { BarChart, Figure } from './charts';
import type { Assignee, CockpitOverview, StalledTask, TaskFilter } from './types';

const query = (filter: TaskFilter) => {
  const f: Record<string, unknown> = { overdue: filter.overdue };
  if (filter.orgId) f.orgId = filter.orgId;
  if (filter.bpmnProcessId) f.bpmnProcessId = filter.bpmnProcessId;
  if (filter.elementId) f.elementId = filter.elementId;
  return `/api/cockpit/tasks?filter=${encodeURIComponent(JSON.stringify(f))}&range=[0,199]`;
};

/** 转交: pick one of those who could claim the task from its group. */
const ReassignDialog = ({ task, onClose }: { task: StalledTask; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState('');
  const assignees = useQuery({
    queryKey: ['cockpit', 'assignees', task.id],
    queryFn: async () => (await apiFetch<Assignee[]>(`/api/cockpit/tasks/${encodeURIComponent(String(task.id))}/assignees`)).json,
  });
  const assign = useMutation({
    mutationFn: async () => (await apiFetch<StalledTask>(`/api/cockpit/tasks/${encodeURIComponent(String(task.id))}/assign`, { method: 'POST', body: { userId } })).json,
    onSuccess: (t) => {
      notify('app.cockpit.reassign.done', { type: 'success', messageArgs: { name: t.assigneeName ?? '' } });
      void queryClient.invalidateQueries({ queryKey: ['cockpit'] });
      onClose();
    },
  });
  const choices = (assignees.data ?? []).filter((a) => !a.current);
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" data-testid="reassign-dialog">
      <DialogTitle>{translate('app.cockpit.reassign.title', { name: task.name })}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate('app.cockpit.reassign.hint')}
        </Typography>
        {assignees.isPending && <Loading />}
        {assignees.data && choices.length === 0 && <Alert severity="info">{translate('app.cockpit.reassign.none')}</Alert>}
        <RadioGroup aria-label={translate('app.cockpit.reassign.user')} value={userId} onChange={(e) => setUserId(e.target.value)}>
          {(assignees.data ?? []).map((a) => (
            <FormControlLabel
              key={a.id}
              value={a.id}
              disabled={a.current}
              data-testid="reassign-choice"
              data-name={a.displayName}
              control={<Radio />}
              label={`${a.displayName}${a.title ? `（${a.title}）` : ''}${a.orgName ? ` · ${a.orgName}` : ''}${a.current ? translate('app.cockpit.reassign.current') : ''}`}
            />
          ))}
        </RadioGroup>
        {assign.error && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {translate((assign.error as Error).message, { _: (assign.error as Error).message })}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" disabled={!userId || assign.isPending} onClick={() => assign.mutate()} data-testid="reassign-submit">
          {translate('app.cockpit.reassign.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

const StalledList = ({ filter }: { filter: TaskFilter }) => {
  const translate = useTranslate();
  const [moving, setMoving] = useState<StalledTask | null>(null);
  const { data, isPending, error } = useQuery({ queryKey: ['cockpit', 'tasks', filter], queryFn: async () => (await apiFetch<StalledTask[]>(query(filter))).json });
  if (isPending) return <Loading />;
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  if (!data.length) return <Typography color="text.secondary">{translate('app.cockpit.stalled.none')}</Typography>;
  const c = (k: string) => translate(`app.cockpit.stalled.columns.${k}`);
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" data-testid="stalled-list">
        <TableHead>
          <TableRow>
            {['name', 'caseNo', 'applicant', 'union', 'assignee', 'dueAt', 'overdueDays', 'overdueWorkingDays'].map((k) => (
              <TableCell key={k} sx={{ whiteSpace: 'nowrap' }}>
                {c(k)}
              </TableCell>
            ))}
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {data.map((t) => (
            <TableRow key={t.id} data-testid="stalled-row" data-task-id={t.id} data-case-no={t.file?.caseNo ?? t.businessKey ?? ''} sx={t.overdue ? { bgcolor: 'rgba(211, 47, 47, 0.06)' } : undefined}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <strong>{t.name}</strong>
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{t.file ? <Link to={`/files/${t.file.id}/show`}>{t.file.caseNo}</Link> : translate(`app.task.processes.${t.bpmnProcessId}`, { _: t.businessKey ?? '' })}</TableCell>
              <TableCell>{t.file?.applicantName ?? '—'}</TableCell>
              <TableCell>{t.candidateOrgName ?? '—'}</TableCell>
              <TableCell data-testid="stalled-assignee">{t.assigneeName ?? <Chip size="small" label={translate('app.cockpit.stalled.unassigned')} />}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(t.dueAt)}</TableCell>
              <TableCell data-testid="stalled-days">{translate('app.cockpit.stalled.days', { count: t.overdueDays })}</TableCell>
              <TableCell data-testid="stalled-working-days">{translate('app.cockpit.stalled.days', { count: t.overdueWorkingDays })}</TableCell>
              <TableCell>
                <Button size="small" variant="outlined" onClick={() => setMoving(t)} data-testid="stalled-reassign">
                  {translate('app.cockpit.stalled.reassign')}
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {moving && <ReassignDialog task={moving} onClose={() => setMoving(null)} />}
    </Box>
  );
};

/** 超时未办: the count, by union and by step (each opens the list below), and the list with 转交. */
export const StalledSection = ({ overview, filter, setFilter }: { overview: CockpitOverview; filter: TaskFilter; setFilter: (f: TaskFilter) => void }) => {
  const translate = useTranslate();
  const { stalled } = overview;
  const filtered = !filter.overdue || filter.orgId || filter.elementId;
  return (
    <Stack spacing={2}>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: 'auto 1fr 1fr' }, alignItems: 'start' }}>
        <Figure testId="stalled-total" value={stalled.total} label={translate('app.cockpit.stalled.total', { count: stalled.total })} tone="error.main" onClick={() => setFilter({ overdue: true })} />
        <Box>
          <Typography variant="subtitle2">{translate('app.cockpit.stalled.by_union')}</Typography>
          <BarChart
            testId="stalled-by-union"
            selected={filter.orgId}
            bars={stalled.byUnion.map((u) => ({ key: u.orgId, label: u.orgName, value: u.count, text: String(u.count), color: '#d32f2f', title: `${u.orgName}：${u.count}` }))}
            onPick={(orgId) => setFilter({ overdue: true, orgId, orgName: stalled.byUnion.find((u) => u.orgId === orgId)?.orgName })}
          />
        </Box>
        <Box>
          <Typography variant="subtitle2">{translate('app.cockpit.stalled.by_step')}</Typography>
          <BarChart
            testId="stalled-by-step"
            selected={filter.elementId ? `${filter.bpmnProcessId} ${filter.elementId}` : undefined}
            bars={stalled.byStep.map((s) => ({ key: `${s.bpmnProcessId} ${s.elementId}`, label: s.name, value: s.count, text: String(s.count), color: '#ef6c00', title: `${s.name}：${s.count}` }))}
            onPick={(key) => {
              const s = stalled.byStep.find((x) => `${x.bpmnProcessId} ${x.elementId}` === key)!;
              setFilter({ overdue: true, bpmnProcessId: s.bpmnProcessId, elementId: s.elementId, elementName: s.name });
            }}
          />
        </Box>
      </Box>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} data-testid="stalled-filter">
        <Typography variant="subtitle2">{translate('app.cockpit.stalled.list')}</Typography>
        {!filter.overdue && <Chip size="small" color="info" label={translate('app.cockpit.stalled.filter_waiting')} />}
        {filter.orgName && <Chip size="small" label={translate('app.cockpit.stalled.filter_union', { name: filter.orgName })} />}
        {filter.elementName && <Chip size="small" label={translate('app.cockpit.stalled.filter_step', { name: filter.elementName })} />}
        {filtered && (
          <Button size="small" onClick={() => setFilter({ overdue: true })}>
            {translate('app.cockpit.clear_filter')}
          </Button>
        )}
      </Stack>
      <Typography variant="caption" color="text.secondary">
        {translate('app.cockpit.stalled.age_note')}
      </Typography>
      <StalledList filter={filter} />
    </Stack>
  );
};
