import { Typography } from '@mui/material';
import { ArrayField, DataTable, useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime } from '../common/format';
import type { FileDetail, FileHistoryEntry } from './types';

const Column = DataTable.Col<FileHistoryEntry & { id: string }>;

/** 办理记录: who did what, when, step by step through the process. */
export const HistoryView = () => {
  const translate = useTranslate();
  const record = useRecordContext<FileDetail>();
  if (!record?.history?.length) {
    return <Typography color="text.secondary">{translate('app.file.no_history')}</Typography>;
  }
  return (
    <ArrayField source="history">
      <DataTable bulkActionButtons={false} rowClick={false}>
        <Column source="at" label="app.file.history.at" disableSort render={(h) => formatDateTime(h.at)} />
        <Column source="elementName" label="app.file.history.elementName" disableSort />
        <Column
          source="type"
          label="app.file.history.type"
          disableSort
          render={(h) => translate(`app.file.history.types.${h.type}`, { _: h.type })}
        />
        <Column source="actor" label="app.file.history.actor" disableSort render={(h) => h.actor ?? '—'} />
      </DataTable>
    </ArrayField>
  );
};
