import CheckIcon from '@mui/icons-material/Check';
import DownloadIcon from '@mui/icons-material/Download';
import { Alert, Box, Chip, CircularProgress, Divider, LinearProgress, Stack, TextField, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useFormContext } from 'react-hook-form';
import { BooleanInput, Button, TextInput, useDataProvider, useGetOne, useNotify, useTranslate, type HttpError } from 'react-admin';
import { CANCEL_REASONS, type CancelReason } from '../../../../workers/campaigns/vocabulary';
import { FileLine, taskVariable } from '../../campaigns/FileLine';
import type { CleanupCampaign, CleanupDecisionInput, CleanupDecisionRow, CleanupUnion } from '../../campaigns/types';
import { FieldError } from '../../common/FieldError';
import type { AppDataProvider } from '../../dataProvider';
import type { TaskFieldsProps } from './index';

const decisionsKey = (campaignId: string, orgId: string) => ['cleanup-campaigns', campaignId, 'decisions', orgId] as const;

/** The campaign and the union this clean-up instance is about (its start variables). */
function useCleanupTask(task: TaskFieldsProps['task']) {
  const campaignId = taskVariable(task.variables, 'campaignId');
  const orgId = taskVariable(task.variables, 'orgId');
  const campaign = useGetOne<CleanupCampaign>('cleanup-campaigns', { id: campaignId ?? '' }, { enabled: !!campaignId });
  return { campaignId, orgId, campaign };
}

const MissingVariable = ({ name }: { name: string }) => {
  const translate = useTranslate();
  return <Alert severity="error">{translate('app.campaign.missing_variable', { name })}</Alert>;
};

const CampaignIntro = ({ campaign }: { campaign: CleanupCampaign | undefined }) => {
  const translate = useTranslate();
  if (!campaign) return null;
  return (
    <Alert severity="info" sx={{ mb: 2 }} data-testid="cleanup-intro">
      {translate('app.campaign.cleanup.intro', { name: campaign.name, stockCutoff: campaign.stockCutoff, incrementCutoff: campaign.incrementCutoff })}
    </Alert>
  );
};

/**
 * One stock file's decision: 保留并完善, or 注销 with one of the seed's five reasons. A choice is
 * saved at once (`PUT …/decisions/:fileId`), as a small union's staff works through the list over
 * a few days; the server's refusal comes back in Chinese.
 */
const DecisionRow = ({ campaignId, orgId, row }: { campaignId: string; orgId: string; row: CleanupDecisionRow }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const dataProvider = useDataProvider<AppDataProvider>();
  const [decision, setDecision] = useState<'keep' | 'cancel' | null>(row.decision === 'keep' || row.decision === 'cancel' ? row.decision : null);
  const [reason, setReason] = useState<CancelReason | ''>(row.reason ?? '');
  const save = useMutation({
    mutationFn: (input: CleanupDecisionInput) => dataProvider.decideCleanupFile(campaignId, row.fileId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: decisionsKey(campaignId, orgId) }),
    onError: (error: HttpError) => notify(error.message, { type: 'error' }),
  });
  const savedHere = row.decision !== null && row.decision === decision && (decision === 'keep' || row.reason === reason);
  const choose = (next: 'keep' | 'cancel' | null) => {
    if (!next) return;
    setDecision(next);
    if (next === 'keep') save.mutate({ decision: 'keep' });
    else if (reason) save.mutate({ decision: 'cancel', reason });
  };
  const chooseReason = (next: CancelReason | '') => {
    setReason(next);
    if (next) save.mutate({ decision: 'cancel', reason: next });
  };
  return (
    <Box
      sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'minmax(0, 1fr) auto' }, gap: 1, alignItems: 'center', py: 1 }}
      data-testid="cleanup-row"
      data-file-id={row.fileId}
      data-decision={row.decision ?? ''}
      data-reason={row.reason ?? ''}
    >
      <FileLine {...row} extra={translate('app.campaign.cleanup.established', { date: row.establishedOn })} />
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <ToggleButtonGroup size="small" exclusive value={decision} onChange={(_, next) => choose(next)} color="primary" disabled={save.isPending}>
          <ToggleButton value="keep" data-testid="decision-keep">
            {translate('app.campaign.decisions.keep')}
          </ToggleButton>
          <ToggleButton value="cancel" data-testid="decision-cancel">
            {translate('app.campaign.decisions.cancel')}
          </ToggleButton>
        </ToggleButtonGroup>
        {decision === 'cancel' && (
          <TextField
            select
            size="small"
            label={translate('app.campaign.cleanup.reason')}
            value={reason}
            onChange={(e) => chooseReason(e.target.value as CancelReason | '')}
            disabled={save.isPending}
            error={!reason}
            sx={{ minWidth: 200 }}
            slotProps={{ select: { native: true }, inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'decision-reason' } }}
          >
            <option value="">{translate('app.campaign.cleanup.choose_reason')}</option>
            {CANCEL_REASONS.map((r) => (
              <option key={r} value={r}>
                {translate(`app.campaign.cancel_reasons.${r}`)}
              </option>
            ))}
          </TextField>
        )}
        {save.isPending ? (
          <CircularProgress size={18} />
        ) : (
          savedHere && <Chip size="small" color="success" variant="outlined" icon={<CheckIcon />} label={translate('app.campaign.cleanup.saved')} data-testid="decision-saved" />
        )}
      </Box>
    </Box>
  );
};

/**
 * 存量档案清理 (seed 一(一)(二), SPEC §5.3): the union's stock files, each kept and completed or
 * cancelled with its reason, saved one by one; the task is submitted once all are decided (the
 * server counts what is left). Increment files are cancelled by the rule and only summed up here.
 */
export const CleanupReviewFields = ({ task }: TaskFieldsProps) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AppDataProvider>();
  const { campaignId, orgId, campaign } = useCleanupTask(task);
  const rows = useQuery({
    queryKey: decisionsKey(campaignId ?? '', orgId ?? ''),
    queryFn: async () => (await dataProvider.getCleanupDecisions(campaignId!, { orgId: orgId! })).data,
    enabled: !!campaignId && !!orgId,
  });
  if (!campaignId) return <MissingVariable name="campaignId" />;
  if (!orgId) return <MissingVariable name="orgId" />;
  const stock = (rows.data ?? []).filter((r) => r.part === 'stock');
  const increment = (rows.data ?? []).filter((r) => r.part === 'increment');
  const decided = stock.filter((r) => r.decision !== null).length;
  return (
    <Box data-testid="cleanup-review" data-stock={stock.length} data-decided={decided}>
      <ClearOnChange name="decisions" value={decided} />
      <CampaignIntro campaign={campaign.data} />
      {rows.error && <Alert severity="error">{translate('app.campaign.loading_failed', { message: (rows.error as Error).message })}</Alert>}
      {rows.isPending ? (
        <CircularProgress size={20} />
      ) : stock.length === 0 ? (
        <Typography color="text.secondary">{translate('app.campaign.cleanup.no_stock')}</Typography>
      ) : (
        <>
          <Typography variant="body2" sx={{ mb: 0.5 }}>
            {translate('app.campaign.cleanup.progress', { decided, total: stock.length })}
          </Typography>
          <LinearProgress variant="determinate" value={(100 * decided) / stock.length} sx={{ mb: 1 }} />
          <Stack divider={<Divider flexItem />}>
            {stock.map((row) => (
              <DecisionRow key={row.fileId} campaignId={campaignId} orgId={orgId} row={row} />
            ))}
          </Stack>
          <Alert severity={decided < stock.length ? 'warning' : 'success'} sx={{ mt: 1 }} data-testid="cleanup-progress">
            {decided < stock.length ? translate('app.campaign.cleanup.undecided', { count: stock.length - decided }) : translate('app.campaign.cleanup.all_decided')}
          </Alert>
        </>
      )}
      {increment.length > 0 && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {translate('app.campaign.cleanup.increment_summary', { count: increment.length })}
        </Typography>
      )}
      <FieldError name="decisions" />
      <TextInput id="comment" source="comment" label="app.campaign.cleanup.comment" multiline minRows={2} fullWidth sx={{ mt: 2 }} />
    </Box>
  );
};

/** The server's count of undecided files is stale once another decision is saved. */
const ClearOnChange = ({ name, value }: { name: string; value: unknown }) => {
  const { clearErrors } = useFormContext();
  useEffect(() => clearErrors(name), [name, value, clearErrors]);
  return null;
};

const PARTS = ['stock', 'increment'] as const;

/** The union's figures and its two rosters (存量, 增量), with the .xlsx of each part. */
const UnionSummary = ({ campaignId, union }: { campaignId: string; union: CleanupUnion }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ mb: 2 }} data-testid="cleanup-summary" data-org-id={union.orgId}>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {translate('app.campaign.cleanup.summary', { org: union.orgName, ...union })}
      </Typography>
      {PARTS.map((part) => {
        const partLabel = translate(`app.campaign.parts.${part}`);
        const status = union.rosterStatus[part];
        const href = `/api/cleanup-campaigns/${encodeURIComponent(campaignId)}/roster?${new URLSearchParams({ orgId: union.orgId, part, format: 'xlsx' })}`;
        return (
          <Box key={part} sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }} data-testid="cleanup-roster" data-part={part} data-status={status ?? ''}>
            <Typography variant="body2">
              {translate('app.campaign.cleanup.roster', { part: partLabel, status: translate(`app.campaign.roster_status.${status ?? 'none'}`) })}
            </Typography>
            <Button component="a" href={href} download label={translate('app.campaign.cleanup.download', { part: partLabel })} size="small">
              <DownloadIcon />
            </Button>
          </Box>
        );
      })}
    </Box>
  );
};

/** 主席签字 and 上级工会确认: the clean-up result of one union, its rosters, and the signature or confirmation. */
const CleanupApprovalFields = ({ task, source }: TaskFieldsProps & { source: 'signed' | 'confirmed' }) => {
  const { campaignId, orgId, campaign } = useCleanupTask(task);
  if (!campaignId) return <MissingVariable name="campaignId" />;
  if (!orgId) return <MissingVariable name="orgId" />;
  const union = campaign.data?.unions?.find((u) => u.orgId === orgId);
  return (
    <Box data-testid={`cleanup-${source}`}>
      <CampaignIntro campaign={campaign.data} />
      {campaign.isPending ? <CircularProgress size={20} /> : union && <UnionSummary campaignId={campaignId} union={union} />}
      <BooleanInput id={source} source={source} label={`app.campaign.cleanup.${source}`} />
      <TextInput id="comment" source="comment" label="app.campaign.comment" multiline minRows={2} fullWidth />
    </Box>
  );
};

export const CleanupSignFields = (props: TaskFieldsProps) => <CleanupApprovalFields {...props} source="signed" />;
export const CleanupConfirmFields = (props: TaskFieldsProps) => <CleanupApprovalFields {...props} source="confirmed" />;
