import BlockIcon from '@mui/icons-material/Block';
import CheckIcon from '@mui/icons-material/Check';
import PaymentsIcon from '@mui/icons-material/Payments';
import { Alert, Box, Chip, CircularProgress, Table, TableBody, TableCell, TableHead, TableRow, Typography, type ChipProps } from '@mui/material';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  Button,
  Confirm,
  TextInput,
  required,
  useCanAccess,
  useDataProvider,
  useGetList,
  useNotify,
  useTranslate,
  type HttpError,
} from 'react-admin';
import { formatDateTime, formatFen } from '../common/format';
import { FormDialog } from '../common/FormDialog';
import type { AppDataProvider } from '../dataProvider';
import type { DisbursementRecord } from './types';

const STATUS_COLORS: Record<string, ChipProps['color']> = { requested: 'warning', approved: 'info', paid: 'success', rejected: 'default' };

/** Everything that shows money moved: the lists, the accounts' balances and the usage. */
export function useInvalidateFunds() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && q.queryKey[0].startsWith('funds') });
}

const RejectDialog = ({ row, onClose }: { row: DisbursementRecord; onClose: () => void }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const invalidate = useInvalidateFunds();
  return (
    <FormDialog
      title="app.funds.disbursements.reject_title"
      record={{}}
      save={(values) => dataProvider.rejectDisbursement(row.id, String(values.reason ?? ''))}
      success="app.funds.disbursements.rejected"
      onClose={onClose}
      onSaved={() => {
        void invalidate();
        onClose();
      }}
      testId="reject-dialog"
    >
      <TextInput id="reason" source="reason" label="app.funds.disbursements.reject_reason" validate={required()} multiline minRows={2} fullWidth />
    </FormDialog>
  );
};

/** 审批同意 / 驳回 / 支付 for one row, as its status allows; the server checks who may. */
const RowActions = ({ row }: { row: DisbursementRecord }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<AppDataProvider>();
  const invalidate = useInvalidateFunds();
  const { canAccess: canApprove } = useCanAccess({ resource: 'disbursements', action: 'approve' });
  const { canAccess: canPay } = useCanAccess({ resource: 'disbursements', action: 'pay' });
  const [rejecting, setRejecting] = useState(false);
  const [paying, setPaying] = useState(false);
  const act = useMutation({
    mutationFn: (action: 'approve' | 'pay') => dataProvider.disbursementAction(row.id, action),
    onSuccess: (_, action) => {
      notify(action === 'approve' ? 'app.funds.disbursements.approved' : 'app.funds.disbursements.paid', { type: 'success' });
      void invalidate();
    },
    onError: (error: HttpError) => notify(error.message, { type: 'error' }),
    onSettled: () => setPaying(false),
  });
  const open = row.status === 'requested' || row.status === 'approved';
  return (
    <Box sx={{ display: 'inline-flex', gap: 0.5 }}>
      {row.status === 'requested' && canApprove && (
        <Button label="app.funds.disbursements.approve" onClick={() => act.mutate('approve')} disabled={act.isPending} variant="outlined" size="small" data-testid="disbursement-approve">
          <CheckIcon />
        </Button>
      )}
      {row.status === 'approved' && canPay && (
        <Button label="app.funds.disbursements.pay" onClick={() => setPaying(true)} disabled={act.isPending} variant="contained" size="small" data-testid="disbursement-pay">
          <PaymentsIcon />
        </Button>
      )}
      {open && canApprove && (
        <Button label="app.funds.disbursements.reject" onClick={() => setRejecting(true)} size="small" color="error" data-testid="disbursement-reject">
          <BlockIcon />
        </Button>
      )}
      {rejecting && <RejectDialog row={row} onClose={() => setRejecting(false)} />}
      <Confirm
        isOpen={paying}
        loading={act.isPending}
        title="app.funds.disbursements.pay_title"
        content={translate('app.funds.disbursements.pay_content', {
          amount: formatFen(row.amount),
          account: row.accountName,
          name: row.applicantName,
          last4: row.bankCardLast4 ?? '',
        })}
        confirm="app.funds.disbursements.pay"
        onConfirm={() => act.mutate('pay')}
        onClose={() => setPaying(false)}
      />
    </Box>
  );
};

/**
 * Disbursements with their state and what may be done next. `filter` narrows the list (one
 * file, one status); `household` shows whose it is (off on the file page).
 */
export const DisbursementsTable = ({ filter, household = true }: { filter: Record<string, unknown>; household?: boolean }) => {
  const translate = useTranslate();
  const { data = [], isPending, error } = useGetList<DisbursementRecord>('funds/disbursements', {
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'requestedAt', order: 'DESC' },
    filter,
  });
  const t = (key: string) => translate(`app.funds.disbursements.fields.${key}`);
  if (isPending) return <CircularProgress size={20} />;
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  if (data.length === 0) {
    return (
      <Typography color="text.secondary" data-testid="disbursements-empty">
        {translate('app.funds.disbursements.none')}
      </Typography>
    );
  }
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" data-testid="disbursements-table">
        <TableHead>
          <TableRow>
            <TableCell sx={{ pl: 0 }}>{t('requestedAt')}</TableCell>
            {household && <TableCell>{t('household')}</TableCell>}
            <TableCell>{t('kind')}</TableCell>
            <TableCell align="right">{t('amount')}</TableCell>
            <TableCell>{t('account')}</TableCell>
            <TableCell>{t('status')}</TableCell>
            <TableCell>{t('reason')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {data.map((d) => (
            <TableRow key={d.id} data-testid="disbursement-row" data-disbursement-id={d.id} data-status={d.status} data-file-id={d.fileId}>
              <TableCell sx={{ pl: 0, whiteSpace: 'nowrap' }}>
                {formatDateTime(d.requestedAt)}
                {d.requestedByName && (
                  <Typography variant="caption" color="text.secondary" component="div">
                    {translate('app.funds.disbursements.requested_by', { name: d.requestedByName })}
                  </Typography>
                )}
              </TableCell>
              {household && (
                <TableCell>
                  {d.applicantName}
                  <Typography variant="caption" color="text.secondary" component="div">
                    {d.fileNo ?? d.caseNo}
                  </Typography>
                </TableCell>
              )}
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{translate(`app.funds.kinds.${d.kind}`, { _: d.kind })}</TableCell>
              <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                {formatFen(d.amount)}
              </TableCell>
              <TableCell>
                {d.accountName}
                <Typography variant="caption" color="text.secondary" component="div">
                  {translate(`app.funds.levels.${d.accountLevel}`, { _: d.accountLevel })}
                </Typography>
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <Chip size="small" color={STATUS_COLORS[d.status] ?? 'default'} label={translate(`app.funds.statuses.${d.status}`, { _: d.status })} />
                <Typography variant="caption" color="text.secondary" component="div">
                  {d.status === 'paid'
                    ? `${formatDateTime(d.paidAt)} ${translate('app.funds.disbursements.card', { last4: d.bankCardLast4 ?? '' })}`
                    : d.bankCardLast4
                      ? translate('app.funds.disbursements.card', { last4: d.bankCardLast4 })
                      : translate('app.funds.disbursements.no_card')}
                </Typography>
              </TableCell>
              <TableCell sx={{ maxWidth: 280 }}>
                {d.reason}
                {d.rejectReason && (
                  <Typography variant="caption" color="error" component="div">
                    {translate('app.funds.disbursements.rejected_because', { reason: d.rejectReason })}
                  </Typography>
                )}
              </TableCell>
              <TableCell align="right" sx={{ pr: 0, whiteSpace: 'nowrap' }}>
                <RowActions row={d} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};
