import { Box, Chip, Typography } from '@mui/material';
import { useFormState, useWatch } from 'react-hook-form';
import { TextInput, useSourceContext, useTranslate, type TextInputProps } from 'react-admin';
import { ageOn, parseResidentId } from '../../../../workers/identity/resident-id';
import { todayInShanghai } from '../../common/format';

/** IDs are typed with spaces now and then, and with a lowercase x. */
const normalize = (value: string) => (value ?? '').replace(/\s+/g, '').toUpperCase();

/** Birth date, sex and age as the 18th character is typed; the check digit error otherwise. */
const ResidentIdInfo = ({ source }: { source: string }) => {
  const translate = useTranslate();
  const name = useSourceContext().getSource(source);
  const value: unknown = useWatch({ name });
  const { errors } = useFormState({ name });
  const hasFormError = name.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], errors) != null;
  if (typeof value !== 'string' || value.length < 18) return null;

  const today = todayInShanghai();
  const parsed = parseResidentId(value, today);
  if (!parsed.ok) {
    // The form shows the same message under the input once it has validated the field.
    return hasFormError ? null : (
      <Typography data-testid="resident-id-error" color="error" variant="body2" sx={{ mt: 2 }}>
        {parsed.error}
      </Typography>
    );
  }
  const t = (key: string) => translate(`app.application.resident_id.${key}`);
  const age = ageOn(parsed.birthDate, today);
  return (
    <Box
      data-testid="resident-id-derived"
      data-birth-date={parsed.birthDate}
      data-sex={parsed.sex}
      data-age={age}
      sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', mt: 1.5 }}
    >
      <Chip size="small" variant="outlined" label={`${t('birthDate')} ${parsed.birthDate}`} />
      <Chip size="small" variant="outlined" label={`${t('sex')} ${t(parsed.sex)}`} />
      <Chip size="small" variant="outlined" label={`${t('age')} ${translate('app.application.resident_id.age_value', { age })}`} />
    </Box>
  );
};

/** 18-digit resident ID (GB 11643-1999) with what it encodes shown next to it. */
export const ResidentIdInput = (props: TextInputProps) => (
  <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', flexWrap: 'wrap' }}>
    <TextInput
      parse={normalize}
      helperText="app.application.resident_id.hint"
      slotProps={{ htmlInput: { maxLength: 18, autoComplete: 'off', spellCheck: false } }}
      fullWidth={false}
      sx={{ width: 300, maxWidth: '100%' }}
      {...props}
    />
    <ResidentIdInfo source={props.source} />
  </Box>
);
