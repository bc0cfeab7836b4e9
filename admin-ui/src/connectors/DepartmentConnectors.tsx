import SettingsEthernetIcon from '@mui/icons-material/SettingsEthernet';
import {
  Alert,
  Box,
  Card,
  CardContent,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useWatch } from 'react-hook-form';
import {
  Button,
  PasswordInput,
  RadioButtonGroupInput,
  TextInput,
  Title,
  useCanAccess,
  useDataProvider,
  useGetList,
  useTranslate,
  type RaRecord,
} from 'react-admin';
import { DEPARTMENTS, type Department } from '../../../workers/crosscheck/contract';
import { formatDateTime } from '../common/format';
import { FormDialog } from '../common/FormDialog';
import type { AppDataProvider } from '../dataProvider';

/** A department's connector as `GET /api/department-connectors` lists it (the credential never comes back). */
export type ConnectorRecord = RaRecord & {
  department: Department;
  label: string;
  mode: 'http' | 'manual';
  url: string | null;
  credentialSet: boolean;
  updatedAt: string;
  updatedBy: string | null;
};

const MODES = ['http', 'manual'] as const;

const UrlInput = () => {
  const mode = useWatch({ name: 'mode' });
  if (mode !== 'http') return null;
  return (
    <>
      <TextInput id="url" source="url" label="app.connectors.url" helperText="app.connectors.url_help" isRequired fullWidth />
      <PasswordInput id="credential" source="credential" label="app.connectors.credential" helperText="app.connectors.credential_help" fullWidth />
    </>
  );
};

const EditConnector = ({ department, current, onClose, onSaved }: { department: Department; current: ConnectorRecord | undefined; onClose: () => void; onSaved: () => void }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AppDataProvider>();
  const label = translate(`app.connectors.departments.${department}`);
  const save = (values: Record<string, unknown>) => {
    const data: Record<string, unknown> = { department, mode: values.mode };
    if (values.mode === 'http') {
      data.url = values.url;
      // Blank keeps the stored credential (the API never sends it back).
      if (values.credential) data.credential = values.credential;
    }
    return dataProvider.putByKey<ConnectorRecord>('department-connectors', data);
  };
  return (
    <FormDialog
      title="app.connectors.edit_title"
      titleArgs={{ label }}
      record={{ mode: current?.mode ?? 'manual', url: current?.url ?? '' }}
      save={save}
      success="app.connectors.saved"
      successArgs={{ label }}
      onClose={onClose}
      onSaved={onSaved}
      testId="connector-dialog"
    >
      <RadioButtonGroupInput
        id="mode"
        source="mode"
        label="app.connectors.mode"
        choices={MODES.map((id) => ({ id, name: `app.connectors.modes.${id}` }))}
        isRequired
      />
      <UrlInput />
      {current?.credentialSet && (
        <Typography variant="caption" color="text.secondary">
          {translate('app.connectors.credential_kept')}
        </Typography>
      )}
    </FormDialog>
  );
};

/**
 * 部门核查接口 (docs/department-connectors.md): how each of the five departments is asked — over
 * its HTTP endpoint or by letter (manual task). The city's 保障部 and the process admin change it,
 * e.g. switch a department to manual while its endpoint is down; everyone else reads.
 */
export const DepartmentConnectors = () => {
  const translate = useTranslate();
  const t = (key: string, args?: Record<string, unknown>) => translate(`app.connectors.${key}`, args);
  const { canAccess: canEdit } = useCanAccess({ resource: 'department-connectors', action: 'edit' });
  const { data = [], refetch, error } = useGetList<ConnectorRecord>('department-connectors', { pagination: { page: 1, perPage: 10 } });
  const [editing, setEditing] = useState<Department | null>(null);
  const byDepartment = new Map(data.map((c) => [c.department, c]));
  return (
    <Box sx={{ my: 2 }} data-testid="connectors-page">
      <Title title="app.connectors.title" />
      <Card variant="outlined">
        <CardContent>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {t('intro')}
          </Typography>
          {!canEdit && (
            <Alert severity="info" sx={{ mb: 2 }}>
              {t('read_only')}
            </Alert>
          )}
          {error && <Alert severity="error">{(error as Error).message}</Alert>}
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{t('department')}</TableCell>
                <TableCell>{t('mode')}</TableCell>
                <TableCell>{t('url')}</TableCell>
                <TableCell>{t('credential')}</TableCell>
                <TableCell>{t('updatedAt')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {DEPARTMENTS.map((department) => {
                const c = byDepartment.get(department);
                const http = c?.mode === 'http' && !!c.url;
                return (
                  <TableRow key={department} data-testid="connector-row" data-department={department} data-mode={http ? 'http' : 'manual'}>
                    <TableCell sx={{ fontWeight: 600 }}>{t(`departments.${department}`)}</TableCell>
                    <TableCell>
                      <Chip size="small" color={http ? 'success' : 'default'} label={t(`modes.${http ? 'http' : 'manual'}`)} />
                    </TableCell>
                    <TableCell sx={{ wordBreak: 'break-all' }}>{c?.url ?? '—'}</TableCell>
                    <TableCell>{c ? t(c.credentialSet ? 'credential_set' : 'credential_unset') : '—'}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{c ? formatDateTime(c.updatedAt) : t('not_configured')}</TableCell>
                    <TableCell align="right">
                      {canEdit && (
                        <Button label="app.connectors.edit" onClick={() => setEditing(department)} data-testid={`connector-edit-${department}`}>
                          <SettingsEthernetIcon />
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      {editing && (
        <EditConnector
          department={editing}
          current={byDepartment.get(editing)}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void refetch();
          }}
        />
      )}
    </Box>
  );
};
