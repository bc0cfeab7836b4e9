import { Box, Card, CardContent, Tab, Tabs, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { Title, useCanAccess, useTranslate } from 'react-admin';
import { DISBURSEMENT_STATUSES } from '../../../workers/funds/disbursements';
import { AccountsTab } from './AccountsTab';
import { BatchesTab } from './BatchesTab';
import { DisbursementsTable } from './DisbursementsTable';
import { UsageTab } from './UsageTab';

const TABS = ['disbursements', 'accounts', 'batches', 'usage'] as const;
type TabId = (typeof TABS)[number];

/** 审批与支付: every disbursement of my subtree, waiting ones first by default. */
const DisbursementsTab = () => {
  const translate = useTranslate();
  const [status, setStatus] = useState('');
  return (
    <Box data-testid="funds-disbursements">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate('app.funds.disbursements.intro')}
      </Typography>
      <TextField
        select
        size="small"
        label={translate('app.funds.disbursements.fields.status')}
        value={status}
        onChange={(e) => setStatus(e.target.value)}
        fullWidth={false}
        sx={{ width: 180, mb: 1 }}
        slotProps={{ select: { native: true }, inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'disbursement-status-filter' } }}
      >
        <option value="">{translate('app.funds.disbursements.all_statuses')}</option>
        {DISBURSEMENT_STATUSES.map((s) => (
          <option key={s} value={s}>
            {translate(`app.funds.statuses.${s}`)}
          </option>
        ))}
      </TextField>
      <DisbursementsTable filter={status ? { status } : {}} />
    </Box>
  );
};

/**
 * 帮扶资金 (SPEC §4): disbursements to approve and pay, the accounts with their balances and
 * ledgers, the batches for the bank, and the usage by level and union.
 */
export const FundsPage = () => {
  const translate = useTranslate();
  const { canAccess: canSeeUsage } = useCanAccess({ resource: 'fund-usage', action: 'list' });
  const [tab, setTab] = useState<TabId>('disbursements');
  const tabs = TABS.filter((id) => id !== 'usage' || canSeeUsage);
  return (
    <Box sx={{ my: 2 }} data-testid="funds-page">
      <Title title="app.funds.title" />
      <Card variant="outlined">
        <Tabs value={tab} onChange={(_, value: TabId) => setTab(value)} variant="scrollable" sx={{ borderBottom: 1, borderColor: 'divider', px: 1 }}>
          {tabs.map((id) => (
            <Tab key={id} value={id} label={translate(`app.funds.tabs.${id}`)} data-testid={`funds-tab-${id}`} />
          ))}
        </Tabs>
        <CardContent>
          {tab === 'disbursements' && <DisbursementsTab />}
          {tab === 'accounts' && <AccountsTab />}
          {tab === 'batches' && <BatchesTab />}
          {tab === 'usage' && <UsageTab />}
        </CardContent>
      </Card>
    </Box>
  );
};
