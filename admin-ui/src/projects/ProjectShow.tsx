import AddIcon from '@mui/icons-material/Add';
import StopCircleIcon from '@mui/icons-material/StopCircle';
import { Box, Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import {
  Button,
  Labeled,
  SelectInput,
  Show,
  TextInput,
  TopToolbar,
  required,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { ENROLMENT_STATUSES, PROJECT_OUTCOMES } from '../../../workers/projects/vocabulary';
import { MoneyInput } from '../applications/inputs/MoneyInput';
import { DateTextInput } from '../common/DateTextInput';
import { formatDate, formatDateTime, formatFen, todayInShanghai } from '../common/format';
import { FormDialog } from '../common/FormDialog';
import type { AppDataProvider } from '../dataProvider';
import type { EnrolmentRecord, ProjectRecord, SpendingRecord } from './types';

const statusChoices = ENROLMENT_STATUSES.map((id) => ({ id, name: `app.projects.enrolment_status.${id}` }));
const outcomeChoices = PROJECT_OUTCOMES.map((id) => ({ id, name: `app.projects.outcomes.${id}` }));

const Facts = () => {
  const translate = useTranslate();
  const p = useRecordContext<ProjectRecord>();
  if (!p) return null;
  const item = (label: string, value: string | number | null) => (
    <Labeled label={`app.projects.fields.${label}`} key={label}>
      <Typography variant="body2" component="span" data-field={label}>
        {value ?? '—'}
      </Typography>
    </Labeled>
  );
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'repeat(3, 1fr)' }, gap: 2 }}>
      {item('name', p.name)}
      {item('orgName', p.orgName)}
      {item('category', translate(`app.projects.categories.${p.category}`, { _: p.category }))}
      {item('fundLevel', translate(`app.file.level.${p.fundLevel}`, { _: p.fundLevel }))}
      {item('budget', formatFen(p.budget))}
      {item('spent', formatFen(p.spent))}
      {item('targetCount', p.targetCount ? `${p.targetCount} ${translate(`app.projects.target_kinds.${p.targetKind}`)}` : null)}
      {item('startDate', formatDate(p.startDate))}
      {item('endDate', formatDate(p.endDate))}
      {item('status', translate(`app.projects.status.${p.status}`))}
      {item('enrolled', p.enrolled)}
      <Box sx={{ gridColumn: '1 / -1' }}>{item('eligibilityNotes', p.eligibilityNotes)}</Box>
    </Box>
  );
};

const Enrolments = () => {
  const translate = useTranslate();
  const p = useRecordContext<ProjectRecord>();
  const dataProvider = useDataProvider<AppDataProvider>();
  const [rows, setRows] = useState<EnrolmentRecord[]>([]);
  const [editing, setEditing] = useState<EnrolmentRecord | null>(null);
  const load = useCallback(() => {
    if (p) dataProvider.getProjectEnrolments(p.id).then(({ data }) => setRows(data), () => setRows([]));
  }, [p, dataProvider]);
  useEffect(load, [load]);
  if (!p) return null;
  return (
    <Box sx={{ mt: 3 }}>
      <Typography variant="h6">{translate('app.projects.enrolments.title')}</Typography>
      {!rows.length ? (
        <Typography color="text.secondary">{translate('app.projects.enrolments.empty')}</Typography>
      ) : (
        <Table size="small" data-testid="project-enrolments">
          <TableHead>
            <TableRow>
              {['fileNo', 'applicant', 'org', 'status', 'outcome', 'enrolledAt'].map((k) => (
                <TableCell key={k}>{translate(`app.projects.enrolments.${k}`)}</TableCell>
              ))}
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((e) => (
              <TableRow key={e.id}>
                <TableCell>{e.fileNo ?? e.caseNo}</TableCell>
                <TableCell>{e.applicantName}</TableCell>
                <TableCell>{e.orgName}</TableCell>
                <TableCell>
                  <Chip size="small" label={translate(`app.projects.enrolment_status.${e.status}`)} />
                </TableCell>
                <TableCell>
                  {e.outcome ? translate(`app.projects.outcomes.${e.outcome}`, { _: e.outcome }) : '—'}
                  {e.outcomeNote ? `（${e.outcomeNote}）` : ''}
                </TableCell>
                <TableCell>{formatDateTime(e.enrolledAt)}</TableCell>
                <TableCell>
                  <Button label="app.projects.enrolments.record_outcome" onClick={() => setEditing(e)} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {editing && (
        <FormDialog
          title="app.projects.enrolments.outcome_title"
          record={{ status: editing.status === 'enrolled' ? 'completed' : editing.status, outcome: editing.outcome, outcomeNote: editing.outcomeNote ?? '' }}
          save={(values) => dataProvider.recordProjectOutcome(p.id, editing.id, { status: values.status, outcome: values.outcome ?? undefined, outcomeNote: values.outcomeNote || undefined })}
          success="app.projects.enrolments.outcome_saved"
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            load();
          }}
          testId="outcome-dialog"
        >
          <SelectInput id="status" source="status" label="app.projects.enrolments.status" choices={statusChoices} validate={required()} fullWidth />
          <SelectInput id="outcome" source="outcome" label="app.projects.enrolments.outcome" choices={outcomeChoices} fullWidth />
          <TextInput id="outcomeNote" source="outcomeNote" label="app.projects.enrolments.outcomeNote" multiline fullWidth />
        </FormDialog>
      )}
    </Box>
  );
};

const Spending = () => {
  const translate = useTranslate();
  const p = useRecordContext<ProjectRecord>();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<AppDataProvider>();
  const [rows, setRows] = useState<SpendingRecord[]>([]);
  const [households, setHouseholds] = useState<{ id: string; name: string }[]>([]);
  const [open, setOpen] = useState(false);
  const load = useCallback(() => {
    if (p) dataProvider.getProjectSpending(p.id).then(({ data }) => setRows(data), () => setRows([]));
  }, [p, dataProvider]);
  useEffect(() => {
    if (p && open)
      dataProvider.getProjectEnrolments(p.id).then(
        ({ data }) => setHouseholds(data.filter((e) => e.status !== 'withdrawn').map((e) => ({ id: e.fileId, name: `${e.applicantName ?? ''}（${e.fileNo ?? e.caseNo ?? ''}）` }))),
        () => setHouseholds([]),
      );
  }, [p, open, dataProvider]);
  useEffect(load, [load]);
  if (!p) return null;
  return (
    <Box sx={{ mt: 3 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <Typography variant="h6">{translate('app.projects.spending.title')}</Typography>
        {p.canManage && (
          <Button label="app.projects.spending.add" onClick={() => setOpen(true)} variant="outlined" data-testid="add-spending">
            <AddIcon />
          </Button>
        )}
      </Box>
      {!rows.length ? (
        <Typography color="text.secondary">{translate('app.projects.spending.empty')}</Typography>
      ) : (
        <Table size="small" data-testid="project-spending">
          <TableHead>
            <TableRow>
              {['spentOn', 'amount', 'note', 'applicant'].map((k) => (
                <TableCell key={k}>{translate(`app.projects.spending.${k}`)}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((s) => (
              <TableRow key={s.id}>
                <TableCell>{formatDate(s.spentOn)}</TableCell>
                <TableCell>{formatFen(s.amount)}</TableCell>
                <TableCell>{s.note}</TableCell>
                <TableCell>{s.applicantName ? `${s.applicantName}（${s.fileNo ?? ''}）` : '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {open && (
        <FormDialog
          title="app.projects.spending.add_title"
          record={{ spentOn: todayInShanghai() }}
          save={(values) =>
            dataProvider.recordProjectSpending(p.id, {
              amount: values.amount,
              spentOn: values.spentOn,
              note: values.note,
              fileId: values.fileId || undefined,
              disbursementId: values.disbursementId || undefined,
            })
          }
          success="app.projects.spending.saved"
          onClose={() => setOpen(false)}
          onSaved={() => {
            setOpen(false);
            load();
            refresh();
          }}
          testId="spending-dialog"
        >
          <MoneyInput id="amount" source="amount" label="app.projects.spending.amount" validate={required()} />
          <DateTextInput id="spentOn" source="spentOn" label="app.projects.spending.spentOn" isRequired />
          <TextInput id="note" source="note" label="app.projects.spending.note" validate={required()} fullWidth />
          <SelectInput id="fileId" source="fileId" label="app.projects.spending.fileId" choices={households} emptyText="—" fullWidth />
          <TextInput id="disbursementId" source="disbursementId" label="app.projects.spending.disbursementId" fullWidth />
        </FormDialog>
      )}
    </Box>
  );
};

const Actions = () => {
  const p = useRecordContext<ProjectRecord>();
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  if (!p?.canManage || p.status !== 'published') return <TopToolbar />;
  return (
    <TopToolbar>
      <Button
        label="app.projects.close"
        data-testid="close-project"
        onClick={() =>
          dataProvider.closeProject(p.id).then(
            () => {
              notify('app.projects.closed_done', { type: 'success' });
              refresh();
            },
            (e: Error) => notify(e.message, { type: 'error' }),
          )
        }
      >
        <StopCircleIcon />
      </Button>
    </TopToolbar>
  );
};

/** One project: its facts, its enrolled households with their outcomes, and its spending. */
export const ProjectShow = () => (
  <Show title="app.projects.title" actions={<Actions />}>
    <Box sx={{ p: 2 }}>
      <Facts />
      <Enrolments />
      <Spending />
    </Box>
  </Show>
);
