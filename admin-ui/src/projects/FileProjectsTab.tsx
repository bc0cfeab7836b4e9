import AddIcon from '@mui/icons-material/Add';
import { Box, Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { Button, SelectInput, required, useCanAccess, useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime } from '../common/format';
import { FormDialog } from '../common/FormDialog';
import type { AppDataProvider } from '../dataProvider';
import type { FileDetail } from '../files/types';
import type { EnrolmentRecord, ProjectRecord } from './types';

/** 报名项目: one of the published projects of the unions above the household. */
const EnrolDialog = ({ file, enrolled, onClose, onSaved }: { file: FileDetail; enrolled: string[]; onClose: () => void; onSaved: () => void }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AppDataProvider>();
  const [projects, setProjects] = useState<ProjectRecord[]>([]);
  useEffect(() => {
    dataProvider.getProjectsForFile(file.id).then(({ data }) => setProjects(data.filter((p) => !enrolled.includes(String(p.id)))), () => setProjects([]));
  }, [dataProvider, file.id, enrolled]);
  const choices = projects.map((p) => ({ id: p.id, name: `${p.name}（${p.orgName}，${translate(`app.projects.categories.${p.category}`, { _: p.category })}）` }));
  return (
    <FormDialog
      title="app.projects.enrolments.enrol_title"
      record={{}}
      save={(values) => dataProvider.enrolFile(String(values.projectId), file.id)}
      success="app.projects.enrolments.enrolled_done"
      onClose={onClose}
      onSaved={onSaved}
      testId="enrol-dialog"
    >
      <SelectInput id="projectId" source="projectId" label="app.projects.enrolments.project" choices={choices} validate={required()} fullWidth />
    </FormDialog>
  );
};

/** 帮扶项目 of one household: what it is enrolled in and how it went. */
export const FileProjectsTab = () => {
  const translate = useTranslate();
  const file = useRecordContext<FileDetail>();
  const dataProvider = useDataProvider<AppDataProvider>();
  const { canAccess: canEnrol } = useCanAccess({ resource: 'enrolments', action: 'create' });
  const [rows, setRows] = useState<EnrolmentRecord[] | null>(null);
  const [open, setOpen] = useState(false);
  const load = useCallback(() => {
    if (file) dataProvider.getFileProjects(file.id).then(({ data }) => setRows(data), () => setRows([]));
  }, [file, dataProvider]);
  useEffect(load, [load]);
  if (!file || rows === null) return null;
  return (
    <Box sx={{ width: '100%' }}>
      {canEnrol && file.status === 'filed' && (
        <Box sx={{ mb: 1 }}>
          <Button label="app.projects.file_enrol" onClick={() => setOpen(true)} variant="outlined" data-testid="enrol-button">
            <AddIcon />
          </Button>
        </Box>
      )}
      {!rows.length ? (
        <Typography color="text.secondary">{translate('app.projects.file_empty')}</Typography>
      ) : (
        <Table size="small" data-testid="file-projects">
          <TableHead>
            <TableRow>
              <TableCell>{translate('app.projects.enrolments.project')}</TableCell>
              <TableCell>{translate('app.projects.fields.category')}</TableCell>
              <TableCell>{translate('app.projects.fields.year')}</TableCell>
              <TableCell>{translate('app.projects.enrolments.status')}</TableCell>
              <TableCell>{translate('app.projects.enrolments.outcome')}</TableCell>
              <TableCell>{translate('app.projects.enrolments.enrolledAt')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((e) => (
              <TableRow key={e.id}>
                <TableCell>{e.projectName}</TableCell>
                <TableCell>{e.projectCategory ? translate(`app.projects.categories.${e.projectCategory}`, { _: e.projectCategory }) : '—'}</TableCell>
                <TableCell>{e.projectYear}</TableCell>
                <TableCell>
                  <Chip size="small" label={translate(`app.projects.enrolment_status.${e.status}`)} />
                </TableCell>
                <TableCell>
                  {e.outcome ? translate(`app.projects.outcomes.${e.outcome}`, { _: e.outcome }) : '—'}
                  {e.outcomeNote ? `（${e.outcomeNote}）` : ''}
                </TableCell>
                <TableCell>{formatDateTime(e.enrolledAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {open && (
        <EnrolDialog
          file={file}
          enrolled={rows.filter((r) => r.status !== 'withdrawn').map((r) => r.projectId)}
          onClose={() => setOpen(false)}
          onSaved={() => {
            setOpen(false);
            load();
          }}
        />
      )}
    </Box>
  );
};
