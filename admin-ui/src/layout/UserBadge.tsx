import { Box, Tooltip, Typography } from '@mui/material';
import { useGetIdentity, useTranslate } from 'react-admin';
import type { AppIdentity } from '../authProvider';

/** Union and role of the signed-in official (the user menu beside it shows the name); every role held in the tooltip. */
export const UserBadge = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const user = identity as AppIdentity | undefined;
  if (!user) return null;
  const primaryRole = user.roles[0] ? translate(`app.roles.${user.roles[0].role}`) : '';
  const roles = user.roles.map((g) => `${translate(`app.roles.${g.role}`)}（${g.orgName}）`).join('；');
  return (
    <Tooltip title={`${translate('app.user.roles')}：${roles}`}>
      <Box data-testid="user-badge" sx={{ textAlign: 'right', mr: 1, lineHeight: 1.2, display: { xs: 'none', sm: 'block' } }}>
        <Typography variant="body2" sx={{ fontWeight: 600 }}>
          {user.orgName}
        </Typography>
        <Typography variant="caption" sx={{ opacity: 0.85 }}>
          {primaryRole}
        </Typography>
      </Box>
    </Tooltip>
  );
};
