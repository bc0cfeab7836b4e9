import SaveIcon from '@mui/icons-material/Save';
import { Alert, Box } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Edit, Loading, SaveButton, Toolbar, useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import { ApplicationForm, ApplicationIntro } from '../applications/ApplicationForm';
import { toApplicationInput } from '../applications/applicationInput';
import type { AppDataProvider, RevealedFile } from '../dataProvider';
import type { FileDetail } from './types';

type Form = Record<string, unknown> & { applicant?: Record<string, unknown>; members?: Record<string, unknown>[]; bank?: Record<string, unknown> };

const isMasked = (value: unknown) => typeof value === 'string' && value.includes('*');

/**
 * The application as the form needs it: the file page shows ID numbers, phones and the card
 * masked; the correction is sent whole, so the full values come from the (audited) reveal.
 * Members are matched by name and the last four characters of their ID number. Members'
 * phones cannot be revealed and stay masked: the form asks for them again.
 */
export function unmaskedForm(form: Form, revealed: RevealedFile): Form {
  const members = (form.members ?? []).map((m) => {
    const masked = String(m.idNumber ?? '');
    const match = revealed.members.find((r) => r.name === m.name && r.idNumber.slice(-4) === masked.slice(-4));
    return { ...m, idNumber: match?.idNumber ?? masked };
  });
  return {
    ...form,
    applicant: { ...form.applicant, idNumber: revealed.idNumber, phone: revealed.phone ?? undefined },
    members,
    bank: { ...form.bank, cardNumber: revealed.bankCardNumber ?? undefined },
  };
}

const CorrectionToolbar = () => (
  <Toolbar>
    <SaveButton label="app.file.save_correction" icon={<SaveIcon />} data-testid="save-correction" />
  </Toolbar>
);

const Correction = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AppDataProvider>();
  const file = useRecordContext<FileDetail>();
  const returned = file?.status === 'returned';
  const revealed = useQuery({
    queryKey: ['files', String(file?.id), 'reveal'],
    queryFn: async () => (await dataProvider.revealFile(file!.id)).data,
    enabled: returned,
    staleTime: Infinity,
  });
  if (!file) return <Loading />;
  if (!returned) return <Alert severity="info">{translate('app.file.edit_not_returned')}</Alert>;
  if (revealed.error) return <Alert severity="error">{(revealed.error as Error).message}</Alert>;
  if (!revealed.data) return <Loading />;
  const values = unmaskedForm((file.form ?? {}) as Form, revealed.data);
  const phonesMasked = (values.members ?? []).some((m) => isMasked(m.phone));
  return (
    <Box data-testid="file-correction">
      <ApplicationIntro text="app.file.edit_intro" />
      {phonesMasked && (
        <Alert severity="warning" sx={{ mx: 2, mt: 1 }}>
          {translate('app.file.edit_member_phones')}
        </Alert>
      )}
      <ApplicationForm record={{ ...values, id: file.id }} toolbar={<CorrectionToolbar />} />
    </Box>
  );
};

/**
 * 退回重报: the grassroots staff correct a returned file (`PUT /api/files/:id`) before completing
 * the resubmission task; the applicant cannot change.
 */
export const FileEdit = () => (
  <Edit mutationMode="pessimistic" transform={toApplicationInput} redirect="show" actions={false} title="app.file.edit">
    <Correction />
  </Edit>
);
