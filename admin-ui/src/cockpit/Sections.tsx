import { useState } from 'react';
import { Alert, Box, Button, Chip, Stack, Tab, Table, TableBody, TableCell, TableHead, TableRow, Tabs, Typography } from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { Loading, useNotify, useTranslate } from 'react-admin';
import { BpmnDiagram, type DiagramBadge } from '../common/BpmnDiagram';
import { formatDateTime, formatFen } from '../common/format';
import { apiFetch } from '../http';
import type { FundUsage } from '../funds/types';
import { BarChart, Figure } from './charts';
import type { CockpitOverview, Heatmap, Incident, PairingRow, TargetRow, TaskFilter } from './types';

const get = async <T,>(path: string) => (await apiFetch<T>(path)).json;
const filesLink = (filter: Record<string, string>) => `/files?filter=${encodeURIComponent(JSON.stringify(filter))}`;

/** 流程热力图: the latest version of a process with its waiting tasks and incidents per element. */
export const HeatmapSection = ({ overview, onPick }: { overview: CockpitOverview; onPick: (f: TaskFilter) => void }) => {
  const translate = useTranslate();
  // 建档 first: its approvals are what stalls
  const [process, setProcess] = useState(overview.processes.some((p) => p.bpmnProcessId === 'filing') ? 'filing' : (overview.processes[0]?.bpmnProcessId ?? 'filing'));
  const { data, isPending, error } = useQuery({ queryKey: ['cockpit', 'heatmap', process], queryFn: () => get<Heatmap>(`/api/cockpit/processes/${encodeURIComponent(process)}`) });
  const names = new Map<string, string>();
  if (data) for (const m of data.xml.matchAll(/<bpmn:\w+ id="([^"]+)" name="([^"]*)"/g)) names.set(m[1], m[2]);
  const name = (id: string) => names.get(id) ?? id;
  const max = Math.max(1, ...(data?.elements.map((e) => e.waiting) ?? []));
  const badges: DiagramBadge[] = (data?.elements ?? []).flatMap((e) => [
    ...(e.waiting ? [{ elementId: e.elementId, tone: 'info' as const, text: translate('app.cockpit.heatmap.waiting', { count: e.waiting }), title: translate('app.cockpit.heatmap.waiting_title', { name: name(e.elementId), count: e.waiting }), testId: 'heat-waiting' }] : []),
    ...(e.overdue ? [{ elementId: e.elementId, tone: 'warning' as const, text: translate('app.cockpit.heatmap.overdue', { count: e.overdue }), title: translate('app.cockpit.heatmap.overdue_title', { name: name(e.elementId), count: e.overdue }), testId: 'heat-overdue' }] : []),
    ...(e.incidents ? [{ elementId: e.elementId, tone: 'error' as const, text: translate('app.cockpit.heatmap.incidents', { count: e.incidents }), title: translate('app.cockpit.heatmap.incidents_title', { name: name(e.elementId), count: e.incidents }), testId: 'heat-incidents' }] : []),
  ]);
  return (
    <Stack spacing={1}>
      <Tabs value={process} onChange={(_, v: string) => setProcess(v)} variant="scrollable" aria-label={translate('app.cockpit.heatmap.process')}>
        {overview.processes.map((p) => (
          <Tab key={p.bpmnProcessId} value={p.bpmnProcessId} label={translate(`app.task.processes.${p.bpmnProcessId}`, { _: p.name })} data-testid={`heatmap-tab-${p.bpmnProcessId}`} />
        ))}
      </Tabs>
      {isPending && <Loading />}
      {error && <Alert severity="error">{(error as Error).message}</Alert>}
      {data && (
        <>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Chip size="small" label={translate('app.cockpit.heatmap.version', { version: data.version })} />
            <Typography variant="caption" color="text.secondary">
              {data.elements.length ? translate('app.cockpit.heatmap.note') : translate('app.cockpit.heatmap.empty')}
            </Typography>
          </Stack>
          <BpmnDiagram
            testId="heatmap-diagram"
            xml={data.xml}
            heat={Object.fromEntries(data.elements.map((e) => [e.elementId, e.waiting / max]))}
            incidents={data.elements.filter((e) => e.incidents).map((e) => e.elementId)}
            badges={badges}
            onElementClick={(elementId) => onPick({ overdue: false, bpmnProcessId: data.bpmnProcessId, elementId, elementName: name(elementId) })}
            height={460}
          />
        </>
      )}
    </Stack>
  );
};

/** 流程异常 with 重试. */
export const IncidentsSection = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const { data, isPending, error } = useQuery({ queryKey: ['cockpit', 'incidents'], queryFn: () => get<Incident[]>('/api/incidents') });
  const retry = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/incidents/${encodeURIComponent(id)}/retry`, { method: 'POST' }),
    onSuccess: () => {
      notify('app.cockpit.incidents.retried', { type: 'success' });
      void queryClient.invalidateQueries({ queryKey: ['cockpit'] });
    },
    onError: (err: Error) => notify(err.message, { type: 'error' }),
  });
  if (isPending) return <Loading />;
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  if (!data.length) return <Typography color="text.secondary">{translate('app.cockpit.incidents.none')}</Typography>;
  const c = (k: string) => translate(`app.cockpit.incidents.columns.${k}`);
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" data-testid="incident-list">
        <TableHead>
          <TableRow>
            {['createdAt', 'process', 'element', 'case', 'message'].map((k) => (
              <TableCell key={k}>{c(k)}</TableCell>
            ))}
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {data.map((i) => (
            <TableRow key={i.id} data-testid="incident-row">
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(i.createdAt)}</TableCell>
              <TableCell>{translate(`app.task.processes.${i.bpmnProcessId}`, { _: i.bpmnProcessId })}</TableCell>
              <TableCell>{i.elementId ?? '—'}</TableCell>
              <TableCell>{i.businessKey ?? '—'}</TableCell>
              <TableCell>{i.message}</TableCell>
              <TableCell>
                <Button size="small" variant="outlined" disabled={retry.isPending} onClick={() => retry.mutate(i.id)} data-testid="incident-retry">
                  {translate('app.cockpit.incidents.retry')}
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

const STATUSES = ['in_review', 'returned', 'filed', 'refused', 'cancelled', 'draft'];
const LEVELS = ['national', 'provincial', 'city', 'county', 'grassroots', 'none'];

/** 档案级别与状态: a level × status matrix; every cell opens the file list filtered so. */
export const FilesSection = ({ overview }: { overview: CockpitOverview }) => {
  const translate = useTranslate();
  const count = (level: string | null, status: string | null) =>
    overview.files.filter((f) => (level === null || f.level === level) && (status === null || f.status === status)).reduce((s, f) => s + f.count, 0);
  const statuses = STATUSES.filter((s) => count(null, s) > 0);
  const levels = LEVELS.filter((l) => count(l, null) > 0);
  if (!levels.length) return <Typography color="text.secondary">{translate('app.cockpit.files.empty')}</Typography>;
  const label = (l: string) => (l === 'none' ? translate('app.cockpit.files.none_level') : translate(`app.funds.levels.${l}`, { _: l }));
  const cell = (level: string | null, status: string | null) => {
    const n = count(level, status);
    const filter: Record<string, string> = {};
    if (level) filter.level = level;
    if (status) filter.status = status;
    return n ? (
      <Link to={filesLink(filter)} data-testid="files-cell" data-level={level ?? ''} data-status={status ?? ''}>
        {n}
      </Link>
    ) : (
      '0'
    );
  };
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" data-testid="files-matrix">
        <TableHead>
          <TableRow>
            <TableCell>{translate('app.cockpit.files.level')}</TableCell>
            {statuses.map((s) => (
              <TableCell key={s} align="right">
                {translate(`app.file.status.${s}`, { _: s })}
              </TableCell>
            ))}
            <TableCell align="right">{translate('app.cockpit.files.total')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {levels.map((l) => (
            <TableRow key={l}>
              <TableCell>{label(l)}</TableCell>
              {statuses.map((s) => (
                <TableCell key={s} align="right">
                  {cell(l, s)}
                </TableCell>
              ))}
              <TableCell align="right">{cell(l, null)}</TableCell>
            </TableRow>
          ))}
          <TableRow>
            <TableCell>
              <strong>{translate('app.cockpit.files.total')}</strong>
            </TableCell>
            {statuses.map((s) => (
              <TableCell key={s} align="right">
                {cell(null, s)}
              </TableCell>
            ))}
            <TableCell align="right">{cell(null, null)}</TableCell>
          </TableRow>
        </TableBody>
      </Table>
    </Box>
  );
};

/** 脱困目标: each union's exit rate against its target; a bar opens the union's files. */
export const TargetsSection = () => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const { data, isPending, error } = useQuery({ queryKey: ['cockpit', 'targets'], queryFn: () => get<TargetRow[]>('/api/targets?range=[0,199]') });
  if (isPending) return <Loading />;
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  const rows = data.filter((r) => r.households > 0);
  if (!rows.length) return <Typography color="text.secondary">{translate('app.cockpit.targets.empty')}</Typography>;
  const rate = (r: TargetRow) => Math.round((r.exits * 1000) / r.households) / 10;
  return (
    <Stack spacing={1}>
      <Typography variant="caption" color="text.secondary">
        {translate('app.cockpit.targets.year', { year: rows[0].year })} · {translate('app.cockpit.targets.legend_rate')} ▬ · {translate('app.cockpit.targets.legend_target')} ┃
      </Typography>
      <BarChart
        testId="targets-chart"
        max={100}
        bars={rows.map((r) => ({
          key: r.orgId,
          label: r.orgName,
          value: rate(r),
          marker: r.exitRatePct,
          color: r.met ? '#2e7d32' : '#ef6c00',
          text: `${rate(r)}% / ${translate('app.cockpit.targets.target', { pct: r.exitRatePct })} · ${r.met ? translate('app.cockpit.targets.met') : translate('app.cockpit.targets.unmet')}`,
          title: translate('app.cockpit.targets.bar_title', { name: r.orgName, exits: r.exits, households: r.households, rate: rate(r), target: r.exitRatePct }),
        }))}
        onPick={(orgId) => navigate(filesLink({ under: orgId }))}
      />
    </Stack>
  );
};

/** 资金使用: paid amounts by fund level; a level opens the unions that paid from it. */
export const FundsSection = () => {
  const translate = useTranslate();
  const [level, setLevel] = useState<string | null>(null);
  const { data, isPending, error } = useQuery({ queryKey: ['cockpit', 'usage'], queryFn: () => get<FundUsage>('/api/funds/usage') });
  if (isPending) return <Loading />;
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  if (!data.total.count) return <Typography color="text.secondary">{translate('app.cockpit.funds.empty')}</Typography>;
  const levelName = (l: string) => translate(`app.funds.levels.${l}`, { _: l });
  const unions = level ? data.byUnion.filter((u) => (u.byLevel as Record<string, number>)[level] > 0) : [];
  return (
    <Stack spacing={1}>
      <Typography variant="body2">{translate('app.cockpit.funds.total', { amount: formatFen(data.total.amount), count: data.total.count })}</Typography>
      <BarChart
        testId="funds-chart"
        selected={level ?? undefined}
        bars={data.byLevel.map((l) => ({ key: l.level, label: levelName(l.level), value: l.amount, text: `${formatFen(l.amount)} · ${translate('app.cockpit.funds.count', { count: l.count })}`, color: '#00897b', title: `${levelName(l.level)}：${formatFen(l.amount)}` }))}
        onPick={setLevel}
      />
      <Typography variant="caption" color="text.secondary">
        {translate('app.cockpit.funds.pick')}
      </Typography>
      {level && (
        <Box data-testid="funds-detail">
          <Typography variant="subtitle2">{translate('app.cockpit.funds.level_detail', { level: levelName(level) })}</Typography>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('app.cockpit.funds.union')}</TableCell>
                <TableCell align="right">{translate('app.cockpit.funds.amount')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {unions.map((u) => (
                <TableRow key={u.orgId}>
                  <TableCell>{u.orgName}</TableCell>
                  <TableCell align="right">{formatFen((u.byLevel as Record<string, number>)[level])}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Stack>
  );
};

/** 结对帮扶与走访: cadres meeting seed 四5 or not; the figures filter the list. */
export const PairingSection = () => {
  const translate = useTranslate();
  const [onlyShort, setOnlyShort] = useState(false);
  const { data, isPending, error } = useQuery({ queryKey: ['cockpit', 'pairing'], queryFn: () => get<PairingRow[]>('/api/pairing?range=[0,199]') });
  if (isPending) return <Loading />;
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  if (!data.length) return <Typography color="text.secondary">{translate('app.cockpit.pairing.empty')}</Typography>;
  const short = data.filter((r) => r.short);
  const rows = onlyShort ? short : data;
  const c = (k: string) => translate(`app.cockpit.pairing.columns.${k}`);
  return (
    <Stack spacing={1}>
      <Typography variant="caption" color="text.secondary">
        {translate('app.cockpit.pairing.rule')}
      </Typography>
      <Stack direction="row" spacing={2}>
        <Figure testId="pairing-cadres" value={data.length} label={translate('app.cockpit.pairing.cadres', { count: data.length })} onClick={() => setOnlyShort(false)} />
        <Figure testId="pairing-short" value={short.length} label={translate('app.cockpit.pairing.short', { count: short.length })} tone="error.main" onClick={() => setOnlyShort(true)} />
      </Stack>
      <Table size="small" data-testid="pairing-list">
        <TableHead>
          <TableRow>
            {['name', 'org', 'households', 'visits', 'status'].map((k) => (
              <TableCell key={k}>{c(k)}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.id} data-testid="pairing-row">
              <TableCell>{r.displayName}</TableCell>
              <TableCell>{r.orgName ?? '—'}</TableCell>
              <TableCell>{r.households}</TableCell>
              <TableCell>{r.visits}</TableCell>
              <TableCell>
                {r.short ? r.shortfalls.map((s) => <Chip key={s} size="small" color="warning" label={translate(`app.cockpit.pairing.shortfalls.${s}`)} sx={{ mr: 0.5 }} />) : <Chip size="small" color="success" label={translate('app.cockpit.pairing.ok')} />}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Stack>
  );
};
