import { InputAdornment } from '@mui/material';
import { NumberInput, type NumberInputProps } from 'react-admin';
import { fenToYuanText, yuanToFen } from '../../common/format';

/**
 * Yuan on screen, integer fen in the form and on the wire (SPEC §2). A third decimal is rounded
 * to the fen when the input loses focus, so the user sees what is kept.
 */
export const MoneyInput = (props: NumberInputProps) => (
  <NumberInput
    format={fenToYuanText}
    parse={yuanToFen}
    step={0.01}
    min={0}
    slotProps={{ input: { startAdornment: <InputAdornment position="start">¥</InputAdornment> } }}
    {...props}
  />
);
