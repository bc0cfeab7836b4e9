import type { Tx } from '../db/client';
import type { PrismaClient } from '../../prisma/generated/client';
import { inScope, type AuthUser, type RoleGrant } from '../auth/session';
import { AppError } from '../errors';

/** An org inside the caller's subtrees, or 404: another county's union does not exist for them. */
export async function visibleOrg(db: Tx | PrismaClient, user: AuthUser, orgId: string) {
  const org = await db.org.findUnique({ where: { id: orgId } });
  if (!org || !inScope(user, org.path)) throw new AppError('NOT_FOUND', '工会组织不存在', { orgId: '工会组织不存在或不在您的管辖范围内' });
  return org;
}

/** The caller's closest grant of a role at or above an org, or 403 with the message. */
export function roleOver(user: AuthUser, role: string, orgPath: string, message: string): RoleGrant {
  const grant = user.roles.filter((r) => r.role === role && orgPath.startsWith(r.orgPath)).sort((a, b) => b.orgPath.length - a.orgPath.length)[0];
  if (!grant) throw new AppError('FORBIDDEN', message);
  return grant;
}

/**
 * Whether something run by the org at `orgPath` concerns the caller: it is inside their subtree,
 * or it is above them (a city's campaign concerns every union of the city).
 */
export function concerns(user: AuthUser, orgPath: string): boolean {
  return user.roles.some((r) => r.orgPath.startsWith(orgPath) || orgPath.startsWith(r.orgPath));
}

/** `YYYY-MM-DD` as a `@db.Date` value. */
export const dateColumn = (day: string) => new Date(`${day}T00:00:00Z`);
export const dayOf = (d: Date) => d.toISOString().slice(0, 10);
