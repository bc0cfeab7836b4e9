import { Box, Typography } from '@mui/material';
import { Login, LoginForm, PasswordInput, required, TextInput, useTranslate } from 'react-admin';

/**
 * react-admin's login form under the system's name. The inputs are react-admin's own, with the
 * ids `username` and `password` set (5.15 generates ids otherwise): stable selectors for tests.
 */
export const LoginPage = () => {
  const translate = useTranslate();
  return (
    <Login>
      <Box sx={{ textAlign: 'center', px: 2 }}>
        <Typography variant="h6" component="h1">
          {translate('app.name')}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {translate('app.login.subtitle')}
        </Typography>
      </Box>
      <LoginForm>
        <TextInput
          id="username"
          source="username"
          label={translate('ra.auth.username')}
          autoComplete="username"
          validate={required()}
          autoFocus
        />
        <PasswordInput
          id="password"
          source="password"
          label={translate('ra.auth.password')}
          autoComplete="current-password"
          validate={required()}
        />
      </LoginForm>
    </Login>
  );
};
