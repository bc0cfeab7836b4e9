import { Alert } from '@mui/material';
import { useFormState } from 'react-hook-form';
import { useTranslate } from 'react-admin';

/**
 * The server's message for a field that has no input of its own (a list's total, e.g. “还有 2 份
 * 存量档案未作清理决定” on `decisions`): react-admin puts it on the form, nothing shows it otherwise.
 */
export const FieldError = ({ name }: { name: string }) => {
  const translate = useTranslate();
  const { errors } = useFormState({ name });
  const error = errors[name] as { message?: unknown; root?: { message?: unknown } } | undefined;
  const message = error?.message ?? error?.root?.message;
  if (typeof message !== 'string' || !message) return null;
  return (
    <Alert severity="error" sx={{ my: 1 }} data-testid={`field-error-${name}`}>
      {translate(message, { _: message })}
    </Alert>
  );
};
