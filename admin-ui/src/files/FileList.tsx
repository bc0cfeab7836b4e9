import {
  DataTable,
  DataTableBody,
  DataTableRow,
  List,
  SearchInput,
  SelectInput,
  useRecordContext,
  useTranslate,
  type DataTableBodyProps,
  type DataTableRowProps,
  type SearchInputProps,
  type SelectInputProps,
} from 'react-admin';
import { formatDateTime, formatFen } from '../common/format';
import { FILE_STATUSES, FileStatusChip } from './FileStatusChip';
import type { FileRecord } from './types';

const FileRow = (props: DataTableRowProps) => {
  const record = useRecordContext<FileRecord>();
  return <DataTableRow {...props} data-testid="file-row" data-file-id={record?.id} data-status={record?.status} />;
};
const FileBody = (props: DataTableBodyProps) => <DataTableBody {...props} row={FileRow} />;

const StatusFilter = (props: SelectInputProps) => (
  <SelectInput
    {...props}
    choices={FILE_STATUSES.map((id) => ({ id, name: `app.file.status.${id}` }))}
    emptyText="app.file.all_statuses"
  />
);

const SearchFilter = (props: SearchInputProps) => {
  const translate = useTranslate();
  return <SearchInput {...props} placeholder={translate('app.file.search')} sx={{ width: 300 }} />;
};

const filters = [<SearchFilter key="q" source="q" alwaysOn />, <StatusFilter key="status" source="status" alwaysOn />];

const Column = DataTable.Col<FileRecord>;

/** Numbers and dates on one line; the union's name takes the remaining width. */
const noWrap = {
  '& th, & .column-caseNo, & .column-applicantName, & .column-idNumberMasked, & .column-status, & .column-createdAt': {
    whiteSpace: 'nowrap',
  },
  '& .column-orgName': { minWidth: '9em' },
};

/** 困难职工档案: search first (name, ID number, file number); names and ID numbers come masked. */
export const FileList = () => {
  const translate = useTranslate();
  return (
    <List filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} exporter={false} actions={false} perPage={25}>
      <DataTable body={FileBody} rowClick="show" bulkActionButtons={false} sx={noWrap}>
        <Column source="caseNo" />
        <Column source="fileNo" />
        <Column source="applicantName" disableSort />
        <Column source="idNumberMasked" disableSort />
        <Column source="orgName" disableSort />
        <Column source="status" render={(r) => <FileStatusChip status={r.status} />} />
        <Column source="level" disableSort render={(r) => (r.level ? translate(`app.file.level.${r.level}`) : '')} />
        <Column
          source="mainCause"
          disableSort
          render={(r) => (r.mainCause ? translate(`app.enums.hardshipCause.${r.mainCause}`, { _: r.mainCause }) : '')}
        />
        <DataTable.NumberCol source="householdSize" disableSort />
        <Column source="perCapitaMonthly" align="right" render={(r) => formatFen(r.perCapitaMonthly)} />
        <Column source="createdAt" render={(r) => formatDateTime(r.createdAt)} />
      </DataTable>
    </List>
  );
};
