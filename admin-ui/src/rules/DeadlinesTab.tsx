import EditIcon from '@mui/icons-material/Edit';
import { Box, Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import { Button, NumberInput, useDataProvider, useGetList, useTranslate, type RaRecord } from 'react-admin';
import { DEFAULT_PUBLICITY_WORKING_DAYS } from '../../../workers/filing/handlers';
import { DEFAULT_DEADLINE } from '../../../workers/tasks/reminder';
import { FormDialog } from '../common/FormDialog';
import { RuleHistory } from './RuleHistory';
import type { AppDataProvider } from '../dataProvider';

/** A step's time limits in working days (`GET /api/calendar/deadlines`). */
export type DeadlineRecord = RaRecord & { bpmnProcessId: string; elementId: string; dueWorkingDays: number; escalateWorkingDays: number };

const t = (key: string) => `app.rules.deadlines.${key}`;

/**
 * The steps of the filing process whose limits can be set: every `task-deadline` header of
 * workflows/filing/filing.bpmn, and `publicity`, whose due days are the length of 公示.
 */
const FILING_STEPS = [
  'householdSurvey',
  'publicity',
  'grassrootsApproval',
  'reportUpward',
  'countyReview',
  'cityReview',
  'provinceReview',
  'nationalReview',
  'resubmit',
] as const;

type Step = { bpmnProcessId: string; elementId: string; configured: DeadlineRecord | undefined };

const DeadlineDialog = ({ step, onClose, onSaved }: { step: Step; onClose: () => void; onSaved: () => void }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AppDataProvider>();
  const label = translate(t(`steps.${step.elementId}`), { _: step.elementId });
  const publicity = step.elementId === 'publicity';
  return (
    <FormDialog
      title={t('edit_title')}
      titleArgs={{ step: label }}
      record={step.configured ?? { ...DEFAULT_DEADLINE }}
      save={(values) =>
        dataProvider.putByKey('calendar/deadlines', {
          bpmnProcessId: step.bpmnProcessId,
          elementId: step.elementId,
          dueWorkingDays: values.dueWorkingDays,
          escalateWorkingDays: values.escalateWorkingDays,
        })
      }
      success={t('saved')}
      successArgs={{ step: label }}
      onClose={onClose}
      onSaved={onSaved}
      testId="deadline-dialog"
    >
      <NumberInput id="dueWorkingDays" source="dueWorkingDays" label={publicity ? t('publicityDays') : t('dueWorkingDays')} step={1} min={1} max={90} isRequired />
      <NumberInput
        id="escalateWorkingDays"
        source="escalateWorkingDays"
        label={t('escalateWorkingDays')}
        helperText={publicity ? t('publicity_escalate_help') : t('escalate_help')}
        step={1}
        min={1}
        max={90}
        isRequired
      />
    </FormDialog>
  );
};

/** 办理期限: each step's due date and the escalation after it, in working days. */
export const DeadlinesTab = ({ canEdit }: { canEdit: boolean }) => {
  const translate = useTranslate();
  const { data = [], refetch } = useGetList<DeadlineRecord>('calendar/deadlines', { pagination: { page: 1, perPage: 200 } });
  const [saves, setSaves] = useState(0);
  const [editing, setEditing] = useState<Step | null>(null);
  const known: Step[] = FILING_STEPS.map((elementId) => ({
    bpmnProcessId: 'filing',
    elementId,
    configured: data.find((d) => d.bpmnProcessId === 'filing' && d.elementId === elementId),
  }));
  const others: Step[] = data
    .filter((d) => !known.some((k) => k.configured === d))
    .map((d) => ({ bpmnProcessId: d.bpmnProcessId, elementId: d.elementId, configured: d }));
  return (
    <Box data-testid="rules-deadlines">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate(t('intro'), DEFAULT_DEADLINE)}
      </Typography>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{translate(t('step'))}</TableCell>
            <TableCell align="right">{translate(t('dueWorkingDays'))}</TableCell>
            <TableCell align="right">{translate(t('escalateWorkingDays'))}</TableCell>
            <TableCell />
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {[...known, ...others].map((step) => {
            const c = step.configured;
            return (
              <TableRow key={`${step.bpmnProcessId}:${step.elementId}`} data-testid="deadline-row" data-element={step.elementId}>
                <TableCell>{translate(t(`steps.${step.elementId}`), { _: `${step.bpmnProcessId} · ${step.elementId}` })}</TableCell>
                <TableCell align="right">
                  {translate(t('days'), { days: c?.dueWorkingDays ?? (step.elementId === 'publicity' ? DEFAULT_PUBLICITY_WORKING_DAYS : DEFAULT_DEADLINE.dueWorkingDays) })}
                </TableCell>
                <TableCell align="right">
                  {step.elementId === 'publicity' ? '—' : translate(t('days'), { days: c?.escalateWorkingDays ?? DEFAULT_DEADLINE.escalateWorkingDays })}
                </TableCell>
                <TableCell>{!c && <Chip size="small" variant="outlined" label={translate(t('default'))} />}</TableCell>
                <TableCell align="right">
                  {canEdit && (
                    <Button label="ra.action.edit" onClick={() => setEditing(step)}>
                      <EditIcon />
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {editing && (
        <DeadlineDialog
          step={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            setSaves((n) => n + 1);
            void refetch();
          }}
        />
      )}
      <RuleHistory entity="step_deadline" version={saves} />
    </Box>
  );
};
