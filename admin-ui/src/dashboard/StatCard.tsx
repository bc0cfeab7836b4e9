import { Card, CardActionArea, CardContent, Typography } from '@mui/material';
import { LinkBase, useTranslate } from 'react-admin';

type Props = { label: string; value: number | undefined; to: string; testId: string; alert?: boolean };

/** One figure of the 工作台 that opens the list behind it. */
export const StatCard = ({ label, value, to, testId, alert = false }: Props) => {
  const translate = useTranslate();
  const highlighted = alert && !!value;
  return (
    <Card variant="outlined" sx={highlighted ? { borderColor: 'error.main' } : undefined}>
      <CardActionArea component={LinkBase} to={to} data-testid={testId} data-count={value ?? ''}>
        <CardContent>
          <Typography variant="body2" color="text.secondary">
            {translate(label)}
          </Typography>
          <Typography variant="h3" color={highlighted ? 'error' : 'primary'} sx={{ fontWeight: 600 }}>
            {value ?? '…'}
          </Typography>
        </CardContent>
      </CardActionArea>
    </Card>
  );
};
