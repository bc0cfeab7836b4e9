import BlockIcon from '@mui/icons-material/Block';
import MoveUpIcon from '@mui/icons-material/MoveUp';
import { Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { AutocompleteInput, Button, SelectInput, TextInput, required, useDataProvider, useRefresh, useTranslate } from 'react-admin';
import { CANCELLATION_REASONS, TRANSFER_REASONS } from '../../../workers/life-events/vocabulary';
import { FormDialog } from '../common/FormDialog';
import type { AppDataProvider } from '../dataProvider';
import type { FileDetail } from '../files/types';
import type { TransferTarget } from './types';

const cancellationChoices = CANCELLATION_REASONS.map((id) => ({ id, name: `app.lifeEvent.cancellation_reasons.${id}` }));
const transferChoices = TRANSFER_REASONS.map((id) => ({ id, name: `app.lifeEvent.transfer_reasons.${id}` }));

/** 申请注销 (seed 一(二), 一(三)4): the chair approves in the inbox. */
export const CancelFileButton = ({ file }: { file: FileDetail }) => {
  const translate = useTranslate();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<AppDataProvider>();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button label="app.lifeEvent.cancel" onClick={() => setOpen(true)} data-testid="cancel-file-button" variant="outlined" color="error">
        <BlockIcon />
      </Button>
      {open && (
        <FormDialog
          title="app.lifeEvent.cancel_title"
          record={{ note: '' }}
          save={(values) => dataProvider.requestCancellation(file.id, { reason: values.reason, note: values.note ?? '' })}
          success="app.lifeEvent.cancel_requested"
          onClose={() => setOpen(false)}
          onSaved={() => {
            setOpen(false);
            refresh();
          }}
          testId="cancel-file-dialog"
        >
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {translate('app.lifeEvent.cancel_intro')}
          </Typography>
          <SelectInput id="reason" source="reason" label="app.lifeEvent.fields.reason" choices={cancellationChoices} validate={required()} fullWidth />
          <TextInput id="note" source="note" label="app.lifeEvent.fields.note" helperText="app.lifeEvent.fields.note_help" multiline minRows={2} fullWidth />
        </FormDialog>
      )}
    </>
  );
};

/** 申请转移 (seed 二(一)1): to the new employer's union or the street/community union. */
export const TransferFileButton = ({ file }: { file: FileDetail }) => {
  const translate = useTranslate();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<AppDataProvider>();
  const [open, setOpen] = useState(false);
  const [targets, setTargets] = useState<TransferTarget[]>([]);
  useEffect(() => {
    if (open) dataProvider.getTransferTargets().then(({ data }) => setTargets(data.filter((t) => t.id !== file.orgId)), () => setTargets([]));
  }, [open, dataProvider, file.orgId]);
  return (
    <>
      <Button label="app.lifeEvent.transfer" onClick={() => setOpen(true)} data-testid="transfer-file-button" variant="outlined">
        <MoveUpIcon />
      </Button>
      {open && (
        <FormDialog
          title="app.lifeEvent.transfer_title"
          record={{ note: '' }}
          save={(values) => dataProvider.requestTransfer(file.id, { toOrgId: values.toOrgId, reason: values.reason, note: values.note ?? '' })}
          success="app.lifeEvent.transfer_requested"
          onClose={() => setOpen(false)}
          onSaved={() => {
            setOpen(false);
            refresh();
          }}
          testId="transfer-file-dialog"
        >
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {translate('app.lifeEvent.transfer_intro')}
          </Typography>
          <SelectInput id="reason" source="reason" label="app.lifeEvent.fields.reason" choices={transferChoices} validate={required()} fullWidth />
          <AutocompleteInput
            id="toOrgId"
            source="toOrgId"
            label="app.lifeEvent.fields.toOrgId"
            choices={targets}
            optionText={(t: TransferTarget) => (t.parentName ? `${t.name}（${t.parentName}）` : t.name)}
            validate={required()}
            fullWidth
          />
          <TextInput id="note" source="note" label="app.lifeEvent.fields.note" multiline minRows={2} fullWidth />
        </FormDialog>
      )}
    </>
  );
};
