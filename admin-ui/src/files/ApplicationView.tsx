import { Box, Divider, Typography } from '@mui/material';
import { Labeled, useRecordContext, useTranslate } from 'react-admin';
import { isShown, labelOf, SECTIONS, valueAt, type FieldGroup, type SectionId } from '../applications/fields';
import { fieldGridSx } from '../applications/inputs/GroupInputs';
import { formatValue } from '../common/formatValue';

/** One group of the application (read-only), laid out like the form that captured it. */
export const GroupView = ({ group, values }: { group: FieldGroup; values: unknown }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ mb: 2 }}>
      {group.title && (
        <Typography variant="subtitle2" color="text.secondary" sx={{ mb: 1 }}>
          {translate(`app.application.groups.${group.title}`)}
        </Typography>
      )}
      <Box sx={{ ...fieldGridSx, rowGap: 1.5 }}>
        {group.fields
          .filter((field) => isShown(field, values))
          .map((field) => (
            <Box key={field.name} sx={field.wide ? { gridColumn: '1 / -1' } : undefined}>
              <Labeled label={labelOf(group, field)}>
                <Typography variant="body2" data-field={`${group.source}.${field.name}`}>
                  {formatValue(field, valueAt(values, field.name), translate)}
                </Typography>
              </Labeled>
            </Box>
          ))}
      </Box>
    </Box>
  );
};

const SHOWN: SectionId[] = ['applicant', 'income', 'assets', 'hardship', 'bank'];

/** The application as submitted (`form` of GET /api/files/:id), by the paper forms' sections. */
export const ApplicationView = () => {
  const translate = useTranslate();
  const record = useRecordContext<{ form?: Record<string, unknown> }>();
  const form = record?.form;
  if (!form) return null;
  return (
    <Box sx={{ width: '100%' }}>
      {SHOWN.map((id) => (
        <Box key={id} sx={{ mb: 2 }}>
          <Typography variant="h6" sx={{ mb: 1 }}>
            {translate(`app.application.sections.${id}`)}
          </Typography>
          {SECTIONS[id].map((group) => (
            <GroupView key={`${group.source}-${group.title ?? ''}`} group={group} values={group.source ? form[group.source] : form} />
          ))}
          <Divider />
        </Box>
      ))}
    </Box>
  );
};
