import { Alert, Box, Card, CardContent, CircularProgress, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useWatch } from 'react-hook-form';
import { RadioButtonGroupInput, TextInput, useGetOne, useTranslate } from 'react-admin';
import { SPOT_CHECK_QUESTIONS } from '../../../../workers/campaigns/vocabulary';
import { FileLine, taskVariable, useRowFileIds } from '../../campaigns/FileLine';
import type { SpotCheck, SpotCheckItem } from '../../campaigns/types';
import { FieldError } from '../../common/FieldError';
import type { TaskFieldsProps } from './index';

const YES_NO = [
  { id: 'yes', name: 'app.campaign.spot.yes' },
  { id: 'no', name: 'app.campaign.spot.no' },
];

/** The radios hold 是/否 as 'yes'/'no' (a radio's value is text); the form's schema wants booleans. */
export function spotCheckAnswers(values: Record<string, unknown>): Record<string, unknown> {
  const items = Array.isArray(values.items) ? (values.items as Record<string, unknown>[]) : [];
  return {
    ...values,
    items: items.map((item) => {
      const answers = (item?.answers ?? {}) as Record<string, { ok?: unknown; notes?: unknown } | undefined>;
      return {
        ...item,
        answers: Object.fromEntries(
          SPOT_CHECK_QUESTIONS.map((q) => {
            const a = answers[q] ?? {};
            return [q, { ...a, ok: a.ok === 'yes' ? true : a.ok === 'no' ? false : undefined }];
          }),
        ),
      };
    }),
  };
}

/** The spot check this task is about (`spotCheckId`), and its fileIds put into the form's rows once loaded. */
function useSpotCheck(task: TaskFieldsProps['task'], rows: (check: SpotCheck) => SpotCheckItem[]) {
  const spotCheckId = taskVariable(task.variables, 'spotCheckId');
  const check = useGetOne<SpotCheck>('spot-checks', { id: spotCheckId ?? '' }, { enabled: !!spotCheckId });
  const items = check.data ? rows(check.data) : [];
  useRowFileIds('items', items.map((i) => i.fileId));
  return { spotCheckId, check, items };
}

const Status = ({ spotCheckId, error }: { spotCheckId: string | null; error: unknown }) => {
  const translate = useTranslate();
  if (!spotCheckId) return <Alert severity="error">{translate('app.campaign.missing_variable', { name: 'spotCheckId' })}</Alert>;
  if (error) return <Alert severity="error">{translate('app.campaign.loading_failed', { message: (error as Error).message })}</Alert>;
  return <CircularProgress size={20} />;
};

/** “否” asks what was found. */
const Question = ({ prefix, question }: { prefix: string; question: string }) => {
  const ok = useWatch({ name: `${prefix}.ok` });
  return (
    <Box data-testid="spot-question" data-question={question}>
      <RadioButtonGroupInput
        id={`${prefix}.ok`}
        source={`${prefix}.ok`}
        label={`app.campaign.questions.${question}`}
        choices={YES_NO}
        row
        isRequired
        helperText={false}
      />
      {ok === 'no' && (
        <TextInput id={`${prefix}.notes`} source={`${prefix}.notes`} label="app.campaign.spot.notes" helperText="app.campaign.spot.notes_help" isRequired multiline fullWidth />
      )}
    </Box>
  );
};

const Sampled = ({ item, children }: { item: SpotCheckItem; children: ReactNode }) => (
  <Card variant="outlined" data-testid="spot-item" data-file-id={item.fileId}>
    <CardContent sx={{ '&:last-child': { pb: 2 } }}>
      <FileLine {...item} />
      {children}
    </CardContent>
  </Card>
);

/**
 * 督查抽查 (seed 四6): for every sampled file, the seed's four questions — 帮扶对象准不准、帮扶机制实不实、
 * 资金使用好不好、脱困成效真不真 — each 是 or 否, and what was found when 否.
 */
export const SpotCheckAnswerFields = ({ task }: TaskFieldsProps) => {
  const translate = useTranslate();
  const { spotCheckId, check, items } = useSpotCheck(task, (c) => c.items ?? []);
  const c = check.data;
  if (!c) return <Status spotCheckId={spotCheckId} error={check.error} />;
  return (
    <Box data-testid="spot-check-answers" data-count={items.length}>
      <Alert severity="info" sx={{ mb: 2 }}>
        {translate('app.campaign.spot.intro', { org: c.orgName, year: c.year, share: c.sharePct, population: c.population ?? 0, count: items.length, seed: c.seed })}
      </Alert>
      <FieldError name="items" />
      <Stack spacing={1.5}>
        {items.map((item, n) => (
          <Sampled key={item.fileId} item={item}>
            {SPOT_CHECK_QUESTIONS.map((q) => (
              <Question key={q} prefix={`items.${n}.answers.${q}`} question={q} />
            ))}
          </Sampled>
        ))}
      </Stack>
    </Box>
  );
};

/** 问题整改跟进: what was done about each file with a 否 — the findings above, the follow-up below. */
export const SpotCheckFollowUpFields = ({ task }: TaskFieldsProps) => {
  const translate = useTranslate();
  const { spotCheckId, check, items } = useSpotCheck(task, (c) => (c.items ?? []).filter((i) => i.negative));
  if (!check.data) return <Status spotCheckId={spotCheckId} error={check.error} />;
  return (
    <Box data-testid="spot-check-follow-up" data-count={items.length}>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {translate(items.length ? 'app.campaign.spot.follow_up_intro' : 'app.campaign.spot.none_negative')}
      </Typography>
      <FieldError name="items" />
      <Stack spacing={1.5}>
        {items.map((item, n) => (
          <Sampled key={item.fileId} item={item}>
            {SPOT_CHECK_QUESTIONS.filter((q) => item.answers?.[q] && !item.answers[q].ok).map((q) => (
              <Alert key={q} severity="warning" sx={{ my: 1 }} data-testid="spot-finding" data-question={q}>
                {translate('app.campaign.spot.found', { question: translate(`app.campaign.questions.${q}`), notes: item.answers![q].notes })}
              </Alert>
            ))}
            <TextInput id={`items.${n}.followUp`} source={`items.${n}.followUp`} label="app.campaign.spot.follow_up" isRequired multiline minRows={2} fullWidth />
          </Sampled>
        ))}
      </Stack>
    </Box>
  );
};
