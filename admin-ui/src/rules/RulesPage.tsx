import { Alert, Box, Card, CardContent, Tab, Tabs } from '@mui/material';
import { useState } from 'react';
import { Title, useCanAccess, useTranslate } from 'react-admin';
import { CalendarTab } from './CalendarTab';
import { DeadlinesTab } from './DeadlinesTab';
import { LevelRuleSetsTab } from './LevelRuleSetsTab';
import { StandardsTab } from './StandardsTab';

const TABS = ['standards', 'levels', 'calendar', 'deadlines'] as const;
type TabId = (typeof TABS)[number];

/**
 * 规则参数: what the rules read besides the file — dibao standards, the level criteria, the
 * working-day calendar and the steps' time limits. The process admin edits; everyone reads.
 */
export const RulesPage = () => {
  const translate = useTranslate();
  const { canAccess: canEdit = false } = useCanAccess({ resource: 'rules', action: 'edit' });
  const [tab, setTab] = useState<TabId>('standards');
  return (
    <Box sx={{ my: 2 }} data-testid="rules-page">
      <Title title="app.rules.title" />
      <Card variant="outlined">
        <Tabs value={tab} onChange={(_, value: TabId) => setTab(value)} variant="scrollable" sx={{ borderBottom: 1, borderColor: 'divider', px: 1 }}>
          {TABS.map((id) => (
            <Tab key={id} value={id} label={translate(`app.rules.tabs.${id}`)} data-testid={`rules-tab-${id}`} />
          ))}
        </Tabs>
        <CardContent>
          {!canEdit && (
            <Alert severity="info" sx={{ mb: 2 }}>
              {translate('app.rules.read_only')}
            </Alert>
          )}
          {tab === 'standards' && <StandardsTab canEdit={canEdit} />}
          {tab === 'levels' && <LevelRuleSetsTab canEdit={canEdit} />}
          {tab === 'calendar' && <CalendarTab canEdit={canEdit} />}
          {tab === 'deadlines' && <DeadlinesTab canEdit={canEdit} />}
        </CardContent>
      </Card>
    </Box>
  );
};
