import { createHash, randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { PrismaClient } from '../../prisma/generated/client';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { CandidateGroup } from '../engine/port';

export const SESSION_COOKIE = 'bf_sid';
/** MLPS level 3: a session ends after 30 minutes without activity. */
export const IDLE_TIMEOUT_MS = 30 * 60_000;
const ABSOLUTE_TIMEOUT_MS = 12 * 3600_000;

export interface RoleGrant {
  role: string;
  orgId: string;
  orgName: string;
  orgPath: string;
}

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  roles: RoleGrant[];
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser;
  }
}

const tokenId = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(prisma: PrismaClient, userId: string, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await prisma.session.create({
    data: { id: tokenId(token), userId, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS) },
  });
  return token;
}

export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

export function readSessionToken(req: Request): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === SESSION_COOKIE) return decodeURIComponent(v.join('='));
  }
  return null;
}

export async function destroySession(prisma: PrismaClient, token: string): Promise<void> {
  await prisma.session.deleteMany({ where: { id: tokenId(token) } });
}

export async function loadUser(prisma: PrismaClient, userId: string): Promise<AuthUser | null> {
  const user = await prisma.user.findUnique({ where: { id: userId }, include: { roles: { include: { org: true } } } });
  if (!user || !user.active) return null;
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles.map((r) => ({ role: r.role, orgId: r.orgId, orgName: r.org.name, orgPath: r.org.path })),
  };
}

/** Resolves the session cookie into `req.user`; an idle or expired session is gone. */
export function sessionMiddleware(prisma: PrismaClient, clock: Clock) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    try {
      const token = readSessionToken(req);
      if (!token) return next();
      const id = tokenId(token);
      const session = await prisma.session.findUnique({ where: { id } });
      const now = clock.now();
      if (!session) return next();
      if (session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > IDLE_TIMEOUT_MS) {
        await prisma.session.deleteMany({ where: { id } });
        return next();
      }
      const user = await loadUser(prisma, session.userId);
      if (user) {
        req.user = user;
        // Refresh the idle clock at most once a minute: no write per request.
        if (now.getTime() - session.lastSeenAt.getTime() > 60_000) await prisma.session.update({ where: { id }, data: { lastSeenAt: now } });
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

export function requireUser(req: Request): AuthUser {
  if (!req.user) throw new AppError('UNAUTHORIZED', '请先登录');
  return req.user;
}

/** The caller's candidate groups: every (role, org) they hold. */
export function candidateGroups(user: AuthUser): CandidateGroup[] {
  return user.roles.map((r) => ({ role: r.role, orgId: r.orgId, orgPath: r.orgPath }));
}

/** The org subtrees whose data the caller may see (SPEC §1): the orgs of all their roles. */
export function scopePaths(user: AuthUser): string[] {
  const paths = [...new Set(user.roles.map((r) => r.orgPath))].sort();
  return paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(q)));
}

export function inScope(user: AuthUser, orgPath: string | null | undefined): boolean {
  return !!orgPath && scopePaths(user).some((p) => orgPath.startsWith(p));
}

export function hasRole(user: AuthUser, role: string, orgPath?: string): boolean {
  return user.roles.some((r) => r.role === role && (!orgPath || orgPath.startsWith(r.orgPath)));
}
