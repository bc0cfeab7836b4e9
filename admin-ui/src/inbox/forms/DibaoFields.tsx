import { Alert, Box, CircularProgress, Divider, Stack, Typography } from '@mui/material';
import { useWatch } from 'react-hook-form';
import { CheckboxGroupInput, RadioButtonGroupInput, TextInput, useGetOne, useTranslate, type TranslateFunction } from 'react-admin';
import { REFERRAL_ANSWERS } from '../../../../workers/campaigns/vocabulary';
import { FileLine, taskVariable, useRowFileIds } from '../../campaigns/FileLine';
import type { DibaoReferral, DibaoReferralItem } from '../../campaigns/types';
import { formatFen } from '../../common/format';
import { FieldError } from '../../common/FieldError';
import type { TaskFieldsProps } from './index';

/** The referral list this task is about (`referralId`), with each household's income beside the dibao. */
function useReferral(task: TaskFieldsProps['task']) {
  const referralId = taskVariable(task.variables, 'referralId');
  const referral = useGetOne<DibaoReferral>('dibao-referrals', { id: referralId ?? '' }, { enabled: !!referralId });
  return { referralId, referral };
}

/** 人均月收入 ¥466.67，低保标准 ¥680.00 */
const figures = (translate: TranslateFunction, i: DibaoReferralItem) =>
  translate('app.campaign.dibao.figures', {
    perCapita: formatFen(i.perCapita),
    dibao: i.dibao === null ? translate('app.campaign.dibao.unknown_dibao') : formatFen(i.dibao),
  });

const householdText = (translate: TranslateFunction, i: DibaoReferralItem) =>
  `${translate('app.campaign.file_line', { name: i.applicantName, no: i.fileNo ?? i.caseNo, org: i.orgName })}：${figures(translate, i)}`;

const ReferralIntro = ({ referral }: { referral: DibaoReferral }) => {
  const translate = useTranslate();
  return (
    <Alert severity="info" sx={{ mb: 2 }} data-testid="dibao-intro">
      {translate('app.campaign.dibao.intro', { org: referral.orgName, year: referral.year, deadline: referral.deadline })}
    </Alert>
  );
};

const Loading = ({ referralId, referral }: ReturnType<typeof useReferral>) => {
  const translate = useTranslate();
  if (!referralId) return <Alert severity="error">{translate('app.campaign.missing_variable', { name: 'referralId' })}</Alert>;
  if (referral.error) return <Alert severity="error">{translate('app.campaign.loading_failed', { message: (referral.error as Error).message })}</Alert>;
  return <CircularProgress size={20} />;
};

/** A reason is asked for as soon as one household is taken off the list. */
const ConfirmComment = () => {
  const excluded = useWatch({ name: 'excludedFileIds' }) as string[] | undefined;
  return <TextInput id="comment" source="comment" label="app.campaign.comment" isRequired={!!excluded?.length} multiline minRows={2} fullWidth />;
};

/**
 * 区县工会确认名单 / 市总工会审核汇总 (seed 二(一)4): the households collected for civil affairs,
 * each with its per-capita income and the dibao; households that should not go (already covered,
 * moved away) are ticked off with a reason, the rest is confirmed as it stands.
 */
export const DibaoConfirmFields = ({ task }: TaskFieldsProps) => {
  const translate = useTranslate();
  const state = useReferral(task);
  const referral = state.referral.data;
  if (!referral) return <Loading {...state} />;
  const items = referral.items ?? [];
  return (
    <Box data-testid="dibao-confirm" data-count={items.length}>
      <ReferralIntro referral={referral} />
      {items.length === 0 ? (
        <Typography color="text.secondary">{translate('app.campaign.dibao.empty')}</Typography>
      ) : (
        <CheckboxGroupInput
          id="excludedFileIds"
          source="excludedFileIds"
          label="app.campaign.dibao.excluded"
          helperText="app.campaign.dibao.excluded_help"
          row={false}
          choices={items.map((i) => ({ id: i.fileId, name: householdText(translate, i) }))}
          translateChoice={false}
          data-testid="dibao-households"
        />
      )}
      <ConfirmComment />
    </Box>
  );
};

/**
 * 录入民政复核结果: civil affairs' reply letter, household by household — covered, not
 * eligible, or pending — for every household still without an answer.
 */
export const DibaoAnswerFields = ({ task }: TaskFieldsProps) => {
  const translate = useTranslate();
  const state = useReferral(task);
  const referral = state.referral.data;
  const waiting = (referral?.items ?? []).filter((i) => i.answer === null);
  useRowFileIds('answers', waiting.map((i) => i.fileId));
  if (!referral) return <Loading {...state} />;
  const choices = REFERRAL_ANSWERS.map((id) => ({ id, name: `app.campaign.referral_answers.${id}` }));
  return (
    <Box data-testid="dibao-answers" data-count={waiting.length}>
      <ReferralIntro referral={referral} />
      <Typography variant="body2" sx={{ mb: 1 }}>
        {translate(waiting.length ? 'app.campaign.dibao.answers_intro' : 'app.campaign.dibao.none_waiting')}
      </Typography>
      <FieldError name="answers" />
      <Stack divider={<Divider flexItem />}>
        {waiting.map((item, n) => (
          <Box key={item.fileId} sx={{ py: 1 }} data-testid="dibao-answer" data-file-id={item.fileId}>
            <FileLine
              {...item}
              extra={figures(translate, item)}
            />
            <RadioButtonGroupInput id={`answers.${n}.answer`} source={`answers.${n}.answer`} label="app.campaign.dibao.answer" choices={choices} isRequired />
            <TextInput id={`answers.${n}.note`} source={`answers.${n}.note`} label="app.campaign.dibao.note" fullWidth />
          </Box>
        ))}
      </Stack>
    </Box>
  );
};
