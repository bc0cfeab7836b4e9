import { TextInput, useTranslate, type TextInputProps } from 'react-admin';

/**
 * A calendar date (YYYY-MM-DD) or month (YYYY-MM) typed as text. The browser's own date and
 * month pickers speak the browser's UI language (English placeholders in an English build),
 * and forms are validated as YYYY-MM[-DD] strings by the shared zod schemas anyway.
 */
export const DateTextInput = ({ month = false, ...props }: TextInputProps & { month?: boolean }) => {
  const translate = useTranslate();
  return (
    <TextInput
      placeholder={translate(month ? 'app.date.month_placeholder' : 'app.date.day_placeholder')}
      slotProps={{ inputLabel: { shrink: true }, htmlInput: { inputMode: 'numeric', maxLength: month ? 7 : 10, autoComplete: 'off' } }}
      {...props}
    />
  );
};
