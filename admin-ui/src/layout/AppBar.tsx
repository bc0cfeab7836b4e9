import { Typography } from '@mui/material';
import { AppBar as RaAppBar, TitlePortal, useTranslate } from 'react-admin';
import { NotificationBell } from '../notifications/NotificationBell';
import { UserBadge } from './UserBadge';

export const AppBar = () => {
  const translate = useTranslate();
  return (
    <RaAppBar color="primary">
      <Typography variant="h6" sx={{ mr: 2, fontWeight: 600, whiteSpace: 'nowrap', display: { xs: 'none', md: 'block' } }}>
        {translate('app.name')}
      </Typography>
      <TitlePortal variant="subtitle1" />
      <NotificationBell />
      <UserBadge />
    </RaAppBar>
  );
};
