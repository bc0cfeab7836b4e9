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

/**
 * One campaign kind's tab: its intro, the start button for those allowed, the list with a detail
 * button per row, the detail dialog and the start dialog. Test ids derive from `kind`.
 */
const CampaignTab = <T extends { id: Identifier; status: string }>({
  kind,
  resource,
  access,
  listTestId,
  rowTestId,
  rowIdAttribute,
  head,
  cells,
  Detail: RowDetail,
  start,
}: {
  kind: (typeof TABS)[number];
  /** the list and create resource */
  resource: string;
  /** the resource whose `start` right shows the start button */
  access: string;
  listTestId: string;
  rowTestId: string;
  rowIdAttribute: string;
  /** field keys under app.campaigns.<kind>.fields */
  head: string[];
  cells: (row: T) => ReactNode;
  Detail: (props: { id: Identifier; onClose: () => void }) => ReactNode;
  start: { record: () => Record<string, unknown>; validate: ReturnType<typeof zodFormValidator>; fields: ReactNode };
}) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AppDataProvider>();
  const { canAccess: canStart } = useCanAccess({ resource: access, action: 'start' });
  const [starting, setStarting] = useState(false);
  const [open, setOpen] = useState<Identifier | null>(null);
  const { data = [], isPending, error, refetch } = useGetList<T>(resource, WHOLE_LIST);
  return (
    <Box data-testid={`campaigns-${kind}`}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate(l(`${kind}.intro`))}
      </Typography>
      {canStart && (
        <Button label={l(`${kind}.start`)} onClick={() => setStarting(true)} variant="contained" sx={{ mb: 1 }} data-testid={`${kind}-start`}>
          <AddIcon />
        </Button>
      )}
      <LoadError error={error} />
      {isPending ? (
        <CircularProgress size={20} />
      ) : (
        <SimpleTable
          testId={listTestId}
          empty={l(`${kind}.none`)}
          head={head.map((k) => l(`${kind}.fields.${k}`))}
          rows={data.map((row) => (
            <TableRow key={row.id} data-testid={rowTestId} {...{ [rowIdAttribute]: row.id }} data-status={row.status}>
              {cells(row)}
              <TableCell align="right">
                <Button label={l('detail')} onClick={() => setOpen(row.id)} size="small" data-testid={`${kind}-open`}>
                  <VisibilityIcon />
                </Button>
              </TableCell>
            </TableRow>
          ))}
        />
      )}
      {open && <RowDetail id={open} onClose={() => setOpen(null)} />}
      {starting && (
        <FormDialog
          title={l(`${kind}.start_title`)}
          record={start.record()}
          validate={start.validate}
          save={(values) => dataProvider.create(resource, { data: values })}
          success={l(`${kind}.started`)}
          onClose={() => setStarting(false)}
          onSaved={() => {
            setStarting(false);
            void refetch();
          }}
          testId={`${kind}-start-dialog`}
        >
          {start.fields}
        </FormDialog>
      )}
    </Box>
  );
};

const CleanupTab = () => {
  const translate = useTranslate();
  return (
    <CampaignTab<CleanupCampaign>
      kind="cleanup"
      resource="cleanup-campaigns"
      access="campaigns"
      listTestId="cleanup-campaigns"
      rowTestId="cleanup-campaign"
      rowIdAttribute="data-campaign-id"
      head={['name', 'org', 'stockCutoff', 'incrementCutoff', 'status', 'startedAt']}
      cells={(c) => (
        <>
          <TableCell>{c.name}</TableCell>
          <TableCell>{c.orgName}</TableCell>
          <TableCell>{c.stockCutoff}</TableCell>
          <TableCell>{c.incrementCutoff}</TableCell>
          <TableCell>
            <Chip size="small" color={c.status === 'open' ? 'info' : 'default'} label={translate(l(`cleanup.status.${c.status}`), { _: c.status })} />
          </TableCell>
          <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDate(c.startedAt)}</TableCell>
        </>
      )}
      Detail={CleanupDetail}
      start={{
        record: () => ({ name: translate(l('cleanup.default_name'), { year: todayInShanghai().slice(0, 4) }), incrementCutoff: todayInShanghai() }),
        validate: zodFormValidator(StartCleanupSchema),
        fields: (
          <>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              {translate(l('cleanup.start_hint'))}
            </Typography>
            <TextInput id="name" source="name" label={l('cleanup.fields.name')} isRequired fullWidth />
            <DateTextInput id="stockCutoff" source="stockCutoff" label={l('cleanup.fields.stockCutoff')} helperText={l('cleanup.stockCutoff_help')} isRequired fullWidth={false} />
            <DateTextInput id="incrementCutoff" source="incrementCutoff" label={l('cleanup.fields.incrementCutoff')} helperText={l('cleanup.incrementCutoff_help')} isRequired fullWidth={false} />
          </>
        ),
      }}
    />
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
  return (
    <CampaignTab<DibaoReferral>
      kind="dibao"
      resource="dibao-referrals"
      access="campaigns"
      listTestId="dibao-referrals"
      rowTestId="dibao-referral"
      rowIdAttribute="data-referral-id"
      head={['org', 'year', 'deadline', 'households', 'status']}
      cells={(r) => (
        <>
          <TableCell>{r.orgName}</TableCell>
          <TableCell>{r.year}</TableCell>
          <TableCell>{r.deadline}</TableCell>
          <TableCell align="right">{r.households ?? 0}</TableCell>
          <TableCell>
            <Chip size="small" label={translate(l(`dibao.status.${r.status}`), { _: r.status })} />
          </TableCell>
        </>
      )}
      Detail={ReferralDetail}
      start={{
        record: () => {
          const year = Number(todayInShanghai().slice(0, 4));
          return { year, deadline: `${year}-06-30` };
        },
        validate: zodFormValidator(StartReferralSchema),
        fields: (
          <>
            <NumberInput id="year" source="year" label={l('dibao.fields.year')} step={1} isRequired />
            <DateTextInput id="deadline" source="deadline" label={l('dibao.fields.deadline')} helperText={l('dibao.deadline_help')} fullWidth={false} />
          </>
        ),
      }}
    />
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
  return (
    <CampaignTab<SpotCheck>
      kind="spot"
      resource="spot-checks"
      access="spot-checks"
      listTestId="spot-checks"
      rowTestId="spot-check"
      rowIdAttribute="data-spot-check-id"
      head={['org', 'year', 'sharePct', 'seed', 'status', 'createdAt']}
      cells={(c) => (
        <>
          <TableCell>{c.orgName}</TableCell>
          <TableCell>{c.year}</TableCell>
          <TableCell align="right">{c.sharePct}%</TableCell>
          <TableCell align="right">{c.seed}</TableCell>
          <TableCell>
            <Chip size="small" label={translate(l(`spot.status.${c.status}`), { _: c.status })} />
          </TableCell>
          <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDate(c.createdAt)}</TableCell>
        </>
      )}
      Detail={SpotCheckDetail}
      start={{
        record: () => ({ year: Number(todayInShanghai().slice(0, 4)), sharePct: 10, seed: Math.floor(Math.random() * 100_000) }),
        validate: zodFormValidator(StartSpotCheckSchema),
        fields: (
          <>
            <TextInput id="orgId" source="orgId" label={l('spot.fields.orgId')} helperText={l('spot.orgId_help')} isRequired />
            <NumberInput id="year" source="year" label={l('spot.fields.year')} step={1} isRequired />
            <NumberInput id="sharePct" source="sharePct" label={l('spot.fields.sharePct')} step={1} min={1} max={100} isRequired />
            <NumberInput id="seed" source="seed" label={l('spot.fields.seed')} helperText={l('spot.seed_help')} step={1} min={0} isRequired />
          </>
        ),
      }}
    />
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
