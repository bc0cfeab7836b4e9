import AddIcon from '@mui/icons-material/Add';
import EditIcon from '@mui/icons-material/Edit';
import SearchIcon from '@mui/icons-material/Search';
import { Alert, Box, Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Form, SaveButton, TextInput, useDataProvider, useGetList, useTranslate, type HttpError, type RaRecord } from 'react-admin';
import { MoneyInput } from '../applications/inputs/MoneyInput';
import { DateTextInput } from '../common/DateTextInput';
import { formatFen, todayInShanghai } from '../common/format';
import { FormDialog } from '../common/FormDialog';
import type { AppDataProvider } from '../dataProvider';

/** A dated standard as `GET /api/standards` lists it; money in fen per person per month. */
export type StandardRecord = RaRecord & {
  regionCode: string;
  validFrom: string;
  dibao: number;
  lowIncomeLine: number | null;
  isDemo: boolean;
  note: string | null;
  createdAt: string;
};

const t = (key: string) => `app.rules.standards.${key}`;

const StandardDialog = ({ current, onClose, onSaved }: { current: StandardRecord | null; onClose: () => void; onSaved: () => void }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AppDataProvider>();
  const save = (values: Record<string, unknown>) => {
    const data = {
      regionCode: values.regionCode,
      validFrom: values.validFrom,
      dibao: values.dibao,
      lowIncomeLine: values.lowIncomeLine ?? null,
      ...(values.note ? { note: values.note } : {}),
    };
    return current ? dataProvider.update('standards', { id: current.id, data, previousData: current }) : dataProvider.create('standards', { data });
  };
  return (
    <FormDialog
      title={current ? t('edit_title') : t('create_title')}
      record={current ?? { validFrom: todayInShanghai() }}
      save={save}
      success={current ? t('updated') : t('created')}
      onClose={onClose}
      onSaved={onSaved}
      testId="standard-dialog"
    >
      {current && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate(t('edit_hint'))}
        </Alert>
      )}
      <TextInput id="regionCode" source="regionCode" label={t('regionCode')} helperText={t('regionCode_help')} isRequired disabled={!!current} />
      <DateTextInput id="validFrom" source="validFrom" label={t('validFrom')} isRequired disabled={!!current} fullWidth={false} />
      <MoneyInput id="dibao" source="dibao" label={t('dibao')} isRequired />
      <MoneyInput id="lowIncomeLine" source="lowIncomeLine" label={t('lowIncomeLine')} helperText={t('lowIncomeLine_help')} />
      <TextInput id="note" source="note" label={t('note')} fullWidth />
    </FormDialog>
  );
};

/** Which standard a decision on a given day uses: the region's own row, else its city's or province's. */
const Lookup = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AppDataProvider>();
  const lookup = useMutation({ mutationFn: ({ regionCode, date }: { regionCode: string; date: string }) => dataProvider.lookupStandard(regionCode, date) });
  const onSubmit = (values: Record<string, unknown>) => lookup.mutate({ regionCode: String(values.regionCode ?? ''), date: String(values.date ?? '') });
  const found = lookup.data?.data;
  return (
    <Box sx={{ mb: 2 }}>
      <Typography variant="subtitle2" sx={{ mb: 1 }}>
        {translate(t('lookup'))}
      </Typography>
      <Form record={{ regionCode: '510502', date: todayInShanghai() }} onSubmit={onSubmit}>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', flexWrap: 'wrap' }}>
          <TextInput id="lookup-regionCode" source="regionCode" label={t('regionCode')} fullWidth={false} />
          <DateTextInput id="lookup-date" source="date" label={t('date')} fullWidth={false} />
          <SaveButton label={t('lookup_button')} icon={<SearchIcon />} variant="outlined" alwaysEnable sx={{ mt: 1 }} data-testid="standard-lookup" />
        </Box>
      </Form>
      {lookup.error && <Alert severity="warning">{(lookup.error as HttpError).message}</Alert>}
      {found && (
        <Alert severity="success" data-testid="standard-lookup-result">
          {translate(t('lookup_result'), {
            region: found.regionCode,
            from: found.validFrom,
            dibao: formatFen(found.dibao),
            line: found.lowIncomeLine !== undefined ? formatFen(found.lowIncomeLine) : translate(t('default_line')),
          })}
          {found.isDemo && ` ${translate(t('demo'))}`}
        </Alert>
      )}
    </Box>
  );
};

/** 低保标准: dated rows per region (GB/T 2260), with their history; the process admin adds and corrects them. */
export const StandardsTab = ({ canEdit }: { canEdit: boolean }) => {
  const translate = useTranslate();
  const { data = [], refetch } = useGetList<StandardRecord>('standards', {
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'validFrom', order: 'DESC' },
  });
  const [editing, setEditing] = useState<StandardRecord | 'new' | null>(null);
  return (
    <Box data-testid="rules-standards">
      <Lookup />
      {canEdit && (
        <Button label={t('create')} onClick={() => setEditing('new')} variant="contained" data-testid="standard-create" sx={{ mb: 1 }}>
          <AddIcon />
        </Button>
      )}
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{translate(t('regionCode'))}</TableCell>
            <TableCell>{translate(t('validFrom'))}</TableCell>
            <TableCell align="right">{translate(t('dibao'))}</TableCell>
            <TableCell align="right">{translate(t('lowIncomeLine'))}</TableCell>
            <TableCell>{translate(t('note'))}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {data.map((s) => (
            <TableRow key={s.id} data-testid="standard-row" data-region={s.regionCode}>
              <TableCell>{s.regionCode}</TableCell>
              <TableCell>{s.validFrom}</TableCell>
              <TableCell align="right">{formatFen(s.dibao)}</TableCell>
              <TableCell align="right">{s.lowIncomeLine === null ? translate(t('default_line')) : formatFen(s.lowIncomeLine)}</TableCell>
              <TableCell>
                {s.isDemo && <Chip size="small" variant="outlined" color="warning" label={translate(t('demo'))} sx={{ mr: 1 }} />}
                {s.note}
              </TableCell>
              <TableCell align="right">
                {canEdit && (
                  <Button label="ra.action.edit" onClick={() => setEditing(s)}>
                    <EditIcon />
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {editing && (
        <StandardDialog
          current={editing === 'new' ? null : editing}
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
