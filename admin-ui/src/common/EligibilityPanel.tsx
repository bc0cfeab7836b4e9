import CancelIcon from '@mui/icons-material/Cancel';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import HorizontalRuleIcon from '@mui/icons-material/HorizontalRule';
import { Alert, Box, Card, CardContent, CardHeader, List, ListItem, ListItemIcon, ListItemText, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { formatFen } from './format';

/** The eligibility result as the workers store it (SPEC §3): every rule and exclusion with its reason. */
export type Eligibility = {
  eligible: boolean;
  criteria: string[];
  exclusions: string[];
  /** fen */
  perCapitaMonthlyIncome: number;
  checks: { id: string; kind: 'rule' | 'exclusion'; passed: boolean; explanation: string }[];
  /** File levels the household qualifies for, when the level rules have run. */
  levels?: string[];
};

type Check = Eligibility['checks'][number];

/** A rule that holds is good news; an exclusion that applies refuses the file; a rule that fails is neutral. */
function CheckIcon({ check }: { check: Check }) {
  if (check.passed) return <CheckCircleIcon color="success" fontSize="small" />;
  return check.kind === 'exclusion' ? <CancelIcon color="error" fontSize="small" /> : <HorizontalRuleIcon color="disabled" fontSize="small" />;
}

const CheckItem = ({ check }: { check: Check }) => {
  const translate = useTranslate();
  const title =
    check.kind === 'rule'
      ? translate(`app.eligibility.rules.${check.id}`, { _: check.id })
      : translate(`app.eligibility.exclusion_labels.${check.id}`, { _: check.id });
  const verdict =
    check.kind === 'rule'
      ? translate(check.passed ? 'app.eligibility.rule_met' : 'app.eligibility.rule_not_met')
      : translate(check.passed ? 'app.eligibility.exclusion_clear' : 'app.eligibility.exclusion_hit');
  return (
    <ListItem alignItems="flex-start" disableGutters data-testid="eligibility-check" data-check={check.id} data-passed={String(check.passed)}>
      <ListItemIcon sx={{ minWidth: 32, mt: 0.5 }}>
        <CheckIcon check={check} />
      </ListItemIcon>
      <ListItemText
        primary={`${title}：${verdict}`}
        secondary={check.explanation}
        slotProps={{ primary: { variant: 'body2', sx: { fontWeight: 600 } }, secondary: { variant: 'body2' } }}
      />
    </ListItem>
  );
};

const CheckGroup = ({ title, checks }: { title: string; checks: Check[] }) => {
  const translate = useTranslate();
  if (checks.length === 0) return null;
  return (
    <Box sx={{ mt: 1 }}>
      <Typography variant="overline" color="text.secondary">
        {translate(title)}
      </Typography>
      <List dense disablePadding>
        {checks.map((check) => (
          <CheckItem key={check.id} check={check} />
        ))}
      </List>
    </Box>
  );
};

function verdictOf(e: Eligibility): { severity: 'success' | 'error' | 'warning'; key: string } {
  if (e.eligible) return { severity: 'success', key: 'app.eligibility.eligible' };
  if (e.exclusions.length > 0) return { severity: 'error', key: 'app.eligibility.refused' };
  return { severity: 'warning', key: 'app.eligibility.not_eligible' };
}

/** Why the household does or does not meet the filing conditions, check by check, in Chinese. */
export const EligibilityPanel = ({ eligibility }: { eligibility: Eligibility | null | undefined }) => {
  const translate = useTranslate();
  if (!eligibility) return null;
  const verdict = verdictOf(eligibility);
  const rules = eligibility.checks.filter((c) => c.kind === 'rule');
  const exclusions = eligibility.checks.filter((c) => c.kind === 'exclusion');
  return (
    <Card variant="outlined" data-testid="eligibility-panel" data-eligible={String(eligibility.eligible)}>
      <CardHeader title={translate('app.eligibility.title')} slotProps={{ title: { variant: 'subtitle1', fontWeight: 600 } }} />
      <CardContent sx={{ pt: 0 }}>
        <Alert severity={verdict.severity} sx={{ mb: 1 }}>
          {translate(verdict.key)}
          {' · '}
          {translate('app.eligibility.per_capita', { amount: formatFen(eligibility.perCapitaMonthlyIncome) })}
        </Alert>
        <CheckGroup title="app.eligibility.criteria" checks={rules} />
        <CheckGroup title="app.eligibility.exclusions" checks={exclusions} />
      </CardContent>
    </Card>
  );
};
