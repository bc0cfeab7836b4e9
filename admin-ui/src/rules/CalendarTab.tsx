import AddIcon from '@mui/icons-material/Add';
import EditIcon from '@mui/icons-material/Edit';
import { Box, Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import { Button, RadioButtonGroupInput, TextInput, useDataProvider, useGetList, useTranslate, type RaRecord } from 'react-admin';
import { DateTextInput } from '../common/DateTextInput';
import { FormDialog } from '../common/FormDialog';
import { RuleHistory } from './RuleHistory';
import type { AppDataProvider } from '../dataProvider';

/** A listed day of the working-day calendar (`GET /api/calendar/days`); weekends need no row. */
export type CalendarDayRecord = RaRecord & { date: string; kind: 'holiday' | 'workday'; name: string };

const t = (key: string) => `app.rules.calendar.${key}`;
const KINDS = ['holiday', 'workday'] as const;

const DayDialog = ({ current, onClose, onSaved }: { current: CalendarDayRecord | null; onClose: () => void; onSaved: () => void }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  return (
    <FormDialog
      title={current ? t('edit_title') : t('create_title')}
      record={current ?? { kind: 'holiday' }}
      save={(values) => dataProvider.putByKey('calendar/days', { date: values.date, kind: values.kind, name: values.name })}
      success={t('saved')}
      onClose={onClose}
      onSaved={onSaved}
      testId="calendar-day-dialog"
    >
      <DateTextInput id="date" source="date" label={t('date')} isRequired disabled={!!current} fullWidth={false} />
      <RadioButtonGroupInput id="kind" source="kind" label={t('kind')} choices={KINDS.map((id) => ({ id, name: t(`kinds.${id}`) }))} isRequired />
      <TextInput id="name" source="name" label={t('name')} helperText={t('name_help')} isRequired fullWidth />
    </FormDialog>
  );
};

/**
 * 工作日历: holidays and make-up workdays on top of the weekends. Deadlines and the 公示 period
 * count working days on it.
 */
export const CalendarTab = ({ canEdit }: { canEdit: boolean }) => {
  const translate = useTranslate();
  const { data = [], refetch } = useGetList<CalendarDayRecord>('calendar/days', { pagination: { page: 1, perPage: 500 } });
  const [saves, setSaves] = useState(0);
  const [editing, setEditing] = useState<CalendarDayRecord | 'new' | null>(null);
  return (
    <Box data-testid="rules-calendar">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate(t('intro'))}
      </Typography>
      {canEdit && (
        <Button label={t('create')} onClick={() => setEditing('new')} variant="contained" data-testid="calendar-day-create" sx={{ mb: 1 }}>
          <AddIcon />
        </Button>
      )}
      {data.length === 0 ? (
        <Typography color="text.secondary">{translate(t('none'))}</Typography>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{translate(t('date'))}</TableCell>
              <TableCell>{translate(t('kind'))}</TableCell>
              <TableCell>{translate(t('name'))}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((d) => (
              <TableRow key={d.id} data-testid="calendar-day-row" data-date={d.date} data-kind={d.kind}>
                <TableCell>{d.date}</TableCell>
                <TableCell>
                  <Chip size="small" color={d.kind === 'holiday' ? 'warning' : 'info'} label={translate(t(`kinds.${d.kind}`))} />
                </TableCell>
                <TableCell>{d.name}</TableCell>
                <TableCell align="right">
                  {canEdit && (
                    <Button label="ra.action.edit" onClick={() => setEditing(d)}>
                      <EditIcon />
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {editing && (
        <DayDialog
          current={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            setSaves((n) => n + 1);
            void refetch();
          }}
        />
      )}
      <RuleHistory entity="calendar_day" version={saves} />
    </Box>
  );
};
