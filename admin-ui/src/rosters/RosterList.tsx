import DoneAllIcon from '@mui/icons-material/DoneAll';
import DrawIcon from '@mui/icons-material/Draw';
import { Alert, Box, Card, CardContent, Chip, CircularProgress, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography, type ChipProps } from '@mui/material';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Confirm, Title, useDataProvider, useGetIdentity, useNotify, useTranslate, type HttpError } from 'react-admin';
import type { AppIdentity } from '../authProvider';
import { formatDateTime, todayInShanghai } from '../common/format';
import type { AppDataProvider } from '../dataProvider';
import { PrintMenu } from '../print/PrintMenu';
import type { RosterAction, RosterRecord } from './types';

const FIRST_YEAR = 2018;
const STATUS_COLORS: Record<RosterRecord['status'], ChipProps['color']> = { draft: 'warning', submitted: 'info', confirmed: 'success' };

/**
 * Who may do what with a roster, as the API decides it (api/help/help.ts `rosterAction`): the
 * union's own chair signs its 解困脱困花名册; a county reviewer above it confirms. Clean-up
 * rosters move with their campaign's tasks instead.
 */
function actionFor(roster: RosterRecord, identity: AppIdentity | undefined): RosterAction | null {
  if (roster.kind !== 'exit' || !identity) return null;
  if (roster.status === 'draft' && identity.roles.some((r) => r.role === 'grassroots_chair' && r.orgId === roster.orgId)) return 'submit';
  if (roster.status === 'submitted' && identity.roles.some((r) => r.role === 'county_reviewer' && r.orgId !== roster.orgId)) return 'confirm';
  return null;
}

const ActionButton = ({ roster, action, onDone }: { roster: RosterRecord; action: RosterAction; onDone: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<AppDataProvider>();
  const [asking, setAsking] = useState(false);
  const run = useMutation({
    mutationFn: () => dataProvider.rosterAction(roster.id, action),
    onSuccess: () => {
      notify(`app.rosters.${action}_done`, { type: 'success' });
      onDone();
    },
    onError: (error: HttpError) => notify(error.message, { type: 'error' }),
    onSettled: () => setAsking(false),
  });
  const args = { org: roster.orgName ?? roster.orgId, year: roster.year, count: roster.fileIds.length };
  return (
    <>
      <Button label={`app.rosters.${action}`} onClick={() => setAsking(true)} variant="contained" size="small" disabled={run.isPending} data-testid={`roster-${action}`}>
        {action === 'submit' ? <DrawIcon /> : <DoneAllIcon />}
      </Button>
      <Confirm
        isOpen={asking}
        loading={run.isPending}
        title={translate(`app.rosters.${action}_title`, args)}
        content={translate(`app.rosters.${action}_content`, args)}
        confirm={`app.rosters.${action}`}
        onConfirm={() => run.mutate()}
        onClose={() => setAsking(false)}
      />
    </>
  );
};

/**
 * 解困脱困花名册 (attachment 5, seed 二(二)): each union's roster of the households that exited in
 * a year. The chair signs it and reports it upward; the county confirms it, and only then are
 * the files cancelled. Every roster prints as a page, a PDF and an .xlsx.
 */
export const RosterList = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AppDataProvider>();
  const { identity } = useGetIdentity();
  const thisYear = Number(todayInShanghai().slice(0, 4));
  const [year, setYear] = useState<number | ''>(thisYear);
  const rosters = useQuery({
    queryKey: ['rosters', year],
    queryFn: async () => (await dataProvider.getRosters(year || undefined)).data,
  });
  const years = Array.from({ length: thisYear - FIRST_YEAR + 2 }, (_, i) => thisYear + 1 - i);
  const rows = rosters.data ?? [];
  return (
    <Box sx={{ my: 2 }} data-testid="rosters-page">
      <Title title="app.rosters.title" />
      <Card variant="outlined">
        <CardContent>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {translate('app.rosters.intro')}
          </Typography>
          <TextField
            select
            size="small"
            label={translate('app.rosters.year')}
            value={year}
            onChange={(e) => setYear(e.target.value ? Number(e.target.value) : '')}
            slotProps={{ select: { native: true }, inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'roster-year' } }}
            fullWidth={false}
            sx={{ mb: 2, width: 200 }}
          >
            <option value="">{translate('app.rosters.all_years')}</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {translate('app.rosters.year_value', { year: y })}
              </option>
            ))}
          </TextField>
          {rosters.error && <Alert severity="error">{(rosters.error as Error).message}</Alert>}
          {rosters.isPending ? (
            <CircularProgress size={20} />
          ) : rows.length === 0 ? (
            <Typography color="text.secondary" data-testid="rosters-empty">
              {translate('app.rosters.none')}
            </Typography>
          ) : (
            <Box sx={{ overflowX: 'auto' }}>
              <Table size="small">
                <TableHead>
                  <TableRow>
                    {['org', 'year', 'kind', 'households', 'status', 'submittedAt', 'confirmedAt'].map((c) => (
                      <TableCell key={c}>{translate(`app.rosters.fields.${c}`)}</TableCell>
                    ))}
                    <TableCell />
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.map((r) => {
                    const action = actionFor(r, identity as AppIdentity | undefined);
                    return (
                      <TableRow key={r.id} data-testid="roster-row" data-roster-id={r.id} data-status={r.status} data-kind={r.kind}>
                        <TableCell>{r.orgName ?? r.orgId}</TableCell>
                        <TableCell>{r.year}</TableCell>
                        <TableCell>{translate(`app.rosters.kinds.${r.kind}`, { _: r.kind })}</TableCell>
                        <TableCell align="right">{r.fileIds.length}</TableCell>
                        <TableCell>
                          <Chip size="small" color={STATUS_COLORS[r.status] ?? 'default'} label={translate(`app.rosters.status.${r.status}`, { _: r.status })} />
                        </TableCell>
                        <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.submittedAt) || '—'}</TableCell>
                        <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.confirmedAt) || '—'}</TableCell>
                        <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                          <Box sx={{ display: 'inline-flex', gap: 1 }}>
                            {action && <ActionButton roster={r} action={action} onDone={() => void rosters.refetch()} />}
                            <PrintMenu
                              testId={`roster-print-${r.id}`}
                              docs={[{ id: 'roster', label: `app.rosters.kinds.${r.kind}`, href: `/api/rosters/${encodeURIComponent(r.id)}/print`, formats: ['html', 'pdf', 'xlsx'] }]}
                            />
                          </Box>
                        </TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            </Box>
          )}
        </CardContent>
      </Card>
    </Box>
  );
};
