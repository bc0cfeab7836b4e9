import type { RaRecord } from 'react-admin';
import type { RoleGrant } from '../canAccess';

/** A colleague as `GET /api/users` lists them (api/users/users.ts): names, titles and roles, no personal data. */
export type UserRecord = RaRecord & {
  username: string;
  displayName: string;
  title: string | null;
  roles: RoleGrant[];
};
