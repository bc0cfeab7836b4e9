/**
 * Session-cookie authentication against /api/auth. The signed-in user is kept in memory only:
 * the cookie is the session, and a reload asks /api/auth/me again.
 */
import type { AuthProvider, UserIdentity } from 'react-admin';
import { canAccess, type RoleGrant } from './canAccess';
import { apiFetch } from './http';

export type CurrentUser = {
  id: string;
  username: string;
  displayName: string;
  roles: RoleGrant[];
};

export type AppIdentity = UserIdentity & { username: string; roles: RoleGrant[]; orgName: string };

let current: Promise<CurrentUser> | null = null;

function currentUser(): Promise<CurrentUser> {
  current ??= apiFetch<CurrentUser>('/api/auth/me').then(
    (r) => r.json,
    (error) => {
      current = null;
      throw error;
    },
  );
  return current;
}

export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    const { json } = await apiFetch<CurrentUser>('/api/auth/login', { method: 'POST', body: { username, password } });
    current = Promise.resolve(json);
  },
  async logout() {
    const wasSignedIn = current !== null;
    current = null;
    // Also reached after a 401, when there is no session left to end.
    if (wasSignedIn) await apiFetch('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
  },
  async checkAuth() {
    await currentUser();
  },
  async checkError(error: { status?: number }) {
    if (error?.status === 401) {
      current = null;
      throw error;
    }
  },
  async getIdentity(): Promise<AppIdentity> {
    const user = await currentUser();
    return {
      id: user.id,
      fullName: user.displayName,
      username: user.username,
      roles: user.roles,
      orgName: user.roles[0]?.orgName ?? '',
    };
  },
  async getPermissions() {
    return (await currentUser()).roles;
  },
  async canAccess({ resource, action }) {
    const user = await currentUser().catch(() => null);
    return user !== null && canAccess(user.roles, resource, action);
  },
};
