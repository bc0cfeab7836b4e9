import { useState, type ReactNode } from 'react';
import RefreshIcon from '@mui/icons-material/Refresh';
import { Alert, Box, Button, Card, CardContent, CardHeader, Stack, Typography } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Loading, Title, useTranslate } from 'react-admin';
import { apiFetch } from '../http';
import { FilesSection, FundsSection, HeatmapSection, IncidentsSection, PairingSection, TargetsSection } from './Sections';
import { StalledSection } from './StalledSection';
import type { CockpitOverview, TaskFilter } from './types';

const Section = ({ id, title, children, extra }: { id: string; title: string; children: ReactNode; extra?: ReactNode }) => (
  <Card variant="outlined" data-testid={`cockpit-${id}`} id={`cockpit-${id}`}>
    <CardHeader title={title} action={extra} slotProps={{ title: { variant: 'subtitle1', fontWeight: 600 } }} />
    <CardContent sx={{ pt: 0 }}>{children}</CardContent>
  </Card>
);

/**
 * 督查驾驶舱 (SPEC §7, issue 6): stalled approvals with 转交, the heatmap, incidents with 重试,
 * files by level and status, exit rates against targets, funds used by level, pairing and visits.
 * Every figure opens its list.
 */
export const CockpitPage = () => {
  const translate = useTranslate();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<TaskFilter>({ overdue: true });
  const { data, isPending, error } = useQuery({ queryKey: ['cockpit', 'overview'], queryFn: async () => (await apiFetch<CockpitOverview>('/api/cockpit/overview')).json });
  const pick = (f: TaskFilter) => {
    setFilter(f);
    document.getElementById('cockpit-stalled')?.scrollIntoView({ behavior: 'auto', block: 'start' });
  };
  return (
    <Box sx={{ my: 2 }} data-testid="cockpit-page">
      <Title title={translate('app.cockpit.title')} />
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="h6">{translate('app.cockpit.title')}</Typography>
        {data && (
          <Typography variant="body2" color="text.secondary">
            {translate('app.cockpit.scope', { orgs: data.scope.map((s) => s.orgName).join('、') })}
          </Typography>
        )}
        <Box sx={{ flex: 1 }} />
        <Typography variant="caption" color="text.secondary">
          {translate('app.cockpit.drill')}
        </Typography>
        <Button size="small" startIcon={<RefreshIcon />} onClick={() => void queryClient.invalidateQueries({ queryKey: ['cockpit'] })}>
          {translate('app.cockpit.reload')}
        </Button>
      </Stack>
      {isPending && <Loading />}
      {error && <Alert severity="error">{(error as Error).message}</Alert>}
      {data && (
        <Stack spacing={2}>
          <Section id="stalled" title={translate('app.cockpit.sections.stalled')}>
            <StalledSection overview={data} filter={filter} setFilter={setFilter} />
          </Section>
          <Section id="heatmap" title={translate('app.cockpit.sections.heatmap')}>
            <HeatmapSection overview={data} onPick={pick} />
          </Section>
          <Section id="incidents" title={translate('app.cockpit.sections.incidents')} extra={<Typography variant="body2" data-testid="incidents-open" sx={{ pr: 1 }}>{translate('app.cockpit.incidents.open', { count: data.incidents.open })}</Typography>}>
            <IncidentsSection />
          </Section>
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0,1fr)', lg: 'minmax(0,1fr) minmax(0,1fr)' }, alignItems: 'start' }}>
            <Section id="files" title={translate('app.cockpit.sections.files')}>
              <FilesSection overview={data} />
            </Section>
            <Section id="targets" title={translate('app.cockpit.sections.targets')}>
              <TargetsSection />
            </Section>
            <Section id="funds" title={translate('app.cockpit.sections.funds')}>
              <FundsSection />
            </Section>
            <Section id="pairing" title={translate('app.cockpit.sections.pairing')}>
              <PairingSection />
            </Section>
          </Box>
        </Stack>
      )}
    </Box>
  );
};
