import { Alert, Box, Card, CardContent, Chip, Link, Stack, Tab, Table, TableBody, TableCell, TableHead, TableRow, Tabs, TextField, Typography } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Button, Title, useNotify, usePermissions, useTranslate } from 'react-admin';
import type { RoleGrant } from '../canAccess';
import { formatDate, formatDateTime, formatFen, todayInShanghai } from '../common/format';
import { apiFetch } from '../http';

const TABS = ['plans', 'timeline', 'funds', 'reports', 'assessment', 'book'] as const;
type TabId = (typeof TABS)[number];
const l = (key: string) => `app.year.${key}`;

/** GET a JSON path; lists come whole. */
function useApi<T>(path: string | null) {
  return useQuery({ queryKey: ['year-work', path], queryFn: async () => (await apiFetch<T>(path!)).json, enabled: !!path });
}

/** A write, then the page's lists reload; the server's Chinese message on failure. */
function useAction() {
  const notify = useNotify();
  const client = useQueryClient();
  return async (path: string, body: unknown = {}) => {
    try {
      await apiFetch(path, { method: 'POST', body });
      notify(l('done'), { type: 'info' });
      await client.invalidateQueries({ queryKey: ['year-work'] });
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
  };
}

const Grid = ({ head, rows, testId }: { head: string[]; rows: ReactNode[][]; testId: string }) => {
  const translate = useTranslate();
  if (!rows.length) return <Typography color="text.secondary">{translate(l('empty'))}</Typography>;
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" data-testid={testId}>
        <TableHead>
          <TableRow>{head.map((h) => <TableCell key={h}>{translate(l(`columns.${h}`))}</TableCell>)}</TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r, i) => (
            <TableRow key={i}>{r.map((c, j) => <TableCell key={j}>{c}</TableCell>)}</TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

const LoadError = ({ error }: { error: unknown }) => (error ? <Alert severity="error">{(error as Error).message}</Alert> : null);
const has = (roles: RoleGrant[] | undefined, ...names: string[]) => (roles ?? []).some((r) => names.includes(r.role));

const PlansTab = ({ year, roles }: { year: number; roles?: RoleGrant[] }) => {
  const translate = useTranslate();
  const act = useAction();
  const plans = useApi<any[]>(`/api/work-plans?year=${year}`);
  return (
    <Stack spacing={2}>
      {has(roles, 'city_reviewer') && <Box><Button label={l('plans.start')} variant="contained" onClick={() => act('/api/work-plans', { year })} /></Box>}
      <LoadError error={plans.error} />
      <Grid
        testId="work-plans"
        head={['union', 'due', 'status', 'submitted', 'overdue']}
        rows={(plans.data ?? []).map((p) => [
          p.orgName,
          formatDate(p.dueDate),
          translate(l(`plans.status.${p.status}`)),
          p.firstSubmittedAt ? formatDateTime(p.firstSubmittedAt) : translate(l('plans.not_submitted')),
          p.overdue ? <Chip size="small" color="error" label={translate(l('plans.overdue'))} /> : '',
        ])}
      />
    </Stack>
  );
};

const TimelineTab = ({ year, roles }: { year: number; roles?: RoleGrant[] }) => {
  const translate = useTranslate();
  const act = useAction();
  const list = useApi<any[]>('/api/timelines');
  const [picked, setPicked] = useState<string | null>(null);
  const id = picked ?? list.data?.[0]?.id ?? null;
  const progress = useApi<any>(id ? `/api/timelines/${id}` : null);
  const overseer = has(roles, 'supervisor', 'city_reviewer', 'county_reviewer');
  const missed = useApi<any[]>(id && overseer ? `/api/timelines/${id}/missed` : null);
  const milestones: any[] = progress.data?.milestones ?? [];
  return (
    <Stack spacing={2}>
      {has(roles, 'city_reviewer') && (
        <Box>
          <Button label={l('timeline.start')} variant="contained" onClick={() => act('/api/timelines', { year, name: translate(l('timeline.default_name'), { year }) })} />
        </Box>
      )}
      <LoadError error={list.error ?? progress.error} />
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap' }}>
        {(list.data ?? []).map((c) => <Chip key={c.id} label={`${c.name}（${c.orgName}）`} color={c.id === id ? 'primary' : 'default'} onClick={() => setPicked(c.id)} />)}
      </Stack>
      {progress.data && (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" data-testid="timeline-milestones">
            <TableHead>
              <TableRow>
                <TableCell>{translate(l('columns.union'))}</TableCell>
                {milestones.map((m) => <TableCell key={m.key}>{m.name}<br />{formatDate(m.end)}</TableCell>)}
              </TableRow>
            </TableHead>
            <TableBody>
              {progress.data.unions.map((u: any) => (
                <TableRow key={u.orgId}>
                  <TableCell>{u.orgName}</TableCell>
                  {u.milestones.map((m: any) => (
                    <TableCell key={m.key}>
                      {translate(l(`timeline.status.${m.status}`))}
                      {m.total ? `（${m.key === 'fund_cleanup' ? `${formatFen(m.done)}/${formatFen(m.total)}` : `${m.done}/${m.total}`}）` : ''}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      {overseer && id && (
        <>
          <Typography variant="subtitle1">{translate(l('timeline.missed'))}</Typography>
          <Grid testId="missed-milestones" head={['union', 'milestone', 'deadline', 'status']} rows={(missed.data ?? []).map((m) => [m.orgName, m.name, formatDate(m.end), translate(l(`timeline.status.${m.status}`))])} />
        </>
      )}
    </Stack>
  );
};

const FundsTab = () => {
  const translate = useTranslate();
  const [cutoff, setCutoff] = useState(todayInShanghai());
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(cutoff);
  const rows = useApi<any[]>(valid ? `/api/fund-cleanup?cutoff=${cutoff}` : null);
  const link = (format: string) => `/api/fund-cleanup?${new URLSearchParams({ cutoff, format })}`;
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <TextField label={translate(l('funds.cutoff'))} type="date" value={cutoff} onChange={(e) => setCutoff(e.target.value)} size="small" sx={{ width: 220 }} slotProps={{ inputLabel: { shrink: true } }} />
        {valid && (
          <>
            <Link href={link('html')} target="_blank" rel="noopener" data-testid="fund-cleanup-print">{translate(l('funds.print'))}</Link>
            <Link href={link('pdf')} target="_blank" rel="noopener">{translate(l('funds.pdf'))}</Link>
            <Button label={l('funds.xlsx')} href={link('xlsx')} data-testid="fund-cleanup-xlsx" />
          </>
        )}
      </Stack>
      <LoadError error={rows.error} />
      <Grid testId="fund-cleanup" head={['union', 'received', 'used', 'unused']} rows={(rows.data ?? []).map((r) => [r.orgName, formatFen(r.received), formatFen(r.used), formatFen(r.unused)])} />
    </Stack>
  );
};

const ReportsTab = ({ year, roles }: { year: number; roles?: RoleGrant[] }) => {
  const translate = useTranslate();
  const act = useAction();
  const reports = useApi<any[]>('/api/stat-reports');
  const [comment, setComment] = useState('');
  const own = (roles ?? []).find((r) => ['grassroots_staff', 'grassroots_chair', 'county_reviewer', 'city_reviewer', 'upper_reviewer'].includes(r.role));
  const reviewer = has(roles, 'county_reviewer', 'city_reviewer', 'upper_reviewer');
  return (
    <Stack spacing={2}>
      {own && (
        <Stack direction="row" spacing={1}>
          <Button label={l('reports.generate')} variant="contained" onClick={() => act('/api/stat-reports', { orgId: own.orgId, period: String(year) })} />
          <Button label={l('reports.aggregate')} href={`/api/stat-reports/aggregate?${new URLSearchParams({ orgId: own.orgId, period: String(year), format: 'xlsx' })}`} />
        </Stack>
      )}
      {reviewer && <TextField label={translate(l('reports.comment'))} value={comment} onChange={(e) => setComment(e.target.value)} size="small" />}
      <LoadError error={reports.error} />
      <Grid
        testId="stat-reports"
        head={['union', 'period', 'status', 'actions']}
        rows={(reports.data ?? []).map((r) => [
          r.orgName,
          r.period,
          translate(l(`reports.status.${r.status}`)),
          <Stack direction="row" spacing={1} key={r.id}>
            <Link href={`/api/stat-reports/${r.id}/export?format=html`} target="_blank" rel="noopener">{translate(l('reports.print'))}</Link>
            <Button label={l('reports.export')} href={`/api/stat-reports/${r.id}/export?format=xlsx`} />
            {(r.status === 'draft' || r.status === 'returned') && own?.orgId === r.orgId && <Button label={l('reports.submit')} onClick={() => act(`/api/stat-reports/${r.id}/submit`)} />}
            {r.status === 'submitted' && reviewer && own?.orgId !== r.orgId && (
              <>
                <Button label={l('reports.accept')} onClick={() => act(`/api/stat-reports/${r.id}/review`, { decision: 'approve', comment })} />
                <Button label={l('reports.return')} onClick={() => act(`/api/stat-reports/${r.id}/review`, { decision: 'return', comment })} />
              </>
            )}
          </Stack>,
        ])}
      />
    </Stack>
  );
};

const AssessmentTab = ({ year, roles }: { year: number; roles?: RoleGrant[] }) => {
  const translate = useTranslate();
  const act = useAction();
  const rows = useApi<any[]>(`/api/assessments?year=${year}`);
  return (
    <Stack spacing={2}>
      {has(roles, 'city_reviewer', 'supervisor') && <Box><Button label={l('assessment.compute')} variant="contained" onClick={() => act('/api/assessments', { year })} /></Box>}
      <LoadError error={rows.error} />
      <Grid
        testId="assessments"
        head={['union', 'exits', 'reached', 'stock', 'pairing', 'visits', 'deduction', 'cut', 'status']}
        rows={(rows.data ?? []).map((a) => [
          a.orgName,
          `${a.figures.exits}/${a.figures.exitTarget}`,
          translate(l(a.targetReached ? 'assessment.reached' : 'assessment.missed')),
          a.figures.stockRemaining,
          `${a.figures.cadresCompliant}/${a.figures.cadres}`,
          `${a.figures.householdsVisitedTwice}/${a.figures.householdsToVisit}`,
          a.deductionPoints,
          `${a.allocationCutPct}%`,
          a.status === 'confirmed' ? translate(l('assessment.confirmed')) : has(roles, 'city_reviewer') ? <Button label={l('assessment.confirm')} onClick={() => act(`/api/assessments/${a.id}/confirm`, {})} /> : translate(l('assessment.proposed')),
        ])}
      />
    </Stack>
  );
};

const BookTab = ({ year, roles }: { year: number; roles?: RoleGrant[] }) => {
  const translate = useTranslate();
  const orgs = [...new Map((roles ?? []).map((r) => [r.orgId, r.orgName])).entries()];
  const link = (orgId: string, format: string) => `/api/record-book?${new URLSearchParams({ orgId, year: String(year), format })}`;
  return (
    <Grid
      testId="record-books"
      head={['union', 'actions']}
      rows={orgs.map(([orgId, orgName]) => [
        orgName,
        <Stack direction="row" spacing={1} key={orgId}>
          <Link href={link(orgId, 'html')} target="_blank" rel="noopener">{translate(l('book.print'))}</Link>
          <Link href={link(orgId, 'pdf')} target="_blank" rel="noopener">{translate(l('book.pdf'))}</Link>
          <Button label={l('book.xlsx')} href={link(orgId, 'xlsx')} />
        </Stack>,
      ])}
    />
  );
};

/** 年度工作 (issue 10): plans, timeline, fund clean-up, statistics reported upward, assessment, record book. */
export const YearWorkPage = () => {
  const translate = useTranslate();
  const { permissions } = usePermissions<RoleGrant[]>();
  const [tab, setTab] = useState<TabId>('plans');
  const [year, setYear] = useState(Number(todayInShanghai().slice(0, 4)));
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={l('title')} />
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center' }}>
          <TextField label={translate(l('year_label'))} type="number" value={year} onChange={(e) => setYear(Number(e.target.value) || year)} size="small" sx={{ width: 140 }} />
        </Stack>
        <Tabs value={tab} onChange={(_, v) => setTab(v)} variant="scrollable">
          {TABS.map((t) => <Tab key={t} value={t} label={translate(l(`tabs.${t}`))} data-testid={`year-tab-${t}`} />)}
        </Tabs>
        <Box sx={{ pt: 2 }}>
          {tab === 'plans' && <PlansTab year={year} roles={permissions} />}
          {tab === 'timeline' && <TimelineTab year={year} roles={permissions} />}
          {tab === 'funds' && <FundsTab />}
          {tab === 'reports' && <ReportsTab year={year} roles={permissions} />}
          {tab === 'assessment' && <AssessmentTab year={year} roles={permissions} />}
          {tab === 'book' && <BookTab year={year} roles={permissions} />}
        </Box>
      </CardContent>
    </Card>
  );
};
