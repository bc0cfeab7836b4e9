import AddCardIcon from '@mui/icons-material/AddCard';
import { Alert, Box, Typography } from '@mui/material';
import { useMemo, useState } from 'react';
import { Button, SelectInput, TextInput, useCanAccess, useDataProvider, useGetList, useRecordContext, useTranslate } from 'react-admin';
import { DisbursementInputSchema } from '../../../api/funds/funds.schema';
import { DISBURSEMENT_KINDS } from '../../../workers/funds/disbursements';
import { MoneyInput } from '../applications/inputs/MoneyInput';
import { formatFen } from '../common/format';
import { FormDialog } from '../common/FormDialog';
import { zodFormValidator } from '../common/zodValidation';
import type { AppDataProvider } from '../dataProvider';
import type { FileDetail } from '../files/types';
import { DisbursementsTable, useInvalidateFunds } from './DisbursementsTable';
import type { AccountRecord } from './types';

const validate = zodFormValidator(DisbursementInputSchema);

/** 32 random hex digits; `getRandomValues` also works on an intranet served over plain http (randomUUID does not). */
function idempotencyKey(): string {
  return `disb-${Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * 申请帮扶资金 for this household. The accounts offered are those the API says may pay it (on the
 * file's chain, of a usable level). The idempotency key is drawn once when the form opens: a
 * submit retried after a lost answer is the same request and is paid at most once.
 */
const RequestDialog = ({ file, onClose }: { file: FileDetail; onClose: () => void }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AppDataProvider>();
  const invalidate = useInvalidateFunds();
  const record = useMemo(() => ({ fileId: String(file.id), idempotencyKey: idempotencyKey() }), [file.id]);
  const { data: accounts = [], isPending } = useGetList<AccountRecord>('funds/accounts', {
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'orgPath', order: 'ASC' },
    filter: { fileId: file.id },
  });
  const choices = accounts.map((a) => ({
    id: a.id,
    name: translate('app.funds.request.account_option', {
      org: a.orgName,
      name: a.name,
      level: translate(`app.funds.levels.${a.level}`, { _: a.level }),
      balance: formatFen(a.balance),
    }),
  }));
  return (
    <FormDialog
      title="app.funds.request.title"
      record={record}
      validate={validate}
      save={(values) => dataProvider.requestDisbursement(values)}
      success="app.funds.request.created"
      onClose={onClose}
      onSaved={() => {
        void invalidate();
        onClose();
      }}
      testId="disbursement-request"
    >
      {!isPending && accounts.length === 0 && (
        <Alert severity="warning" sx={{ mb: 1 }}>
          {translate('app.funds.request.no_accounts')}
        </Alert>
      )}
      <SelectInput
        id="accountId"
        source="accountId"
        label="app.funds.request.accountId"
        helperText="app.funds.request.accountId_help"
        choices={choices}
        translateChoice={false}
        isPending={isPending}
        isRequired
        fullWidth
      />
      <SelectInput
        id="kind"
        source="kind"
        label="app.funds.request.kind"
        choices={DISBURSEMENT_KINDS.map((id) => ({ id, name: `app.funds.kinds.${id}` }))}
        isRequired
      />
      <MoneyInput id="amount" source="amount" label="app.funds.request.amount" isRequired />
      <TextInput id="reason" source="reason" label="app.funds.request.reason" isRequired multiline minRows={2} fullWidth />
    </FormDialog>
  );
};

/** 帮扶资金 of the file page: every disbursement to this household, and a new request. */
export const FileFundsTab = () => {
  const translate = useTranslate();
  const file = useRecordContext<FileDetail>();
  const { canAccess: canRequest } = useCanAccess({ resource: 'disbursements', action: 'create' });
  const [requesting, setRequesting] = useState(false);
  if (!file) return null;
  return (
    <Box sx={{ width: '100%' }} data-testid="file-funds">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('app.funds.disbursements.intro')}
      </Typography>
      {canRequest &&
        (file.status === 'filed' ? (
          <Button label="app.funds.request.button" onClick={() => setRequesting(true)} variant="outlined" sx={{ mb: 1 }} data-testid="disbursement-request-button">
            <AddCardIcon />
          </Button>
        ) : (
          <Alert severity="info" sx={{ mb: 1 }}>
            {translate('app.funds.request.not_filed')}
          </Alert>
        ))}
      <DisbursementsTable filter={{ fileId: file.id }} household={false} />
      {requesting && <RequestDialog file={file} onClose={() => setRequesting(false)} />}
    </Box>
  );
};
