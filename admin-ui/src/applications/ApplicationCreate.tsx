import SendIcon from '@mui/icons-material/Send';
import { Create, SaveButton, Toolbar, useNotify, useRedirect, type Identifier } from 'react-admin';
import { ApplicationForm, ApplicationIntro } from './ApplicationForm';
import { blankApplication, toApplicationInput } from './applicationInput';
import { EligibilityPrecheckButton } from './EligibilityPrecheck';

const ApplicationToolbar = () => (
  <Toolbar>
    <SaveButton label="app.application.submit" icon={<SendIcon />} data-testid="submit-application" />
    <EligibilityPrecheckButton />
  </Toolbar>
);

type Created = { id: Identifier; caseNo?: string };

const BLANK_APPLICATION = blankApplication();

/** 建档申请: attachments 1 and 2 in the paper forms' sections; on success, the new file's page. */
export const ApplicationCreate = () => {
  const notify = useNotify();
  const redirect = useRedirect();
  const onSuccess = (data: Created) => {
    notify('app.application.created', { type: 'success', messageArgs: { caseNo: data.caseNo ?? '' } });
    redirect('show', 'files', data.id);
  };
  return (
    <Create title="app.application.title" transform={toApplicationInput} mutationOptions={{ onSuccess }}>
      <ApplicationIntro />
      <ApplicationForm toolbar={<ApplicationToolbar />} defaultValues={BLANK_APPLICATION} />
    </Create>
  );
};
