import { Alert } from '@mui/material';
import { TextInput, useTranslate } from 'react-admin';
import type { TaskFieldsProps } from './index';

/**
 * The clean-up, dibao-referral and spot-check tasks until their own forms exist: the task's
 * content as JSON, validated by the same schema on the server (errors come back by field).
 */
export const CampaignFields = ({ task }: TaskFieldsProps) => {
  const translate = useTranslate();
  return (
    <>
      <Alert severity="info" sx={{ mb: 2 }}>
        {translate('app.task.campaign_hint', { form: task.formKey ?? '' })}
      </Alert>
      <TextInput source="payload" label="app.task.campaign_payload" multiline minRows={6} fullWidth />
    </>
  );
};

export const campaignPayload = (values: Record<string, unknown>): Record<string, unknown> => {
  try {
    const parsed = JSON.parse(String(values.payload ?? '{}'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
};
