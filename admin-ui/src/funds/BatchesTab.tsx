import DownloadIcon from '@mui/icons-material/Download';
import PlaylistAddIcon from '@mui/icons-material/PlaylistAdd';
import { Alert, Box, CircularProgress, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import { Button, SelectInput, useCanAccess, useDataProvider, useGetList, useTranslate } from 'react-admin';
import { BatchInputSchema } from '../../../api/funds/funds.schema';
import { formatDateTime, formatFen } from '../common/format';
import { FormDialog } from '../common/FormDialog';
import { zodFormValidator } from '../common/zodValidation';
import type { AppDataProvider } from '../dataProvider';
import { useInvalidateFunds } from './DisbursementsTable';
import type { AccountRecord, BatchRecord } from './types';

const CreateBatch = ({ onClose }: { onClose: () => void }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AppDataProvider>();
  const invalidate = useInvalidateFunds();
  const { data: accounts = [] } = useGetList<AccountRecord>('funds/accounts', { pagination: { page: 1, perPage: 200 }, sort: { field: 'orgPath', order: 'ASC' } });
  return (
    <FormDialog
      title="app.funds.batches.create_title"
      record={{}}
      validate={zodFormValidator(BatchInputSchema)}
      save={(values) => dataProvider.createBatch(String(values.accountId ?? ''))}
      success="app.funds.batches.created"
      onClose={onClose}
      onSaved={() => {
        void invalidate();
        onClose();
      }}
      testId="batch-dialog"
    >
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('app.funds.batches.intro')}
      </Typography>
      <SelectInput
        id="accountId"
        source="accountId"
        label="app.funds.batches.accountId"
        choices={accounts.map((a) => ({ id: a.id, name: `${a.orgName} · ${a.name}（${translate(`app.funds.levels.${a.level}`)}）` }))}
        translateChoice={false}
        isRequired
        fullWidth
      />
    </FormDialog>
  );
};

/** 银行代发: the batches handed to the bank, each with its .xlsx of payees and cards. */
export const BatchesTab = () => {
  const translate = useTranslate();
  const { canAccess: canBatch } = useCanAccess({ resource: 'disbursements', action: 'pay' });
  const [creating, setCreating] = useState(false);
  const { data = [], isPending, error } = useGetList<BatchRecord>('funds/batches', { pagination: { page: 1, perPage: 200 }, sort: { field: 'createdAt', order: 'DESC' } });
  const f = (key: string) => translate(`app.funds.batches.fields.${key}`);
  return (
    <Box data-testid="funds-batches">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate('app.funds.batches.intro')}
      </Typography>
      {canBatch && (
        <Button label="app.funds.batches.create" onClick={() => setCreating(true)} variant="contained" sx={{ mb: 1 }} data-testid="batch-create">
          <PlaylistAddIcon />
        </Button>
      )}
      {error && <Alert severity="error">{(error as Error).message}</Alert>}
      {isPending ? (
        <CircularProgress size={20} />
      ) : data.length === 0 ? (
        <Typography color="text.secondary">{translate('app.funds.batches.none')}</Typography>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell sx={{ pl: 0 }}>{f('createdAt')}</TableCell>
              <TableCell>{f('account')}</TableCell>
              <TableCell align="right">{f('count')}</TableCell>
              <TableCell align="right">{f('total')}</TableCell>
              <TableCell>{f('createdBy')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((b) => (
              <TableRow key={b.id} data-testid="batch-row" data-batch-id={b.id} data-count={b.count} data-total={b.total}>
                <TableCell sx={{ pl: 0, whiteSpace: 'nowrap' }}>{formatDateTime(b.createdAt)}</TableCell>
                <TableCell>
                  {b.orgName} · {b.accountName}
                </TableCell>
                <TableCell align="right">{b.count}</TableCell>
                <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                  {formatFen(b.total)}
                </TableCell>
                <TableCell>{b.createdByName ?? '—'}</TableCell>
                <TableCell align="right" sx={{ pr: 0 }}>
                  <Button
                    component="a"
                    href={`/api/funds/batches/${encodeURIComponent(String(b.id))}/export`}
                    download
                    label="app.funds.batches.export"
                    size="small"
                    data-testid="batch-export"
                  >
                    <DownloadIcon />
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {creating && <CreateBatch onClose={() => setCreating(false)} />}
    </Box>
  );
};
