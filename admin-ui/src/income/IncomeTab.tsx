import AddIcon from '@mui/icons-material/Add';
import { Alert, Box, Chip, CircularProgress, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, required, useCanAccess, useDataProvider, useRecordContext, useTranslate, type Identifier } from 'react-admin';
import { MoneyInput } from '../applications/inputs/MoneyInput';
import { DateTextInput } from '../common/DateTextInput';
import { formatDateTime, formatFen, todayInShanghai } from '../common/format';
import { FormDialog } from '../common/FormDialog';
import type { AppDataProvider } from '../dataProvider';
import type { FileDetail } from '../files/types';
import type { IncomeRecord } from './types';

export const incomeKey = (fileId: Identifier) => ['files', String(fileId), 'income'] as const;

const IncomeDialog = ({ fileId, current, onClose }: { fileId: Identifier; current: IncomeRecord | null; onClose: () => void }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const queryClient = useQueryClient();
  return (
    <FormDialog
      title={current ? 'app.income.edit_title' : 'app.income.create_title'}
      titleArgs={{ month: current?.month }}
      record={current ? { month: current.month, perCapita: current.perCapita } : { month: todayInShanghai().slice(0, 7) }}
      save={(values) => dataProvider.putIncome(fileId, { month: String(values.month ?? ''), perCapita: values.perCapita as number })}
      success="app.income.saved"
      onClose={onClose}
      onSaved={() => {
        void queryClient.invalidateQueries({ queryKey: incomeKey(fileId) });
        onClose();
      }}
      testId="income-dialog"
    >
      <DateTextInput id="month" source="month" month label="app.income.month" validate={required('app.income.month_required')} disabled={!!current} fullWidth={false} />
      <MoneyInput id="perCapita" source="perCapita" label="app.income.perCapita" helperText="app.income.perCapita_help" validate={required('app.income.perCapita_required')} />
    </FormDialog>
  );
};

/**
 * 收入记录 of the file page: the household's per-capita income month by month (SPEC §5.2), from
 * visits, the December evaluation, imports or typed in by the union's staff. The December
 * evaluation judges 脱困 from the last six months of it.
 */
export const IncomeTab = () => {
  const translate = useTranslate();
  const file = useRecordContext<FileDetail>();
  const dataProvider = useDataProvider<AppDataProvider>();
  const { canAccess: canEnter } = useCanAccess({ resource: 'income', action: 'create' });
  const [editing, setEditing] = useState<IncomeRecord | 'new' | null>(null);
  const income = useQuery({
    queryKey: incomeKey(file?.id ?? ''),
    queryFn: async () => (await dataProvider.getIncome(file!.id)).data,
    enabled: !!file,
  });
  if (!file) return null;
  // latest month first: what the next evaluation looks at
  const rows = [...(income.data ?? [])].reverse();
  return (
    <Box sx={{ width: '100%', maxWidth: 760 }} data-testid="file-income" data-count={rows.length}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('app.income.intro')}
      </Typography>
      {canEnter && (
        <Button label="app.income.create" onClick={() => setEditing('new')} variant="outlined" sx={{ mb: 1 }} data-testid="income-create">
          <AddIcon />
        </Button>
      )}
      {income.error && <Alert severity="error">{(income.error as Error).message}</Alert>}
      {income.isPending ? (
        <CircularProgress size={20} />
      ) : rows.length === 0 ? (
        <Typography color="text.secondary" data-testid="income-empty">
          {translate('app.income.none')}
        </Typography>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell sx={{ pl: 0 }}>{translate('app.income.month')}</TableCell>
              <TableCell align="right">{translate('app.income.perCapita')}</TableCell>
              <TableCell>{translate('app.income.source')}</TableCell>
              <TableCell>{translate('app.income.createdAt')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.id} data-testid="income-row" data-month={r.month} data-per-capita={r.perCapita}>
                <TableCell sx={{ pl: 0, whiteSpace: 'nowrap' }}>{r.month}</TableCell>
                <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                  {formatFen(r.perCapita)}
                </TableCell>
                <TableCell>
                  <Chip size="small" variant="outlined" label={translate(`app.income.sources.${r.source}`, { _: r.source })} />
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.createdAt)}</TableCell>
                <TableCell align="right" sx={{ pr: 0 }}>
                  {canEnter && <Button label="ra.action.edit" onClick={() => setEditing(r)} size="small" />}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {editing && <IncomeDialog fileId={file.id} current={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Box>
  );
};
