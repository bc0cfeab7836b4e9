import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import {
  Alert,
  Box,
  Card,
  CardContent,
  CardHeader,
  Chip,
  CircularProgress,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useTranslate, type Identifier, type TranslateFunction } from 'react-admin';
import { formatDateTime, formatFen } from '../common/format';
import type { AppDataProvider } from '../dataProvider';
import type { DepartmentCheck } from './types';

export const crossChecksKey = (fileId: Identifier) => ['files', String(fileId), 'cross-checks'] as const;

/** The five departments' answers of a file (`GET /api/files/:id/cross-checks`). */
export function useCrossChecks(fileId: Identifier | undefined) {
  const dataProvider = useDataProvider<AppDataProvider>();
  return useQuery({
    queryKey: crossChecksKey(fileId ?? ''),
    queryFn: async () => (await dataProvider.getCrossChecks(fileId as Identifier)).data,
    enabled: fileId != null,
  });
}

/** 核查异常: a department's answer contradicts the declaration (the file is `flagged`). */
export const FlaggedChip = ({ fileId }: { fileId: Identifier | undefined }) => {
  const translate = useTranslate();
  const { data } = useCrossChecks(fileId);
  if (!data?.flagged) return null;
  return (
    <Chip
      data-testid="flagged-chip"
      size="small"
      color="error"
      icon={<ReportProblemIcon />}
      label={translate('app.crosscheck.flagged')}
      title={translate('app.crosscheck.flagged_hint')}
    />
  );
};

/** Declaration fields whose compared values are money (fen), per workers/crosscheck/compare.ts. */
const MONEY_FIELD = /(monthlyIncome|annualWages)$/;

/** Money in yuan, booleans 是/否, declared work status in words; counts and names as they are. */
function formatCell(field: string, value: string | number | boolean | null, translate: TranslateFunction): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'boolean') return translate(`app.yes_no.${value}`);
  if (typeof value === 'number' && MONEY_FIELD.test(field)) return formatFen(value);
  if (typeof value === 'string' && field.endsWith('workStatus')) return translate(`app.enums.workStatus.${value}`, { _: value });
  if (typeof value === 'string' && field.endsWith('.identity')) return translate(`app.enums.memberIdentity.${value}`, { _: value });
  return String(value);
}

const DepartmentRows = ({ check }: { check: DepartmentCheck }) => {
  const translate = useTranslate();
  const t = (key: string, args?: Record<string, unknown>) => translate(`app.crosscheck.${key}`, args);
  const status =
    check.status === 'pending' ? t('pending') : `${t(`source.${check.source ?? 'http'}`)} · ${formatDateTime(check.checkedAt)}`;
  const head = (
    <TableRow data-testid="crosscheck-department" data-department={check.department} data-status={check.status} data-contradictions={check.contradictions}>
      <TableCell colSpan={4} sx={{ bgcolor: 'grey.50', py: 0.75 }}>
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography variant="subtitle2" component="span">
            {t('department', { label: check.label })}
          </Typography>
          <Chip size="small" variant="outlined" label={status} />
          {check.contradictions > 0 && <Chip size="small" color="error" label={t('contradictions', { count: check.contradictions })} />}
        </Box>
      </TableCell>
    </TableRow>
  );
  if (check.rows.length === 0) return head;
  return (
    <>
      {head}
      {check.rows.map((row) => (
        <TableRow
          key={`${check.department}-${row.field}-${row.label}`}
          data-testid="crosscheck-row"
          data-field={row.field}
          data-contradiction={String(row.contradiction !== null)}
          sx={row.contradiction ? { bgcolor: 'rgba(211, 47, 47, 0.08)', '& td': { color: 'error.dark' } } : undefined}
        >
          <TableCell sx={{ pl: 2 }}>{row.label}</TableCell>
          <TableCell data-testid="crosscheck-declared">{formatCell(row.field, row.declared, translate)}</TableCell>
          <TableCell data-testid="crosscheck-found" sx={row.contradiction ? { fontWeight: 700 } : undefined}>
            {formatCell(row.field, row.found, translate)}
          </TableCell>
          <TableCell>{row.contradiction ?? ''}</TableCell>
        </TableRow>
      ))}
    </>
  );
};

/**
 * 部门核查: each department's answer beside what the household declared, one row per compared
 * item, contradictions in red (SPEC §5.1). On the file page and on the review task pages.
 */
export const CrossCheckPanel = ({ fileId }: { fileId: Identifier }) => {
  const translate = useTranslate();
  const t = (key: string, args?: Record<string, unknown>) => translate(`app.crosscheck.${key}`, args);
  const { data, isPending, error } = useCrossChecks(fileId);
  const checked = data?.departments.filter((d) => d.status === 'checked').length ?? 0;
  return (
    <Card variant="outlined" data-testid="crosscheck-panel" data-flagged={String(!!data?.flagged)} data-checked={checked}>
      <CardHeader
        title={t('title')}
        action={<FlaggedChip fileId={fileId} />}
        slotProps={{ title: { variant: 'subtitle1', fontWeight: 600 } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {error && <Alert severity="error">{(error as Error).message}</Alert>}
        {isPending && <CircularProgress size={20} />}
        {data && (
          <>
            <Alert severity={data.flagged ? 'error' : checked === data.departments.length ? 'success' : 'info'} sx={{ mb: 1 }}>
              {data.flagged ? t('flagged_hint') : checked === data.departments.length ? t('clean') : t('progress', { checked, total: data.departments.length })}
            </Alert>
            <Box sx={{ overflowX: 'auto' }}>
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell sx={{ width: '28%' }}>{t('item')}</TableCell>
                    <TableCell sx={{ width: '18%' }}>{t('declared')}</TableCell>
                    <TableCell sx={{ width: '18%' }}>{t('found')}</TableCell>
                    <TableCell>{t('contradiction')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {data.departments.map((check) => (
                    <DepartmentRows key={check.department} check={check} />
                  ))}
                </TableBody>
              </Table>
            </Box>
          </>
        )}
      </CardContent>
    </Card>
  );
};
