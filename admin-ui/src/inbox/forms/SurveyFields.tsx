import { Box, Collapse, Typography } from '@mui/material';
import { useEffect } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { BooleanInput, NumberInput, TextInput, useGetOne, useTranslate } from 'react-admin';
import { MoneyInput } from '../../applications/inputs/MoneyInput';
import { DateTextInput } from '../../common/DateTextInput';
import { formatFen } from '../../common/format';
import { DocumentsPanel } from '../../documents/DocumentsPanel';
import { useDocuments } from '../../documents/useDocuments';
import type { FileDetail } from '../../files/types';
import type { TaskFieldsProps } from './index';

/** What a visit may find different from the declaration (amounts in fen; counts as numbers). */
const CORRECTABLE: { group: 'income' | 'assets'; name: string; money: boolean }[] = [
  { group: 'income', name: 'annualWages', money: true },
  { group: 'income', name: 'annualBusiness', money: true },
  { group: 'income', name: 'annualProperty', money: true },
  { group: 'income', name: 'annualTransfer', money: true },
  { group: 'income', name: 'annualIncomeTax', money: true },
  { group: 'income', name: 'annualSocialInsurance', money: true },
  { group: 'income', name: 'sixMonthIncome', money: true },
  { group: 'income', name: 'monthsBelowDibao', money: false },
  { group: 'income', name: 'annualNecessaryExpenses', money: true },
  { group: 'assets', name: 'homesOwned', money: false },
];

/**
 * 核实更正: only what is typed is corrected; the declared value stands beside each input. The
 * process runs the eligibility check again on the corrected declaration and keeps the decision
 * from before the visit next to the new one.
 */
const Corrections = ({ fileId }: { fileId: string }) => {
  const translate = useTranslate();
  const open = useWatch({ name: 'correct' });
  const { data: file } = useGetOne<FileDetail>('files', { id: fileId }, { enabled: !!open });
  const declared = (group: string, name: string) => (file?.form?.[group] as Record<string, unknown> | undefined)?.[name];
  return (
    <>
      <BooleanInput id="correct" source="correct" label="app.task.fields.correct" helperText="app.task.fields.correct_help" />
      <Collapse in={!!open} unmountOnExit>
        <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', columnGap: 2 }} data-testid="survey-corrections">
          {CORRECTABLE.map(({ group, name, money }) => {
            const was = declared(group, name);
            const props = {
              id: `corrections.${group}.${name}`,
              source: `corrections.${group}.${name}`,
              label: `resources.applications.fields.${group}.${name}`,
              helperText:
                was === undefined ? false : translate('app.task.fields.declared', { value: money && typeof was === 'number' ? formatFen(was) : String(was) }),
            };
            return money ? <MoneyInput key={name} {...props} /> : <NumberInput key={name} {...props} step={1} min={0} />;
          })}
        </Box>
      </Collapse>
    </>
  );
};

/** The photos uploaded at this step go with the visit record. */
const PhotoIds = ({ fileId, stepId }: { fileId: string; stepId: string }) => {
  const { setValue } = useFormContext();
  const { data: docs } = useDocuments(fileId);
  const ids = (docs ?? []).filter((d) => d.kind === 'photo' && d.stepId === stepId).map((d) => d.id);
  const key = ids.join(',');
  useEffect(() => setValue('photoIds', key ? key.split(',') : []), [key, setValue]);
  return null;
};

/** `correct` only opens the corrections; it is not part of the form. */
export function withoutCorrectSwitch(values: Record<string, unknown>): Record<string, unknown> {
  const { correct, corrections, ...rest } = values;
  return correct ? { ...rest, corrections } : rest;
}

/**
 * 入户调查核实 (seed 一(三)): when, who, what was found, whether the declaration holds, the
 * visit's photos and, when the visit found otherwise, the corrected figures. Ids are the field
 * names (stable selectors; react-admin 5.15 would generate them).
 */
export const SurveyFields = ({ task }: TaskFieldsProps) => {
  const translate = useTranslate();
  return (
    <>
      <DateTextInput id="visitDate" source="visitDate" fullWidth={false} label="app.task.fields.visitDate" isRequired />
      <TextInput id="visitors" source="visitors" label="app.task.fields.visitors" helperText="app.task.fields.visitors_help" isRequired fullWidth />
      <TextInput id="findings" source="findings" label="app.task.fields.findings" isRequired multiline minRows={4} fullWidth />
      <BooleanInput id="factsConfirmed" source="factsConfirmed" label="app.task.fields.factsConfirmed" />
      {task.file && (
        <>
          <Corrections fileId={task.file.id} />
          <PhotoIds fileId={task.file.id} stepId={task.elementId} />
          <Box sx={{ mt: 1 }}>
            <DocumentsPanel fileId={task.file.id} stepId={task.elementId} kinds={['photo']} onlyStep title="app.documents.photos_title" />
          </Box>
          <Typography variant="caption" color="text.secondary">
            {translate('app.task.fields.photos_help')}
          </Typography>
        </>
      )}
    </>
  );
};
