import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useGetList, useTranslate, type RaRecord } from 'react-admin';
import { formatDateTime } from '../common/format';

/** One change of a rule parameter (`GET /api/calendar/history`, read from the audit chain). */
type HistoryRecord = RaRecord & {
  at: string;
  entity: 'step_deadline' | 'calendar_day';
  entityId: string;
  action: 'create' | 'update';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  by: string | null;
};

const t = (key: string) => `app.rules.history.${key}`;

/**
 * 修改记录: who changed the steps' time limits or the calendar's days, when, from what to what.
 * `version` changes after each save so the list is read again.
 */
export const RuleHistory = ({ entity, version }: { entity: HistoryRecord['entity']; version: number }) => {
  const translate = useTranslate();
  const { data = [] } = useGetList<HistoryRecord>('calendar/history', { filter: { entity }, sort: { field: 'at', order: 'DESC' }, pagination: { page: 1, perPage: 200 }, meta: { version } });
  const describe = (h: HistoryRecord) => {
    if (entity === 'step_deadline') {
      const step = String(h.after?.elementId ?? h.entityId);
      const days = (v: Record<string, unknown> | null, k: string) => (v ? String(v[k]) : '—');
      return translate(t('deadline_change'), {
        step: translate(`app.rules.deadlines.steps.${step}`, { _: step }),
        dueBefore: days(h.before, 'dueWorkingDays'),
        dueAfter: days(h.after, 'dueWorkingDays'),
        escalateBefore: days(h.before, 'escalateWorkingDays'),
        escalateAfter: days(h.after, 'escalateWorkingDays'),
      });
    }
    const kind = (v: Record<string, unknown> | null) => (v ? `${translate(`app.rules.calendar.kinds.${String(v.kind)}`)}（${String(v.name)}）` : '—');
    return translate(t('day_change'), { date: h.entityId, before: kind(h.before), after: kind(h.after) });
  };
  return (
    <>
      <Typography variant="subtitle2" sx={{ mt: 3, mb: 1 }}>
        {translate(t('title'))}
      </Typography>
      {data.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {translate(t('empty'))}
        </Typography>
      ) : (
        <Table size="small" data-testid={`rule-history-${entity}`}>
          <TableHead>
            <TableRow>
              <TableCell>{translate(t('at'))}</TableCell>
              <TableCell>{translate(t('by'))}</TableCell>
              <TableCell>{translate(t('change'))}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((h) => (
              <TableRow key={h.id} data-testid="rule-history-row">
                <TableCell>{formatDateTime(h.at)}</TableCell>
                <TableCell>{h.by ?? '—'}</TableCell>
                <TableCell>{describe(h)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
};
