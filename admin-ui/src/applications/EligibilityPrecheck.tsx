import FactCheckIcon from '@mui/icons-material/FactCheck';
import { CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useFormContext } from 'react-hook-form';
import { Button, useDataProvider, useNotify, useTranslate, type HttpError } from 'react-admin';
import { ApplicationSchema } from '../../../api/applications/application.schema';
import { EligibilityDetails, type Eligibility } from '../common/EligibilityPanel';
import type { AppDataProvider } from '../dataProvider';
import { toApplicationInput } from './applicationInput';

/**
 * 资格预审: what the filing process would decide of the application as typed so far, with every
 * reason, before anything is submitted (issue 3). Nothing is stored.
 */
export const EligibilityPrecheckButton = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<AppDataProvider>();
  const { getValues, trigger } = useFormContext();
  const [result, setResult] = useState<Eligibility | null>(null);
  const evaluate = useMutation({
    mutationFn: (application: Record<string, unknown>) => dataProvider.evaluateEligibility(application),
    onSuccess: ({ data }) => setResult(data),
    onError: (error: HttpError) => notify(error.message, { type: 'error' }),
  });

  const onClick = async () => {
    const application = toApplicationInput(getValues());
    if (!ApplicationSchema.safeParse(application).success) {
      // Shows the missing fields under their inputs (and on the tabs), as saving would.
      await trigger();
      notify('app.eligibility.precheck_invalid', { type: 'warning' });
      return;
    }
    evaluate.mutate(application);
  };

  return (
    <>
      <Button
        label="app.eligibility.precheck"
        variant="outlined"
        size="medium"
        data-testid="precheck-button"
        disabled={evaluate.isPending}
        onClick={onClick}
        sx={{ ml: 2 }}
      >
        {evaluate.isPending ? <CircularProgress size={18} /> : <FactCheckIcon />}
      </Button>
      <Dialog open={result !== null} onClose={() => setResult(null)} maxWidth="md" fullWidth data-testid="precheck-dialog">
        <DialogTitle>{translate('app.eligibility.precheck_title')}</DialogTitle>
        <DialogContent dividers>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {translate('app.eligibility.precheck_hint')}
          </Typography>
          {result && <EligibilityDetails eligibility={result} />}
        </DialogContent>
        <DialogActions>
          <Button label="ra.action.close" onClick={() => setResult(null)} data-testid="precheck-close" />
        </DialogActions>
      </Dialog>
    </>
  );
};
