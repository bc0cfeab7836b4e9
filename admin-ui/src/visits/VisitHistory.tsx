import PhotoCameraIcon from '@mui/icons-material/PhotoCamera';
import { Alert, Box, Card, CardContent, Chip, CircularProgress, Stack, Typography } from '@mui/material';
import { useTranslate, type Identifier } from 'react-admin';
import { formatFen } from '../common/format';
import { visitDay, type VisitRecord } from './types';
import { useVisits } from './useVisits';

/** One visit as a card: date, kind, who went, what they found, the income they saw. */
export const VisitCard = ({ visit }: { visit: VisitRecord }) => {
  const translate = useTranslate();
  return (
    <Card variant="outlined" data-testid="visit-record" data-visit-id={visit.id} data-kind={visit.kind} data-visit-date={visitDay(visit)}>
      <CardContent sx={{ '&:last-child': { pb: 2 } }}>
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap', mb: 0.5 }}>
          <Typography variant="subtitle2" component="span">
            {visitDay(visit)}
          </Typography>
          <Chip size="small" variant="outlined" label={translate(`app.visit.kinds.${visit.kind}`, { _: visit.kind })} />
          {visit.photoIds.length > 0 && (
            <Chip size="small" icon={<PhotoCameraIcon />} label={translate('app.visit.photo_count', { count: visit.photoIds.length })} data-testid="visit-record-photos" />
          )}
        </Box>
        <Typography variant="body2" color="text.secondary">
          {translate('app.visit.by', { visitors: visit.visitors })}
        </Typography>
        <Typography variant="body2" sx={{ mt: 0.5, whiteSpace: 'pre-wrap' }}>
          {visit.findings}
        </Typography>
        {visit.incomeObserved !== null && (
          <Typography variant="body2" sx={{ mt: 0.5 }} data-testid="visit-record-income">
            {translate('app.visit.income', { amount: formatFen(visit.incomeObserved) })}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
};

/** The household's visits, latest first, as cards (one column: reads on a phone and in a tab). */
export const VisitHistory = ({ fileId }: { fileId: Identifier }) => {
  const translate = useTranslate();
  const { data: visits = [], isPending, error } = useVisits(fileId);
  if (isPending) return <CircularProgress size={20} />;
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  if (visits.length === 0) {
    return (
      <Typography color="text.secondary" data-testid="visits-empty">
        {translate('app.visit.no_visits')}
      </Typography>
    );
  }
  return (
    <Stack spacing={1.5} data-testid="visit-history" data-count={visits.length}>
      {visits.map((v) => (
        <VisitCard key={v.id} visit={v} />
      ))}
    </Stack>
  );
};
