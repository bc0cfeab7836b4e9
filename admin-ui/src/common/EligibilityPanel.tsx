import CancelIcon from '@mui/icons-material/Cancel';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import HorizontalRuleIcon from '@mui/icons-material/HorizontalRule';
import {
  Alert,
  Box,
  Card,
  CardContent,
  CardHeader,
  Chip,
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@mui/material';
import { useTranslate } from 'react-admin';
import type { LevelVerdict } from '../../../workers/levels';
import { formatFen } from './format';

/**
 * The eligibility assessment (SPEC §3–4) as the filing worker stores it and as
 * `POST /api/eligibility/evaluate` returns it (api/eligibility/assess.ts): every rule and
 * exclusion with its reason, the levels, the income reconciliation and the standard applied.
 * The later fields are optional: files assessed by an earlier version lack them.
 */
export type Eligibility = {
  eligible: boolean;
  criteria: string[];
  exclusions: string[];
  /** fen */
  perCapitaMonthlyIncome: number;
  /** One sentence an official can read to the family. */
  summary?: string;
  checks: { id: string; kind: 'rule' | 'exclusion'; passed: boolean; explanation: string }[];
  /** File levels the household qualifies for, highest first. */
  levels?: string[];
  levelVerdicts?: LevelVerdict[];
  /** Attachment 1's annual income against attachment 2's six months (fen). */
  reconciliation?: { annual: number; sixMonth: number; sixMonthAnnualized: number; difference: number; consistent: boolean };
  standards?: { regionCode: string; validFrom: string; dibao: number; lowIncomeLine: number | null; isDemo: boolean };
  evaluatedOn?: string;
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

const SectionTitle = ({ children }: { children: string }) => (
  <Typography variant="overline" color="text.secondary" component="div" sx={{ mt: 1 }}>
    {children}
  </Typography>
);

const CheckGroup = ({ title, checks }: { title: string; checks: Check[] }) => {
  const translate = useTranslate();
  if (checks.length === 0) return null;
  return (
    <Box>
      <SectionTitle>{translate(title)}</SectionTitle>
      <List dense disablePadding>
        {checks.map((check) => (
          <CheckItem key={check.id} check={check} />
        ))}
      </List>
    </Box>
  );
};

/** 可建档级别 and, per level, why it holds or not (SPEC §4). */
const Levels = ({ eligibility }: { eligibility: Eligibility }) => {
  const translate = useTranslate();
  const levels = eligibility.levels ?? [];
  return (
    <Box data-testid="eligibility-levels" data-levels={levels.join(',')}>
      <SectionTitle>{translate('app.eligibility.levels')}</SectionTitle>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', mb: 1 }}>
        {levels.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            {translate('app.eligibility.no_levels')}
          </Typography>
        ) : (
          levels.map((level) => <Chip key={level} size="small" color="success" variant="outlined" label={translate(`app.file.level.${level}`, { _: level })} />)
        )}
      </Box>
      {eligibility.levelVerdicts && (
        <List dense disablePadding>
          {eligibility.levelVerdicts.map((v) => (
            <ListItem key={v.level} alignItems="flex-start" disableGutters data-testid="level-verdict" data-level={v.level} data-qualifies={String(v.qualifies)}>
              <ListItemIcon sx={{ minWidth: 32, mt: 0.5 }}>
                {v.qualifies ? <CheckCircleIcon color="success" fontSize="small" /> : <HorizontalRuleIcon color="disabled" fontSize="small" />}
              </ListItemIcon>
              <ListItemText
                primary={`${translate(`app.file.level.${v.level}`, { _: v.level })}：${translate(v.qualifies ? 'app.eligibility.rule_met' : 'app.eligibility.rule_not_met')}`}
                secondary={v.reasons.join('；')}
                slotProps={{ primary: { variant: 'body2', sx: { fontWeight: 600 } }, secondary: { variant: 'body2' } }}
              />
            </ListItem>
          ))}
        </List>
      )}
    </Box>
  );
};

/** Attachment 1 (a year) against attachment 2 (six months, doubled): the gap an official should ask about. */
const Reconciliation = ({ r }: { r: NonNullable<Eligibility['reconciliation']> }) => {
  const translate = useTranslate();
  const t = (key: string) => translate(`app.eligibility.reconciliation.${key}`);
  const rows: [string, number][] = [
    ['annual', r.annual],
    ['sixMonth', r.sixMonth],
    ['sixMonthAnnualized', r.sixMonthAnnualized],
    ['difference', r.difference],
  ];
  return (
    <Box data-testid="eligibility-reconciliation" data-consistent={String(r.consistent)}>
      <SectionTitle>{t('title')}</SectionTitle>
      <Table size="small" sx={{ mb: 1 }}>
        <TableBody>
          {rows.map(([key, fen]) => (
            <TableRow key={key}>
              <TableCell sx={{ pl: 0 }}>{t(key)}</TableCell>
              <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                {formatFen(fen)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Alert severity={r.consistent ? 'success' : 'warning'} variant="outlined" sx={{ py: 0 }}>
        {t(r.consistent ? 'consistent' : 'inconsistent')}
      </Alert>
    </Box>
  );
};

function verdictOf(e: Eligibility): { severity: 'success' | 'error' | 'warning'; key: string } {
  if (e.eligible) return { severity: 'success', key: 'app.eligibility.eligible' };
  if (e.exclusions.length > 0) return { severity: 'error', key: 'app.eligibility.refused' };
  return { severity: 'warning', key: 'app.eligibility.not_eligible' };
}

/** The body of the panel: the verdict and every reason, also shown alone in the pre-check dialog. */
export const EligibilityDetails = ({ eligibility }: { eligibility: Eligibility }) => {
  const translate = useTranslate();
  const verdict = verdictOf(eligibility);
  const rules = eligibility.checks.filter((c) => c.kind === 'rule');
  const exclusions = eligibility.checks.filter((c) => c.kind === 'exclusion');
  const std = eligibility.standards;
  return (
    <Box data-testid="eligibility-details" data-eligible={String(eligibility.eligible)}>
      <Alert severity={verdict.severity} sx={{ mb: 1 }} data-testid="eligibility-verdict">
        {/* The summary names the criteria that hold; older assessments have only the verdict. */}
        <Box sx={{ fontWeight: 600 }} data-testid="eligibility-summary">
          {eligibility.summary ?? translate(verdict.key)}
        </Box>
        <Box>{translate('app.eligibility.per_capita', { amount: formatFen(eligibility.perCapitaMonthlyIncome) })}</Box>
      </Alert>
      {std && (
        <Typography variant="body2" color="text.secondary" data-testid="eligibility-standard">
          {translate('app.eligibility.standard', { region: std.regionCode, amount: formatFen(std.dibao), from: std.validFrom })}
          {std.isDemo && ` ${translate('app.eligibility.demo_standard')}`}
        </Typography>
      )}
      <CheckGroup title="app.eligibility.criteria" checks={rules} />
      <CheckGroup title="app.eligibility.exclusions" checks={exclusions} />
      {eligibility.levels && <Levels eligibility={eligibility} />}
      {eligibility.reconciliation && <Reconciliation r={eligibility.reconciliation} />}
    </Box>
  );
};

/** The decision before the household survey corrected the declaration (the `eligibilityBefore` variable). */
export type EligibilityBefore = Pick<Eligibility, 'eligible' | 'criteria' | 'exclusions' | 'perCapitaMonthlyIncome' | 'summary'>;

/** Why the household does or does not meet the filing conditions, check by check, in Chinese. */
export const EligibilityPanel = ({ eligibility, before }: { eligibility: Eligibility | null | undefined; before?: EligibilityBefore | null }) => {
  const translate = useTranslate();
  if (!eligibility) return null;
  const changed =
    before && (before.summary !== eligibility.summary || before.perCapitaMonthlyIncome !== eligibility.perCapitaMonthlyIncome || before.eligible !== eligibility.eligible);
  return (
    <Card variant="outlined" data-testid="eligibility-panel" data-eligible={String(eligibility.eligible)}>
      <CardHeader title={translate('app.eligibility.title')} slotProps={{ title: { variant: 'subtitle1', fontWeight: 600 } }} />
      <CardContent sx={{ pt: 0 }}>
        {changed && (
          <Alert severity={before.eligible === eligibility.eligible ? 'info' : 'warning'} variant="outlined" sx={{ mb: 1 }} data-testid="eligibility-before">
            {translate('app.eligibility.before', { summary: before.summary ?? '', amount: formatFen(before.perCapitaMonthlyIncome) })}
          </Alert>
        )}
        <EligibilityDetails eligibility={eligibility} />
      </CardContent>
    </Card>
  );
};
