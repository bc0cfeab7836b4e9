import { Box, Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime } from '../common/format';
import type { AppDataProvider } from '../dataProvider';
import type { FileDetail } from '../files/types';
import type { FileEventRecord } from './types';

const STATUS_COLOR = { pending: 'warning', approved: 'success', rejected: 'default' } as const;

/** 注销与转移: the file's life events, newest first. */
export const FileEventsTab = () => {
  const translate = useTranslate();
  const file = useRecordContext<FileDetail>();
  const dataProvider = useDataProvider<AppDataProvider>();
  const [rows, setRows] = useState<FileEventRecord[] | null>(null);
  useEffect(() => {
    if (file) dataProvider.getFileEvents(file.id).then(({ data }) => setRows(data), () => setRows([]));
  }, [file, dataProvider]);
  if (!file || rows === null) return null;
  if (!rows.length) return <Typography color="text.secondary">{translate('app.lifeEvent.events.empty')}</Typography>;
  const reasonText = (e: FileEventRecord) =>
    translate(e.kind === 'cancellation' ? `app.lifeEvent.cancellation_reasons.${e.reason}` : `app.lifeEvent.transfer_reasons.${e.reason}`, { _: e.reason });
  return (
    <Box sx={{ width: '100%', overflowX: 'auto' }}>
      <Table size="small" data-testid="file-events">
        <TableHead>
          <TableRow>
            {['kind', 'reason', 'status', 'from', 'to', 'helper', 'requestedBy', 'requestedAt', 'decidedAt'].map((k) => (
              <TableCell key={k} sx={{ whiteSpace: 'nowrap' }}>
                {translate(`app.lifeEvent.events.${k}`)}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((e) => (
            <TableRow key={e.id} data-kind={e.kind} data-status={e.status}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{translate(`app.lifeEvent.kinds.${e.kind}`)}</TableCell>
              <TableCell>
                {reasonText(e)}
                {e.note ? `（${e.note}）` : ''}
              </TableCell>
              <TableCell>
                <Chip size="small" color={STATUS_COLOR[e.status]} label={translate(`app.lifeEvent.status.${e.status}`)} />
              </TableCell>
              <TableCell>{e.fromOrgName}</TableCell>
              <TableCell>{e.toOrgName ?? '—'}</TableCell>
              <TableCell>{e.newHelperName ?? '—'}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{e.requestedBy}</TableCell>
              <TableCell>{formatDateTime(e.requestedAt)}</TableCell>
              <TableCell>{e.decidedAt ? formatDateTime(e.decidedAt) : '—'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};
