import { Typography } from '@mui/material';
import {
  DataTable,
  DataTableBody,
  DataTableRow,
  List,
  SearchInput,
  useRecordContext,
  useTranslate,
  type DataTableBodyProps,
  type DataTableRowProps,
  type SearchInputProps,
} from 'react-admin';
import { formatDateTime } from '../common/format';
import { AssigneeCell, DueCell, RowActions } from './TaskCells';
import type { Task } from './types';
import { ViewTabs } from './ViewTabs';

const TaskRow = (props: DataTableRowProps) => {
  const task = useRecordContext<Task>();
  return (
    <DataTableRow
      {...props}
      data-testid="task-row"
      data-task-id={task?.id}
      data-form-key={task?.formKey ?? ''}
      data-overdue={String(Boolean(task?.overdue))}
    />
  );
};
const TaskBody = (props: DataTableBodyProps) => <DataTableBody {...props} row={TaskRow} />;

const overdueSx = (task: Task) =>
  task.overdue
    ? { backgroundColor: 'rgba(211, 47, 47, 0.06)', '& td:first-of-type': { boxShadow: 'inset 4px 0 0 #d32f2f' } }
    : {};

const EmptyInbox = () => {
  const translate = useTranslate();
  return (
    <Typography data-testid="inbox-empty" color="text.secondary" sx={{ p: 3 }}>
      {translate('app.inbox.empty')}
    </Typography>
  );
};

const SearchFilter = (props: SearchInputProps) => {
  const translate = useTranslate();
  return <SearchInput {...props} placeholder={translate('app.inbox.search')} sx={{ width: 300 }} />;
};
const filters = [<SearchFilter key="q" source="q" alwaysOn />];

const Column = DataTable.Col<Task>;

/** The case number; a campaign's task concerns a union's list, not one case: its work is named instead of its key. */
const CaseCell = ({ task }: { task: Task }) => {
  const translate = useTranslate();
  if (task.file) return <>{task.file.caseNo}</>;
  return <>{translate(`app.task.processes.${task.bpmnProcessId}`, { _: task.businessKey ?? '' })}</>;
};

/** Dates, case numbers and short names read best on one line; org names may wrap. */
const noWrap = {
  '& th, & .column-name, & .column-file\\.caseNo, & .column-file\\.applicantName, & .column-dueAt, & .column-createdAt, & td:last-of-type': {
    whiteSpace: 'nowrap',
  },
};

/** 待办任务: the tasks I hold or may claim, soonest due first, overdue ones marked red. */
export const TaskList = () => (
  <List
    sort={{ field: 'dueAt', order: 'ASC' }}
    filters={filters}
    filterDefaultValues={{ view: 'all' }}
    exporter={false}
    actions={false}
    empty={false}
    perPage={25}
  >
    <ViewTabs />
    <DataTable body={TaskBody} rowClick="show" rowSx={overdueSx} bulkActionButtons={false} sx={noWrap} empty={<EmptyInbox />}>
      <Column source="name" render={(t) => <strong>{t.name}</strong>} />
      <Column source="file.caseNo" disableSort render={(t) => <CaseCell task={t} />} />
      <Column source="file.applicantName" disableSort />
      <Column source="file.orgName" disableSort render={(t) => t.file?.orgName ?? t.candidateOrgName ?? ''} />
      <Column source="assigneeName" disableSort render={(t) => <AssigneeCell task={t} />} />
      <Column source="dueAt" render={(t) => <DueCell task={t} />} />
      <Column source="createdAt" render={(t) => formatDateTime(t.createdAt)} />
      <Column label={false} disableSort render={() => <RowActions />} />
    </DataTable>
  </List>
);
