import type { ReactNode } from 'react';
import { Box, Typography } from '@mui/material';
import { useWatch } from 'react-hook-form';
import { useSourceContext, useTranslate } from 'react-admin';
import { isShown, prefixOf, setAt, type FieldGroup, type FieldSpec } from '../fields';
import { FieldInput } from './FieldInput';

export const fieldGridSx = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))',
  columnGap: 2,
  alignItems: 'start',
  width: '100%',
} as const;

/** Renders a conditional field only while the fields it depends on allow it. */
const WhenShown = ({ group, field, children }: { group: FieldGroup; field: FieldSpec; children: ReactNode }) => {
  const { getSource } = useSourceContext();
  const names = (field.when?.fields ?? []).map((name) => getSource(prefixOf(group) + name));
  const values: unknown[] = useWatch({ name: names });
  const groupValues: Record<string, unknown> = {};
  field.when?.fields.forEach((name, i) => setAt(groupValues, name, values[i]));
  return isShown(field, groupValues) ? <>{children}</> : null;
};

export const GroupInputs = ({ group }: { group: FieldGroup }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ width: '100%', mb: 1 }}>
      {group.title && (
        <Typography variant="subtitle1" sx={{ fontWeight: 600, mt: 1, mb: 1 }}>
          {translate(`app.application.groups.${group.title}`)}
        </Typography>
      )}
      <Box sx={fieldGridSx}>
        {group.fields.map((field) => {
          const wide = field.wide || field.kind === 'residentId';
          const input = (
            <Box key={field.name} sx={wide ? { gridColumn: '1 / -1' } : undefined}>
              <FieldInput group={group} field={field} />
            </Box>
          );
          return field.when ? (
            <WhenShown key={field.name} group={group} field={field}>
              {input}
            </WhenShown>
          ) : (
            input
          );
        })}
      </Box>
    </Box>
  );
};
