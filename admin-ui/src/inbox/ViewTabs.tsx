import { Tab, Tabs } from '@mui/material';
import { useListContext, useTranslate } from 'react-admin';
import { INBOX_VIEWS, useTaskCount, type InboxView } from './useTaskCount';

const ViewLabel = ({ view }: { view: InboxView }) => {
  const translate = useTranslate();
  const count = useTaskCount(view);
  const label = translate(`app.inbox.views.${view}`);
  return <>{count === undefined ? label : `${label}（${count}）`}</>;
};

/** 全部 / 我的 / 我的组 / 未认领 / 已逾期: the `view` filter of the inbox. */
export const ViewTabs = () => {
  const { filterValues, displayedFilters, setFilters } = useListContext();
  const current: InboxView = INBOX_VIEWS.includes(filterValues.view) ? filterValues.view : 'all';
  return (
    <Tabs
      value={current}
      onChange={(_, view: InboxView) => setFilters({ ...filterValues, view }, displayedFilters)}
      variant="scrollable"
      sx={{ px: 1, borderBottom: 1, borderColor: 'divider' }}
    >
      {INBOX_VIEWS.map((view) => (
        <Tab key={view} value={view} data-testid={`inbox-view-${view}`} label={<ViewLabel view={view} />} />
      ))}
    </Tabs>
  );
};
