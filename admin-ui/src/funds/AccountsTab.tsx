import AddIcon from '@mui/icons-material/Add';
import CallSplitIcon from '@mui/icons-material/CallSplit';
import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import SavingsIcon from '@mui/icons-material/Savings';
import {
  Alert,
  Box,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { Button, SelectInput, TextInput, useCanAccess, useDataProvider, useGetList, useTranslate } from 'react-admin';
import { AccountInputSchema, AllocationInputSchema, DepositInputSchema } from '../../../api/funds/funds.schema';
import { LEVELS } from '../../../workers/funds';
import { MoneyInput } from '../applications/inputs/MoneyInput';
import { formatDateTime, formatFen } from '../common/format';
import { FormDialog } from '../common/FormDialog';
import { zodFormValidator } from '../common/zodValidation';
import type { AppDataProvider } from '../dataProvider';
import { useInvalidateFunds } from './DisbursementsTable';
import type { AccountRecord, TransactionRecord } from './types';

const levelChoices = LEVELS.map((id) => ({ id, name: `app.funds.levels.${id}` }));
const t = (key: string) => `app.funds.accounts.${key}`;

const CreateAccount = ({ onClose }: { onClose: () => void }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const invalidate = useInvalidateFunds();
  return (
    <FormDialog
      title={t('create_title')}
      record={{}}
      validate={zodFormValidator(AccountInputSchema)}
      save={(values) => dataProvider.create('funds/accounts', { data: values })}
      success={t('created')}
      onClose={onClose}
      onSaved={() => {
        void invalidate();
        onClose();
      }}
      testId="account-create-dialog"
    >
      <TextInput id="orgId" source="orgId" label={t('orgId')} helperText={t('orgId_help')} isRequired />
      <SelectInput id="level" source="level" label={t('level')} choices={levelChoices} isRequired />
      <TextInput id="name" source="name" label={t('name')} helperText={t('name_help')} fullWidth />
    </FormDialog>
  );
};

const Deposit = ({ account, onClose }: { account: AccountRecord; onClose: () => void }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const invalidate = useInvalidateFunds();
  return (
    <FormDialog
      title={t('deposit_title')}
      titleArgs={{ name: account.name }}
      record={{}}
      validate={zodFormValidator(DepositInputSchema)}
      save={(values) => dataProvider.depositFunds(account.id, values as { amount: number; note?: string })}
      success={t('deposited')}
      onClose={onClose}
      onSaved={() => {
        void invalidate();
        onClose();
      }}
      testId="deposit-dialog"
    >
      <MoneyInput id="amount" source="amount" label="app.funds.amount" isRequired />
      <TextInput id="note" source="note" label="app.funds.note" fullWidth />
    </FormDialog>
  );
};

/** Down the tree only, to an account of the same level of a union below (the server says so too). */
const Allocate = ({ from, accounts, onClose }: { from: AccountRecord; accounts: AccountRecord[]; onClose: () => void }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AppDataProvider>();
  const invalidate = useInvalidateFunds();
  const targets = accounts.filter((a) => a.level === from.level && a.orgPath !== from.orgPath && a.orgPath.startsWith(from.orgPath));
  return (
    <FormDialog
      title={t('allocate_title')}
      titleArgs={{ name: from.name }}
      record={{ fromAccountId: from.id }}
      validate={zodFormValidator(AllocationInputSchema)}
      save={(values) => dataProvider.allocateFunds(values as { fromAccountId: string; toAccountId: string; amount: number; note?: string })}
      success={t('allocated')}
      onClose={onClose}
      onSaved={() => {
        void invalidate();
        onClose();
      }}
      testId="allocate-dialog"
    >
      {targets.length === 0 && (
        <Alert severity="warning" sx={{ mb: 1 }}>
          {translate(t('no_targets'))}
        </Alert>
      )}
      <SelectInput
        id="toAccountId"
        source="toAccountId"
        label={t('toAccountId')}
        choices={targets.map((a) => ({ id: a.id, name: `${a.orgName} · ${a.name}（${formatFen(a.balance)}）` }))}
        translateChoice={false}
        isRequired
        fullWidth
      />
      <MoneyInput id="amount" source="amount" label="app.funds.amount" isRequired />
      <TextInput id="note" source="note" label="app.funds.note" fullWidth />
    </FormDialog>
  );
};

/** 资金明细: the account's ledger, newest first; every change of the balance is one row. */
const Ledger = ({ account, onClose }: { account: AccountRecord; onClose: () => void }) => {
  const translate = useTranslate();
  const { data = [], isPending } = useGetList<TransactionRecord>(`funds/accounts/${encodeURIComponent(String(account.id))}/transactions`, {
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'createdAt', order: 'DESC' },
  });
  const tx = (key: string) => translate(`app.funds.accounts.tx.${key}`);
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth data-testid="ledger-dialog">
      <DialogTitle>{translate(t('ledger_title'), { name: account.name })}</DialogTitle>
      <DialogContent dividers>
        {isPending ? (
          <CircularProgress size={20} />
        ) : data.length === 0 ? (
          <Typography color="text.secondary">{translate(t('no_transactions'))}</Typography>
        ) : (
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell sx={{ pl: 0 }}>{tx('createdAt')}</TableCell>
                <TableCell>{tx('kind')}</TableCell>
                <TableCell align="right">{tx('amount')}</TableCell>
                <TableCell>{tx('note')}</TableCell>
                <TableCell>{tx('createdBy')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.map((r) => (
                <TableRow key={r.id} data-testid="ledger-row" data-kind={r.kind} data-amount={r.amount}>
                  <TableCell sx={{ pl: 0, whiteSpace: 'nowrap' }}>{formatDateTime(r.createdAt)}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{translate(`app.funds.transaction_kinds.${r.kind}`, { _: r.kindLabel })}</TableCell>
                  <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums', color: r.amount < 0 ? 'error.main' : 'success.main', whiteSpace: 'nowrap' }}>
                    {r.amount > 0 ? '+' : ''}
                    {formatFen(r.amount)}
                  </TableCell>
                  <TableCell>{r.note ?? '—'}</TableCell>
                  <TableCell>{r.createdByName ?? '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </DialogContent>
      <DialogActions>
        <Button label="ra.action.close" onClick={onClose} />
      </DialogActions>
    </Dialog>
  );
};

type Editing = { kind: 'create' } | { kind: 'deposit' | 'allocate' | 'ledger'; account: AccountRecord } | null;

/** 资金账户: every account of my subtree with its balance; reviewers open, top up and allocate. */
export const AccountsTab = () => {
  const translate = useTranslate();
  const { canAccess: canManage } = useCanAccess({ resource: 'fund-accounts', action: 'edit' });
  const [level, setLevel] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const { data: all = [], isPending, error } = useGetList<AccountRecord>('funds/accounts', {
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'orgPath', order: 'ASC' },
  });
  const rows = level ? all.filter((a) => a.level === level) : all;
  return (
    <Box data-testid="funds-accounts">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate(t('intro'))}
      </Typography>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', mb: 1, flexWrap: 'wrap' }}>
        <TextField
          select
          size="small"
          label={translate(t('level'))}
          value={level}
          onChange={(e) => setLevel(e.target.value)}
          fullWidth={false}
          sx={{ width: 180 }}
          slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
        >
          <option value="">{translate(t('all_levels'))}</option>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {translate(`app.funds.levels.${l}`)}
            </option>
          ))}
        </TextField>
        {canManage && (
          <Button label={t('create')} onClick={() => setEditing({ kind: 'create' })} variant="contained" data-testid="account-create">
            <AddIcon />
          </Button>
        )}
      </Box>
      {error && <Alert severity="error">{(error as Error).message}</Alert>}
      {isPending ? (
        <CircularProgress size={20} />
      ) : rows.length === 0 ? (
        <Typography color="text.secondary">{translate(t('none'))}</Typography>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell sx={{ pl: 0 }}>{translate(t('org'))}</TableCell>
              <TableCell>{translate(t('level'))}</TableCell>
              <TableCell>{translate(t('name'))}</TableCell>
              <TableCell align="right">{translate(t('balance'))}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((a) => (
              <TableRow key={a.id} data-testid="account-row" data-account-id={a.id} data-org-id={a.orgId} data-level={a.level} data-balance={a.balance}>
                <TableCell sx={{ pl: 0 }}>{a.orgName}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{translate(`app.funds.levels.${a.level}`, { _: a.level })}</TableCell>
                <TableCell>{a.name}</TableCell>
                <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums', fontWeight: 600, whiteSpace: 'nowrap' }}>
                  {formatFen(a.balance)}
                </TableCell>
                <TableCell align="right" sx={{ pr: 0, whiteSpace: 'nowrap' }}>
                  <Button label={t('ledger')} onClick={() => setEditing({ kind: 'ledger', account: a })} size="small" data-testid="account-ledger">
                    <ReceiptLongIcon />
                  </Button>
                  {canManage && (
                    <>
                      <Button label={t('deposit')} onClick={() => setEditing({ kind: 'deposit', account: a })} size="small" data-testid="account-deposit">
                        <SavingsIcon />
                      </Button>
                      <Button label={t('allocate')} onClick={() => setEditing({ kind: 'allocate', account: a })} size="small" data-testid="account-allocate">
                        <CallSplitIcon />
                      </Button>
                    </>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {editing?.kind === 'create' && <CreateAccount onClose={() => setEditing(null)} />}
      {editing?.kind === 'deposit' && <Deposit account={editing.account} onClose={() => setEditing(null)} />}
      {editing?.kind === 'allocate' && <Allocate from={editing.account} accounts={all} onClose={() => setEditing(null)} />}
      {editing?.kind === 'ledger' && <Ledger account={editing.account} onClose={() => setEditing(null)} />}
    </Box>
  );
};
