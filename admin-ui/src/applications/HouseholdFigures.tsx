import { Box, Paper, Typography } from '@mui/material';
import { useWatch } from 'react-hook-form';
import { useTranslate } from 'react-admin';
import { roundHalfUpDiv } from '../../../workers/eligibility/money';
import { formatFen } from '../common/format';

const INCOME = ['annualWages', 'annualBusiness', 'annualProperty', 'annualTransfer'] as const;

const amount = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * Derived, never typed (SPEC §2): household size, total and disposable income, per-capita
 * monthly income (seed 一(三)2), recomputed as the figures are entered. The API computes the
 * figures it stores; this is the same arithmetic for the official's eye.
 */
export const HouseholdFigures = () => {
  const translate = useTranslate();
  const members: unknown = useWatch({ name: 'members' });
  const income = (useWatch({ name: 'income' }) ?? {}) as Record<string, unknown>;
  const size = 1 + (Array.isArray(members) ? members.length : 0);
  const total = INCOME.reduce((sum, key) => sum + amount(income[key]), 0);
  const disposable = total - amount(income.annualIncomeTax) - amount(income.annualSocialInsurance);
  const perCapita = roundHalfUpDiv(disposable, 12 * size);
  const t = (key: string) => translate(`app.application.derived.${key}`);
  const figures: [string, string, string][] = [
    ['householdSize', t('householdSize'), translate('app.application.derived.householdSize_value', { count: size })],
    ['annualTotal', t('annualTotal'), formatFen(total)],
    ['disposable', t('disposable'), formatFen(disposable)],
    ['perCapitaMonthly', t('perCapitaMonthly'), formatFen(perCapita)],
  ];
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 2, width: '100%', boxSizing: 'border-box', bgcolor: 'grey.50' }}>
      <Typography variant="subtitle2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('app.application.groups.derived')}
      </Typography>
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))', gap: 2 }}>
        {figures.map(([id, label, value]) => (
          <Box key={id} data-testid={`derived-${id}`}>
            <Typography variant="caption" color="text.secondary">
              {label}
            </Typography>
            <Typography variant="h6">{value}</Typography>
          </Box>
        ))}
      </Box>
    </Paper>
  );
};
