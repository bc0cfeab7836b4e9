import AddIcon from '@mui/icons-material/Add';
import DownloadIcon from '@mui/icons-material/Download';
import VisibilityIcon from '@mui/icons-material/Visibility';
import {
  Alert,
  Box,
  Card,
  CardContent,
  Chip,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tabs,
  Typography,
} from '@mui/material';
import { useState, type ReactNode } from 'react';
import { Button, NumberInput, TextInput, Title, useCanAccess, useDataProvider, useGetList, useGetOne, useTranslate, type Identifier } from 'react-admin';
import { StartCleanupSchema, StartReferralSchema, StartSpotCheckSchema } from '../../../api/campaigns/campaigns.schema';
import { SPOT_CHECK_QUESTIONS } from '../../../workers/campaigns/vocabulary';
import { DateTextInput } from '../common/DateTextInput';
import { formatDate, formatFen, todayInShanghai } from '../common/format';
import { FormDialog } from '../common/FormDialog';
import { zodFormValidator } from '../common/zodValidation';
import type { AppDataProvider } from '../dataProvider';
import type { CleanupCampaign, DibaoReferral, SpotCheck } from './types';

const TABS = ['cleanup', 'dibao', 'spot'] as const;
type TabId = (typeof TABS)[number];
const l = (key: string) => `app.campaigns.${key}`;

/** A small table of label → value headers and rows, with a message when there is nothing. */
const SimpleTable = ({ head, rows, empty, testId }: { head: string[]; rows: ReactNode[]; empty: string; testId: string }) => {
  const translate = useTranslate();
  if (rows.length === 0) return <Typography color="text.secondary">{translate(empty)}</Typography>;
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" data-testid={testId}>
        <TableHead>
          <TableRow>
            {head.map((h) => (
              <TableCell key={h}>{translate(h)}</TableCell>
            ))}
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>{rows}</TableBody>
      </Table>
    </Box>
  );
};

/**
 * These lists come whole, unsorted: the API refuses a sort parameter it does not offer (the
 * dibao lists), and react-admin sends `id` unless told otherwise; an empty field sends none.
 */
const WHOLE_LIST = { pagination: { page: 1, perPage: 200 }, sort: { field: '', order: 'ASC' as const } };

const LoadError = ({ error }: { error: unknown }) => (error ? <Alert severity="error" sx={{ mb: 1 }}>{(error as Error).message}</Alert> : null);

const Detail = ({ title, onClose, children, testId }: { title: string; onClose: () => void; children: ReactNode; testId: string }) => (
  <Dialog open onClose={onClose} maxWidth="md" fullWidth data-testid={testId}>
    <DialogTitle>{title}</DialogTitle>
    <DialogContent dividers>{children}</DialogContent>
    <DialogActions>
      <Button label="ra.action.close" onClick={onClose} />
    </DialogActions>
  </Dialog>
);

/** A campaign's progress per union, with the two parts of each union's roster as .xlsx. */
const CleanupDetail = ({ id, onClose }: { id: Identifier; onClose: () => void }) => {
  const translate = useTranslate();
  const { data: c } = useGetOne<CleanupCampaign>('cleanup-campaigns', { id });
  return (
    <Detail title={c?.name ?? ''} onClose={onClose} testId="cleanup-detail">
      {!c ? (
        <CircularProgress size={20} />
      ) : (
        <SimpleTable
          testId="cleanup-unions"
          empty={l('cleanup.no_unions')}
          head={['union', 'stock', 'kept', 'cancelled', 'undecided', 'increment', 'restored', 'rosters'].map((k) => l(`cleanup.fields.${k}`))}
          rows={(c.unions ?? []).map((u) => (
            <TableRow key={u.orgId} data-testid="cleanup-union" data-org-id={u.orgId}>
              <TableCell>{u.orgName}</TableCell>
              <TableCell align="right">{u.stock}</TableCell>
              <TableCell align="right">{u.kept}</TableCell>
              <TableCell align="right">{u.cancelled}</TableCell>
              <TableCell align="right">{u.undecided}</TableCell>
              <TableCell align="right">{u.increment}</TableCell>
              <TableCell align="right">{u.restored}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {(['stock', 'increment'] as const).map((part) => (
                  <Box key={part}>
                    {translate(`app.campaign.parts.${part}`)}：{translate(`app.campaign.roster_status.${u.rosterStatus[part] ?? 'none'}`)}
                  </Box>
                ))}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {(['stock', 'increment'] as const).map((part) => (
                  <Button
                    key={part}
                    component="a"
                    href={`/api/cleanup-campaigns/${encodeURIComponent(String(c.id))}/roster?${new URLSearchParams({ orgId: u.orgId, part, format: 'xlsx' })}`}
                    download
                    size="small"
                    label={translate('app.campaign.parts.' + part)}
                  >
                    <DownloadIcon />
                  </Button>
                ))}
              </TableCell>
            </TableRow>
          ))}
        />
      )}
    </Detail>
  );
};

const CleanupTab = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AppDataProvider>();
  const { canAccess: canStart } = useCanAccess({ resource: 'campaigns', action: 'start' });
  const [starting, setStarting] = useState(false);
  const [open, setOpen] = useState<Identifier | null>(null);
  const { data = [], isPending, error, refetch } = useGetList<CleanupCampaign>('cleanup-campaigns', WHOLE_LIST);
  return (
    <Box data-testid="campaigns-cleanup">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate(l('cleanup.intro'))}
      </Typography>
      {canStart && (
        <Button label={l('cleanup.start')} onClick={() => setStarting(true)} variant="contained" sx={{ mb: 1 }} data-testid="cleanup-start">
          <AddIcon />
        </Button>
      )}
      <LoadError error={error} />
      {isPending ? (
        <CircularProgress size={20} />
      ) : (
        <SimpleTable
          testId="cleanup-campaigns"
          empty={l('cleanup.none')}
          head={['name', 'org', 'stockCutoff', 'incrementCutoff', 'status', 'startedAt'].map((k) => l(`cleanup.fields.${k}`))}
          rows={data.map((c) => (
            <TableRow key={c.id} data-testid="cleanup-campaign" data-campaign-id={c.id} data-status={c.status}>
              <TableCell>{c.name}</TableCell>
              <TableCell>{c.orgName}</TableCell>
              <TableCell>{c.stockCutoff}</TableCell>
              <TableCell>{c.incrementCutoff}</TableCell>
              <TableCell>
                <Chip size="small" color={c.status === 'open' ? 'info' : 'default'} label={translate(l(`cleanup.status.${c.status}`), { _: c.status })} />
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDate(c.startedAt)}</TableCell>
              <TableCell align="right">
                <Button label={l('detail')} onClick={() => setOpen(c.id)} size="small" data-testid="cleanup-open">
                  <VisibilityIcon />
                </Button>
              </TableCell>
            </TableRow>
          ))}
        />
      )}
      {open && <CleanupDetail id={open} onClose={() => setOpen(null)} />}
      {starting && (
        <FormDialog
          title={l('cleanup.start_title')}
          record={{ name: translate(l('cleanup.default_name'), { year: todayInShanghai().slice(0, 4) }), incrementCutoff: todayInShanghai() }}
          validate={zodFormValidator(StartCleanupSchema)}
          save={(values) => dataProvider.create('cleanup-campaigns', { data: values })}
          success={l('cleanup.started')}
          onClose={() => setStarting(false)}
          onSaved={() => {
            setStarting(false);
            void refetch();
          }}
          testId="cleanup-start-dialog"
        >
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {translate(l('cleanup.start_hint'))}
          </Typography>
          <TextInput id="name" source="name" label={l('cleanup.fields.name')} isRequired fullWidth />
          <DateTextInput id="stockCutoff" source="stockCutoff" label={l('cleanup.fields.stockCutoff')} helperText={l('cleanup.stockCutoff_help')} isRequired fullWidth={false} />
          <DateTextInput id="incrementCutoff" source="incrementCutoff" label={l('cleanup.fields.incrementCutoff')} helperText={l('cleanup.incrementCutoff_help')} isRequired fullWidth={false} />
        </FormDialog>
      )}
    </Box>
  );
};

const ReferralDetail = ({ id, onClose }: { id: Identifier; onClose: () => void }) => {
  const translate = useTranslate();
  const { data: r } = useGetOne<DibaoReferral>('dibao-referrals', { id });
  return (
    <Detail title={r ? translate(l('dibao.detail_title'), { org: r.orgName, year: r.year }) : ''} onClose={onClose} testId="referral-detail">
      {!r ? (
        <CircularProgress size={20} />
      ) : (
        <SimpleTable
          testId="referral-items"
          empty="app.campaign.dibao.empty"
          head={['household', 'perCapita', 'dibao', 'answer', 'note'].map((k) => l(`dibao.fields.${k}`))}
          rows={(r.items ?? []).map((i) => (
            <TableRow key={i.fileId} data-testid="referral-item" data-file-id={i.fileId} data-answer={i.answer ?? ''}>
              <TableCell>{translate('app.campaign.file_line', { name: i.applicantName, no: i.fileNo ?? i.caseNo, org: i.orgName })}</TableCell>
              <TableCell align="right">{formatFen(i.perCapita)}</TableCell>
              <TableCell align="right">{i.dibao === null ? '—' : formatFen(i.dibao)}</TableCell>
              <TableCell>{i.answer ? translate(`app.campaign.referral_answers.${i.answer}`) : translate(l('dibao.waiting'))}</TableCell>
              <TableCell>{i.note ?? ''}</TableCell>
              <TableCell />
            </TableRow>
          ))}
        />
      )}
    </Detail>
  );
};

const DibaoTab = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AppDataProvider>();
  const { canAccess: canStart } = useCanAccess({ resource: 'campaigns', action: 'start' });
  const [starting, setStarting] = useState(false);
  const [open, setOpen] = useState<Identifier | null>(null);
  const { data = [], isPending, error, refetch } = useGetList<DibaoReferral>('dibao-referrals', WHOLE_LIST);
  const year = Number(todayInShanghai().slice(0, 4));
  return (
    <Box data-testid="campaigns-dibao">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate(l('dibao.intro'))}
      </Typography>
      {canStart && (
        <Button label={l('dibao.start')} onClick={() => setStarting(true)} variant="contained" sx={{ mb: 1 }} data-testid="dibao-start">
          <AddIcon />
        </Button>
      )}
      <LoadError error={error} />
      {isPending ? (
        <CircularProgress size={20} />
      ) : (
        <SimpleTable
          testId="dibao-referrals"
          empty={l('dibao.none')}
          head={['org', 'year', 'deadline', 'households', 'status'].map((k) => l(`dibao.fields.${k}`))}
          rows={data.map((r) => (
            <TableRow key={r.id} data-testid="dibao-referral" data-referral-id={r.id} data-status={r.status}>
              <TableCell>{r.orgName}</TableCell>
              <TableCell>{r.year}</TableCell>
              <TableCell>{r.deadline}</TableCell>
              <TableCell align="right">{r.households ?? 0}</TableCell>
              <TableCell>
                <Chip size="small" label={translate(l(`dibao.status.${r.status}`), { _: r.status })} />
              </TableCell>
              <TableCell align="right">
                <Button label={l('detail')} onClick={() => setOpen(r.id)} size="small" data-testid="dibao-open">
                  <VisibilityIcon />
                </Button>
              </TableCell>
            </TableRow>
          ))}
        />
      )}
      {open && <ReferralDetail id={open} onClose={() => setOpen(null)} />}
      {starting && (
        <FormDialog
          title={l('dibao.start_title')}
          record={{ year, deadline: `${year}-06-30` }}
          validate={zodFormValidator(StartReferralSchema)}
          save={(values) => dataProvider.create('dibao-referrals', { data: values })}
          success={l('dibao.started')}
          onClose={() => setStarting(false)}
          onSaved={() => {
            setStarting(false);
            void refetch();
          }}
          testId="dibao-start-dialog"
        >
          <NumberInput id="year" source="year" label={l('dibao.fields.year')} step={1} isRequired />
          <DateTextInput id="deadline" source="deadline" label={l('dibao.fields.deadline')} helperText={l('dibao.deadline_help')} fullWidth={false} />
        </FormDialog>
      )}
    </Box>
  );
};

const SpotCheckDetail = ({ id, onClose }: { id: Identifier; onClose: () => void }) => {
  const translate = useTranslate();
  const { data: c } = useGetOne<SpotCheck>('spot-checks', { id });
  return (
    <Detail title={c ? translate(l('spot.detail_title'), { org: c.orgName, year: c.year }) : ''} onClose={onClose} testId="spot-detail">
      {!c ? (
        <CircularProgress size={20} />
      ) : (
        <SimpleTable
          testId="spot-items"
          empty={l('spot.no_items')}
          head={[l('spot.fields.household'), ...SPOT_CHECK_QUESTIONS.map((q) => `app.campaign.questions.${q}`), l('spot.fields.followUp')]}
          rows={(c.items ?? []).map((i) => (
            <TableRow key={i.fileId} data-testid="spot-check-item" data-file-id={i.fileId} data-negative={String(!!i.negative)}>
              <TableCell>{translate('app.campaign.file_line', { name: i.applicantName, no: i.fileNo ?? i.caseNo, org: i.orgName })}</TableCell>
              {SPOT_CHECK_QUESTIONS.map((q) => (
                <TableCell key={q}>
                  {i.answers ? (
                    <Chip size="small" color={i.answers[q].ok ? 'success' : 'error'} variant="outlined" label={translate(i.answers[q].ok ? 'app.campaign.spot.yes' : 'app.campaign.spot.no')} title={i.answers[q].notes} />
                  ) : (
                    '—'
                  )}
                </TableCell>
              ))}
              <TableCell>{i.followUp ?? ''}</TableCell>
              <TableCell />
            </TableRow>
          ))}
        />
      )}
    </Detail>
  );
};

const SpotTab = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AppDataProvider>();
  const { canAccess: canStart } = useCanAccess({ resource: 'spot-checks', action: 'start' });
  const [starting, setStarting] = useState(false);
  const [open, setOpen] = useState<Identifier | null>(null);
  const { data = [], isPending, error, refetch } = useGetList<SpotCheck>('spot-checks', WHOLE_LIST);
  return (
    <Box data-testid="campaigns-spot">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate(l('spot.intro'))}
      </Typography>
      {canStart && (
        <Button label={l('spot.start')} onClick={() => setStarting(true)} variant="contained" sx={{ mb: 1 }} data-testid="spot-start">
          <AddIcon />
        </Button>
      )}
      <LoadError error={error} />
      {isPending ? (
        <CircularProgress size={20} />
      ) : (
        <SimpleTable
          testId="spot-checks"
          empty={l('spot.none')}
          head={['org', 'year', 'sharePct', 'seed', 'status', 'createdAt'].map((k) => l(`spot.fields.${k}`))}
          rows={data.map((c) => (
            <TableRow key={c.id} data-testid="spot-check" data-spot-check-id={c.id} data-status={c.status}>
              <TableCell>{c.orgName}</TableCell>
              <TableCell>{c.year}</TableCell>
              <TableCell align="right">{c.sharePct}%</TableCell>
              <TableCell align="right">{c.seed}</TableCell>
              <TableCell>
                <Chip size="small" label={translate(l(`spot.status.${c.status}`), { _: c.status })} />
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDate(c.createdAt)}</TableCell>
              <TableCell align="right">
                <Button label={l('detail')} onClick={() => setOpen(c.id)} size="small" data-testid="spot-open">
                  <VisibilityIcon />
                </Button>
              </TableCell>
            </TableRow>
          ))}
        />
      )}
      {open && <SpotCheckDetail id={open} onClose={() => setOpen(null)} />}
      {starting && (
        <FormDialog
          title={l('spot.start_title')}
          record={{ year: Number(todayInShanghai().slice(0, 4)), sharePct: 10, seed: Math.floor(Math.random() * 100_000) }}
          validate={zodFormValidator(StartSpotCheckSchema)}
          save={(values) => dataProvider.create('spot-checks', { data: values })}
          success={l('spot.started')}
          onClose={() => setStarting(false)}
          onSaved={() => {
            setStarting(false);
            void refetch();
          }}
          testId="spot-start-dialog"
        >
          <TextInput id="orgId" source="orgId" label={l('spot.fields.orgId')} helperText={l('spot.orgId_help')} isRequired />
          <NumberInput id="year" source="year" label={l('spot.fields.year')} step={1} isRequired />
          <NumberInput id="sharePct" source="sharePct" label={l('spot.fields.sharePct')} step={1} min={1} max={100} isRequired />
          <NumberInput id="seed" source="seed" label={l('spot.fields.seed')} helperText={l('spot.seed_help')} step={1} min={0} isRequired />
        </FormDialog>
      )}
    </Box>
  );
};

/**
 * 专项工作 (SPEC §5.3–5.5): the clean-up campaigns, the dibao-uncovered lists and the spot
 * checks — each listed with its progress, started by the city (or the supervisors for spot
 * checks); their tasks are worked in the inbox.
 */
export const CampaignsPage = () => {
  const translate = useTranslate();
  const [tab, setTab] = useState<TabId>('cleanup');
  return (
    <Box sx={{ my: 2 }} data-testid="campaigns-page">
      <Title title="app.campaigns.title" />
      <Card variant="outlined">
        <Tabs value={tab} onChange={(_, value: TabId) => setTab(value)} variant="scrollable" sx={{ borderBottom: 1, borderColor: 'divider', px: 1 }}>
          {TABS.map((id) => (
            <Tab key={id} value={id} label={translate(`app.campaigns.tabs.${id}`)} data-testid={`campaigns-tab-${id}`} />
          ))}
        </Tabs>
        <CardContent>
          {tab === 'cleanup' && <CleanupTab />}
          {tab === 'dibao' && <DibaoTab />}
          {tab === 'spot' && <SpotTab />}
        </CardContent>
      </Card>
      <Alert severity="info" variant="outlined" sx={{ mt: 2 }}>
        {translate('app.campaigns.tasks_hint')}
      </Alert>
    </Box>
  );
};
