import AlarmIcon from '@mui/icons-material/Alarm';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import NotificationImportantIcon from '@mui/icons-material/NotificationImportant';
import NotificationsIcon from '@mui/icons-material/Notifications';
import { Badge, Box, Button, IconButton, ListItemIcon, ListItemText, Menu, MenuItem, Tooltip, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState, type MouseEvent } from 'react';
import { useDataProvider, useGetList, useNotify, useRedirect, useTranslate, type HttpError } from 'react-admin';
import { formatDateTime } from '../common/format';
import type { AppDataProvider } from '../dataProvider';
import type { NotificationRecord } from './types';

/**
 * 提醒与督办 in the app bar: reminders at a task's due date and escalations when it stalls,
 * addressed to me or to a role I hold (SPEC §5.1, issue 4). The count is of unread ones; opening
 * an entry marks it read and opens its task, and all can be marked read at once.
 */
export const NotificationBell = () => {
  const translate = useTranslate();
  const redirect = useRedirect();
  const notify = useNotify();
  const dataProvider = useDataProvider<AppDataProvider>();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const { data = [], refetch } = useGetList<NotificationRecord>(
    'notifications',
    { pagination: { page: 1, perPage: 50 }, sort: { field: 'createdAt', order: 'DESC' } },
    // Timers raise them in the background: keep the bell fresh.
    { refetchInterval: 60_000 },
  );
  const markRead = useMutation({
    mutationFn: (ids?: string[]) => dataProvider.markNotificationsRead(ids),
    onSuccess: () => void refetch(),
    onError: (error: HttpError) => notify(error.message, { type: 'error' }),
  });
  const unread = data.filter((n) => !n.readAt);
  const open = (event: MouseEvent<HTMLElement>) => setAnchor(event.currentTarget);
  const go = (n: NotificationRecord) => {
    setAnchor(null);
    if (!n.readAt) markRead.mutate([String(n.id)]);
    if (n.taskId) redirect('show', 'tasks', n.taskId);
  };
  return (
    <>
      <Tooltip title={translate('app.notifications.title')}>
        <IconButton
          color="inherit"
          onClick={open}
          data-testid="notification-bell"
          data-count={unread.length}
          aria-label={translate('app.notifications.count', { count: unread.length })}
        >
          <Badge badgeContent={unread.length} color="error" max={99}>
            <NotificationsIcon />
          </Badge>
        </IconButton>
      </Tooltip>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)} slotProps={{ paper: { sx: { width: 420, maxHeight: 480 } } }}>
        <Box sx={{ px: 2, py: 1, display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 1 }}>
          <Typography variant="subtitle2">{translate('app.notifications.title')}</Typography>
          {unread.length > 0 && (
            <Button size="small" startIcon={<DoneAllIcon />} onClick={() => markRead.mutate(undefined)} disabled={markRead.isPending} data-testid="notifications-read-all">
              {translate('app.notifications.read_all')}
            </Button>
          )}
        </Box>
        {data.length === 0 && (
          <MenuItem disabled data-testid="notifications-empty">
            {translate('app.notifications.empty')}
          </MenuItem>
        )}
        {data.map((n) => (
          <MenuItem
            key={n.id}
            onClick={() => go(n)}
            data-testid="notification-item"
            data-kind={n.kind}
            data-task-id={n.taskId ?? ''}
            data-read={String(!!n.readAt)}
            sx={{ whiteSpace: 'normal', alignItems: 'flex-start' }}
          >
            <ListItemIcon sx={{ mt: 0.5 }}>
              {n.kind === 'escalation' ? <NotificationImportantIcon color="error" fontSize="small" /> : <AlarmIcon color="warning" fontSize="small" />}
            </ListItemIcon>
            <ListItemText
              primary={n.message}
              secondary={`${translate(`app.notifications.kinds.${n.kind}`, { _: n.kind })} · ${formatDateTime(n.createdAt)}${n.readAt ? ` · ${translate('app.notifications.read')}` : ''}`}
              slotProps={{ primary: { variant: 'body2', sx: { fontWeight: n.readAt ? 400 : 600 } }, secondary: { variant: 'caption' } }}
            />
          </MenuItem>
        ))}
      </Menu>
    </>
  );
};
