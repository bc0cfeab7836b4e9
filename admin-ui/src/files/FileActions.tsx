import CampaignIcon from '@mui/icons-material/Campaign';
import EditIcon from '@mui/icons-material/Edit';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import RecordVoiceOverIcon from '@mui/icons-material/RecordVoiceOver';
import { Box, Chip, Typography } from '@mui/material';
import { useState } from 'react';
import {
  Button,
  LinkBase,
  TextInput,
  TopToolbar,
  required,
  useCanAccess,
  useCreatePath,
  useDataProvider,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { FormDialog } from '../common/FormDialog';
import { FlaggedChip } from '../crosschecks/CrossCheckPanel';
import type { AppDataProvider } from '../dataProvider';
import { FileStatusChip } from './FileStatusChip';
import { inPublicity, publicityPageUrl } from './publicity';
import type { FileDetail } from './types';
import { PrintMenu, type PrintDocument } from '../print/PrintMenu';
import { CancelFileButton, TransferFileButton } from '../life-events/LifeEventButtons';

/** Attachments 1–4 of the seed, as page and PDF (api/print/routes.ts). */
const FILE_DOCUMENTS = ['archive', 'declaration', 'contact-card', 'certificate'] as const;
const printDocuments = (fileId: string): PrintDocument[] =>
  FILE_DOCUMENTS.map((doc) => ({ id: doc, label: `app.print.documents.${doc}`, href: `/api/files/${encodeURIComponent(fileId)}/print/${doc}`, formats: ['html', 'pdf'] }));

/**
 * 登记异议: grassroots staff record an objection raised during 公示; it reaches the process and
 * opens an investigation for the chair. The server refuses once the publicity is over.
 */
const ObjectionButton = ({ file }: { file: FileDetail }) => {
  const translate = useTranslate();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<AppDataProvider>();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button label="app.file.objection" onClick={() => setOpen(true)} data-testid="objection-button" variant="outlined">
        <RecordVoiceOverIcon />
      </Button>
      {open && (
        <FormDialog
          title="app.file.objection_title"
          record={{}}
          save={(values) => dataProvider.recordObjection(file.id, String(values.content ?? ''))}
          success="app.file.objection_recorded"
          onClose={() => setOpen(false)}
          onSaved={() => {
            setOpen(false);
            refresh();
          }}
          testId="objection-dialog"
        >
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {translate('app.file.objection_intro')}
          </Typography>
          <TextInput
            id="content"
            source="content"
            label="app.file.objection_content"
            validate={required('app.file.objection_required')}
            multiline
            minRows={4}
            fullWidth
          />
        </FormDialog>
      )}
    </>
  );
};

/**
 * The file page's header: status, 核查异常, 公示 state and what may be done from here —
 * record an objection during 公示, open the union's public page, correct a returned file.
 */
export const FileActions = () => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const file = useRecordContext<FileDetail>();
  const { canAccess: canObject } = useCanAccess({ resource: 'objections', action: 'create' });
  const { canAccess: canEdit } = useCanAccess({ resource: 'files', action: 'edit' });
  const { canAccess: canRequestEvent } = useCanAccess({ resource: 'file-events', action: 'create' });
  if (!file) return null;
  const publicity = inPublicity(file);
  return (
    <TopToolbar sx={{ justifyContent: 'space-between', alignItems: 'center', width: '100%', flexWrap: 'wrap', gap: 1 }}>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }} data-testid="file-header" data-status={file.status}>
        <Typography variant="h6" component="span" data-testid="file-title">
          {file.fileNo ? translate('app.file.title_filed', { fileNo: file.fileNo }) : translate('app.file.title_case', { caseNo: file.caseNo })}
        </Typography>
        <FileStatusChip status={file.status} />
        {file.level && file.status === 'filed' && <Chip size="small" variant="outlined" label={translate(`app.file.level.${file.level}`, { _: file.level })} />}
        <FlaggedChip fileId={file.id} />
        {publicity && <Chip size="small" color="info" icon={<CampaignIcon />} label={translate('app.file.in_publicity')} data-testid="publicity-chip" />}
      </Box>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        {publicity && canObject && <ObjectionButton file={file} />}
        {file.status === 'filed' && canRequestEvent && <TransferFileButton file={file} />}
        {file.status === 'filed' && canRequestEvent && <CancelFileButton file={file} />}
        <PrintMenu docs={printDocuments(String(file.id))} testId="file-print" />
        <Button
          component="a"
          href={publicityPageUrl(file.orgId)}
          target="_blank"
          rel="noopener"
          label="app.file.publicity_page"
          data-testid="publicity-page-link"
        >
          <OpenInNewIcon />
        </Button>
        {file.status === 'returned' && canEdit && (
          <Button component={LinkBase} to={createPath({ resource: 'files', id: file.id, type: 'edit' })} label="app.file.edit" data-testid="edit-file" variant="contained">
            <EditIcon />
          </Button>
        )}
      </Box>
    </TopToolbar>
  );
};
