import { Alert, Box, Typography } from '@mui/material';
import { useWatch } from 'react-hook-form';
import { useEffect, useState } from 'react';
import { BooleanInput, CheckboxGroupInput, RadioButtonGroupInput, TextInput, useDataProvider, useTranslate } from 'react-admin';
import type { AppDataProvider } from '../../dataProvider';
import { MEASURES, OUTCOMES, PROGRAMMES } from '../../../../api/tasks/task-forms';
import { DateTextInput } from '../../common/DateTextInput';
import type { TaskFieldsProps } from './index';

const choices = (ids: readonly string[], group: string) => ids.map((id) => ({ id, name: `app.help.${group}.${id}` }));

/** The projects the household is enrolled in (issue 10): the plan links them. */
const PlanProjects = ({ task }: TaskFieldsProps) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const fileId = typeof task.variables?.fileId === 'string' ? task.variables.fileId : null;
  const [projects, setProjects] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    if (fileId)
      dataProvider.getFileProjects(fileId).then(
        ({ data }) => setProjects(data.filter((e) => e.status !== 'withdrawn').map((e) => ({ id: e.projectId, name: e.projectName ?? e.projectId }))),
        () => setProjects([]),
      );
  }, [fileId, dataProvider]);
  if (!projects.length) return null;
  return <CheckboxGroupInput id="projectIds" source="projectIds" label="app.projects.plan_projects" helperText="app.projects.plan_projects_help" choices={projects} />;
};

/** 三月走访 (SPEC §5.2): the helper and the worker agree this year's plan (一户一策). */
export const HelpPlanFields = ({ task }: TaskFieldsProps) => (
  <>
    <DateTextInput id="visitDate" source="visitDate" fullWidth={false} label="app.help.fields.visitDate" isRequired />
    <CheckboxGroupInput id="measures" source="measures" label="app.help.fields.measures" choices={choices(MEASURES, 'measures')} isRequired />
    <CheckboxGroupInput id="programmes" source="programmes" label="app.help.fields.programmes" choices={choices(PROGRAMMES, 'programmes')} />
    <PlanProjects task={task} />
    <TextInput id="planText" source="planText" label="app.help.fields.planText" isRequired multiline minRows={4} fullWidth />
    <DateTextInput id="promisedExitDate" source="promisedExitDate" month fullWidth={false} label="app.help.fields.promisedExitDate" isRequired />
  </>
);

type ExitJudgement = { outcome?: string; reasons?: string[] };

/** The system's proposal from the income record (SPEC §5.2); another outcome needs a reason. */
const OverrideReason = ({ proposed }: { proposed: string | undefined }) => {
  const outcome = useWatch({ name: 'outcome' });
  if (!proposed || !outcome || outcome === proposed) return null;
  return <TextInput id="overrideReason" source="overrideReason" label="app.help.fields.overrideReason" isRequired multiline minRows={2} fullWidth />;
};

/** 十二月帮扶效果评价 (认定书, attachment 4): confirm or override the system's exit judgement. */
export const HelpEvaluationFields = ({ task }: TaskFieldsProps) => {
  const translate = useTranslate();
  const judgement = task.variables?.exitJudgement as ExitJudgement | undefined;
  return (
    <>
      {judgement?.outcome && (
        <Alert severity="info" sx={{ mb: 2 }} data-testid="exit-judgement" data-outcome={judgement.outcome}>
          <Typography variant="body2" sx={{ fontWeight: 600 }}>
            {translate('app.help.proposed', { outcome: translate(`app.help.outcomes.${judgement.outcome}`, { _: judgement.outcome }) })}
          </Typography>
          {judgement.reasons?.map((reason) => (
            <Box key={reason}>{reason}</Box>
          ))}
        </Alert>
      )}
      <RadioButtonGroupInput id="outcome" source="outcome" label="app.help.fields.outcome" choices={choices(OUTCOMES, 'outcomes')} isRequired />
      <OverrideReason proposed={judgement?.outcome} />
      <BooleanInput id="causesRemoved" source="causesRemoved" label="app.help.fields.causesRemoved" />
      <TextInput id="effectDescription" source="effectDescription" label="app.help.fields.effectDescription" isRequired multiline minRows={3} fullWidth />
    </>
  );
};

/** 工会主席签署认定书. */
export const HelpSignFields = ({ task }: TaskFieldsProps) => {
  const translate = useTranslate();
  const evaluation = task.variables?.evaluation as { outcome?: string; effectDescription?: string } | undefined;
  return (
    <>
      {evaluation?.outcome && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('app.help.evaluated', { outcome: translate(`app.help.outcomes.${evaluation.outcome}`, { _: evaluation.outcome }) })}
          {evaluation.effectDescription && <Box>{evaluation.effectDescription}</Box>}
        </Alert>
      )}
      <BooleanInput id="signed" source="signed" label="app.help.fields.signed" />
      <TextInput id="comment" source="comment" label="app.help.fields.signComment" multiline minRows={2} fullWidth />
    </>
  );
};
