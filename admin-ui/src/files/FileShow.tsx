import { Show, TabbedShowLayout, useRecordContext } from 'react-admin';
import { EligibilityPanel } from '../common/EligibilityPanel';
import { ApplicationView } from './ApplicationView';
import { FileOverview } from './FileOverview';
import { HistoryView } from './HistoryView';
import { MembersView } from './MembersView';
import type { FileDetail } from './types';

const FileEligibility = () => {
  const record = useRecordContext<FileDetail>();
  return <EligibilityPanel eligibility={record?.eligibility} />;
};

/**
 * A household file. The tabs are the seams for what comes later (visits, payments, income
 * record, audit, printable forms — issue 6): each is one component reading the same record.
 */
export const FileShow = () => (
  <Show actions={false}>
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="app.file.tabs.overview">
        <FileOverview />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="app.file.tabs.application" path="application">
        <ApplicationView />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="app.file.tabs.members" path="members">
        <MembersView />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="app.file.tabs.eligibility" path="eligibility">
        <FileEligibility />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="app.file.tabs.history" path="history">
        <HistoryView />
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  </Show>
);
