import { Alert, Box, CircularProgress, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import { LEVELS } from '../../../workers/funds';
import { formatFen, todayInShanghai } from '../common/format';
import type { AppDataProvider } from '../dataProvider';

const FIRST_YEAR = 2018;

/** 资金使用情况 (SPEC §7, seed 四6 资金使用好不好): paid amounts by fund level and by paying union. */
export const UsageTab = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AppDataProvider>();
  const thisYear = Number(todayInShanghai().slice(0, 4));
  const [year, setYear] = useState<number | ''>('');
  const usage = useQuery({ queryKey: ['funds-usage', year], queryFn: async () => (await dataProvider.getFundUsage(year || undefined)).data });
  const u = (key: string, args?: Record<string, unknown>) => translate(`app.funds.usage.${key}`, args);
  const data = usage.data;
  return (
    <Box data-testid="funds-usage" data-total={data?.total.amount ?? ''}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {u('intro')}
      </Typography>
      <TextField
        select
        size="small"
        label={u('year')}
        value={year}
        onChange={(e) => setYear(e.target.value ? Number(e.target.value) : '')}
        fullWidth={false}
        sx={{ width: 180, mb: 2 }}
        slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      >
        <option value="">{u('all_years')}</option>
        {Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i).map((y) => (
          <option key={y} value={y}>
            {translate('app.rosters.year_value', { year: y })}
          </option>
        ))}
      </TextField>
      {usage.error && <Alert severity="error">{(usage.error as Error).message}</Alert>}
      {usage.isPending || !data ? (
        !usage.error && <CircularProgress size={20} />
      ) : (
        <>
          <Alert severity="info" sx={{ mb: 2 }} data-testid="usage-total">
            {u('total', { amount: formatFen(data.total.amount), count: data.total.count })}
          </Alert>
          <Typography variant="subtitle2">{u('by_level')}</Typography>
          <Table size="small" sx={{ mb: 3, maxWidth: 560 }}>
            <TableHead>
              <TableRow>
                <TableCell sx={{ pl: 0 }}>{u('level')}</TableCell>
                <TableCell align="right">{u('amount')}</TableCell>
                <TableCell align="right">{u('count')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.byLevel.map((l) => (
                <TableRow key={l.level} data-testid="usage-level" data-level={l.level} data-amount={l.amount}>
                  <TableCell sx={{ pl: 0 }}>{translate(`app.funds.levels.${l.level}`, { _: l.level })}</TableCell>
                  <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                    {formatFen(l.amount)}
                  </TableCell>
                  <TableCell align="right">{l.count}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Typography variant="subtitle2">{u('by_union')}</Typography>
          {data.byUnion.length === 0 ? (
            <Typography color="text.secondary">{u('none')}</Typography>
          ) : (
            <Box sx={{ overflowX: 'auto' }}>
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell sx={{ pl: 0 }}>{u('org')}</TableCell>
                    {LEVELS.map((l) => (
                      <TableCell key={l} align="right">
                        {translate(`app.funds.levels.${l}`)}
                      </TableCell>
                    ))}
                    <TableCell align="right">{u('amount')}</TableCell>
                    <TableCell align="right">{u('count')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {data.byUnion.map((r) => (
                    <TableRow key={r.orgId} data-testid="usage-union" data-org-id={r.orgId} data-amount={r.amount}>
                      <TableCell sx={{ pl: 0 }}>{r.orgName}</TableCell>
                      {LEVELS.map((l) => (
                        <TableCell key={l} align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                          {r.byLevel[l] ? formatFen(r.byLevel[l]) : '—'}
                        </TableCell>
                      ))}
                      <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums', fontWeight: 600 }}>
                        {formatFen(r.amount)}
                      </TableCell>
                      <TableCell align="right">{r.count}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          )}
        </>
      )}
    </Box>
  );
};
