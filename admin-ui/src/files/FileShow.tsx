import { Box } from '@mui/material';
import { Show, TabbedShowLayout, useRecordContext } from 'react-admin';
import { EligibilityPanel } from '../common/EligibilityPanel';
import { CrossCheckPanel } from '../crosschecks/CrossCheckPanel';
import { DocumentsPanel } from '../documents/DocumentsPanel';
import { DOCUMENT_KINDS } from '../documents/kinds';
import { ApplicationView } from './ApplicationView';
import { FileActions } from './FileActions';
import { FileOverview } from './FileOverview';
import { FileLinks } from '../life-events/FileLinks';
import { HistoryView } from './HistoryView';
import { FileFundsTab } from '../funds/FileFundsTab';
import { IncomeTab } from '../income/IncomeTab';
import { VisitsTab } from '../visits/VisitsTab';
import { MembersView } from './MembersView';
import { FileProjectsTab } from '../projects/FileProjectsTab';
import { FileEventsTab } from '../life-events/FileEventsTab';
import type { FileDetail } from './types';

const FileEligibility = () => {
  const record = useRecordContext<FileDetail>();
  return <EligibilityPanel eligibility={record?.eligibility} />;
};

/** Every kind but the departments' letters, which come with the manual cross-check tasks. */
const FILE_PAGE_KINDS = DOCUMENT_KINDS.filter((k) => k !== 'reply_letter');

const FileDocuments = () => {
  const record = useRecordContext<FileDetail>();
  if (!record) return null;
  return (
    <Box sx={{ width: '100%' }}>
      <DocumentsPanel fileId={record.id} required kinds={FILE_PAGE_KINDS} />
    </Box>
  );
};

const FileCrossChecks = () => {
  const record = useRecordContext<FileDetail>();
  if (!record) return null;
  return (
    <Box sx={{ width: '100%' }}>
      <CrossCheckPanel fileId={record.id} />
    </Box>
  );
};

/**
 * A household file. The tabs are the seams for what comes later (visits, payments, income
 * record, audit, printable forms — issue 6): each is one component reading the same record.
 */
export const FileShow = () => (
  <Show actions={<FileActions />}>
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="app.file.tabs.overview">
        <FileOverview />
        <FileLinks />
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
      <TabbedShowLayout.Tab label="app.file.tabs.documents" path="documents" data-testid="tab-documents">
        <FileDocuments />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="app.file.tabs.crosschecks" path="cross-checks" data-testid="tab-crosschecks">
        <FileCrossChecks />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="app.file.tabs.visits" path="visits" data-testid="tab-visits">
        <VisitsTab />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="app.file.tabs.income" path="income" data-testid="tab-income">
        <IncomeTab />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="app.file.tabs.funds" path="funds" data-testid="tab-funds">
        <FileFundsTab />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="app.file.tabs.projects" path="projects" data-testid="tab-projects">
        <FileProjectsTab />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="app.file.tabs.events" path="events" data-testid="tab-events">
        <FileEventsTab />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="app.file.tabs.history" path="history">
        <HistoryView />
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  </Show>
);
