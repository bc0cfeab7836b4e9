import { Alert, Box, Card, CardContent, Chip, CircularProgress, Link, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { LinkBase, Title, useCreatePath, useDataProvider, useTranslate } from 'react-admin';
import { formatDate, formatFen } from '../common/format';
import type { AppDataProvider } from '../dataProvider';

/**
 * 返困预警: households that exited within the last 12 months and whose recorded income fell back
 * to or below the dibao, with the months that show it (issue 5). A supervisor or the union
 * follows up from the file.
 */
export const RelapseList = () => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const dataProvider = useDataProvider<AppDataProvider>();
  const watch = useQuery({ queryKey: ['relapse-watch'], queryFn: async () => (await dataProvider.getRelapseWatch()).data });
  const rows = watch.data ?? [];
  return (
    <Box sx={{ my: 2 }} data-testid="relapse-page">
      <Title title="app.relapse.title" />
      <Card variant="outlined">
        <CardContent>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {translate('app.relapse.intro')}
          </Typography>
          {watch.error && <Alert severity="error">{(watch.error as Error).message}</Alert>}
          {watch.isPending ? (
            <CircularProgress size={20} />
          ) : rows.length === 0 ? (
            <Alert severity="success" data-testid="relapse-empty">
              {translate('app.relapse.none')}
            </Alert>
          ) : (
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{translate('app.relapse.fileNo')}</TableCell>
                  <TableCell>{translate('app.relapse.exitedAt')}</TableCell>
                  <TableCell>{translate('app.relapse.months')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((r) => (
                  <TableRow key={r.fileId} data-testid="relapse-row" data-file-id={r.fileId} data-months={r.months.map((m) => m.month).join(',')}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>
                      <Link component={LinkBase} to={createPath({ resource: 'files', id: r.fileId, type: 'show' })} underline="hover">
                        {r.fileNo ?? translate('app.relapse.open_file')}
                      </Link>
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDate(r.exitedAt)}</TableCell>
                    <TableCell>
                      <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
                        {r.months.map((m) => (
                          <Chip
                            key={m.month}
                            size="small"
                            color="error"
                            variant="outlined"
                            label={translate('app.relapse.month', { month: m.month, perCapita: formatFen(m.perCapita), dibao: formatFen(m.dibao) })}
                          />
                        ))}
                      </Box>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </Box>
  );
};
