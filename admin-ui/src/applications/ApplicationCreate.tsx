import SendIcon from '@mui/icons-material/Send';
import { Alert } from '@mui/material';
import {
  Create,
  SaveButton,
  TabbedForm,
  Toolbar,
  useNotify,
  useRedirect,
  useTranslate,
  type Identifier,
} from 'react-admin';
import { blankApplication, toApplicationInput, validateApplication } from './applicationInput';
import { SECTIONS, type SectionId } from './fields';
import { HouseholdFigures } from './HouseholdFigures';
import { GroupInputs } from './inputs/GroupInputs';
import { MembersInput } from './MembersInput';

const ApplicationToolbar = () => (
  <Toolbar>
    <SaveButton label="app.application.submit" icon={<SendIcon />} data-testid="submit-application" />
  </Toolbar>
);

const SectionBody = ({ id }: { id: SectionId }) => {
  if (id === 'members') return <MembersInput />;
  return (
    <>
      {id === 'income' && <HouseholdFigures />}
      {SECTIONS[id].map((group) => (
        <GroupInputs key={`${group.source}-${group.title ?? ''}`} group={group} />
      ))}
    </>
  );
};

const Intro = () => {
  const translate = useTranslate();
  return (
    <Alert severity="info" sx={{ mx: 2, mt: 2 }}>
      {translate('app.application.intro')}
    </Alert>
  );
};

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
      <Intro />
      <TabbedForm
        defaultValues={BLANK_APPLICATION}
        validate={validateApplication}
        toolbar={<ApplicationToolbar />}
        warnWhenUnsavedChanges
      >
        {(Object.keys(SECTIONS) as SectionId[]).map((id) => (
          <TabbedForm.Tab key={id} label={`app.application.sections.${id}`}>
            <SectionBody id={id} />
          </TabbedForm.Tab>
        ))}
      </TabbedForm>
    </Create>
  );
};
