import type { TranslateFunction } from 'react-admin';
import type { FieldSpec } from '../applications/fields';
import { formatFen } from './format';

const EMPTY = '—';

/** One field of the application as read-only text (the file page, later the printable forms). */
export function formatValue(field: FieldSpec, value: unknown, translate: TranslateFunction): string {
  if (value === undefined || value === null || value === '') return EMPTY;
  const option = (id: unknown) => translate(`app.enums.${field.options}.${String(id)}`, { _: String(id) });
  switch (field.kind) {
    case 'choice':
    case 'radio':
      return option(value);
    case 'choices':
      return Array.isArray(value) && value.length > 0 ? value.map(option).join('、') : EMPTY;
    case 'money':
      return typeof value === 'number' ? formatFen(value) : EMPTY;
    case 'flag':
      return translate(`app.yes_no.${value === true}`);
    default:
      return String(value);
  }
}
