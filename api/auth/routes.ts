import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { verifyPassword } from './passwords';
import { createSession, destroySession, loadUser, readSessionToken, requireUser, setSessionCookie, SESSION_COOKIE } from './session';
import { audit } from '../audit';

export const LoginSchema = z.object({
  username: z.string({ error: '请输入用户名' }).trim().min(1, '请输入用户名').max(64, '用户名过长'),
  password: z.string({ error: '请输入密码' }).min(1, '请输入密码').max(256, '密码过长'),
});

const MAX_FAILURES = 5;
const LOCK_MS = 30 * 60_000;

export function authRoutes(ctx: AppContext): Router {
  const r = Router();
  const prisma = ctx.db.prisma;

  r.post('/login', async (req, res) => {
    const { username, password } = LoginSchema.parse(req.body);
    const now = ctx.clock.now();
    const user = await prisma.user.findUnique({ where: { username } });
    const denied = async (message: string, code: 'UNAUTHORIZED' | 'LOCKED' = 'UNAUTHORIZED') => {
      await prisma.$transaction((tx) => audit(tx, null, { action: 'login', entity: 'user', entityId: user?.id ?? username, outcome: 'denied', orgId: null }, now));
      throw new AppError(code, message);
    };
    if (!user || !user.active) return denied('用户名或密码错误');
    if (user.lockedUntil && user.lockedUntil > now) return denied('连续登录失败次数过多，账号已锁定30分钟', 'LOCKED');
    if (!(await verifyPassword(password, user.passwordHash))) {
      const failures = user.failedLogins + 1;
      await prisma.user.update({
        where: { id: user.id },
        data: failures >= MAX_FAILURES ? { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCK_MS) } : { failedLogins: failures },
      });
      return denied(failures >= MAX_FAILURES ? '连续登录失败次数过多，账号已锁定30分钟' : '用户名或密码错误', failures >= MAX_FAILURES ? 'LOCKED' : 'UNAUTHORIZED');
    }
    await prisma.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
    const token = await createSession(prisma, user.id, now);
    const me = (await loadUser(prisma, user.id))!;
    await prisma.$transaction((tx) => audit(tx, me, { action: 'login', entity: 'user', entityId: user.id }, now));
    setSessionCookie(req, res, token);
    res.json(me);
  });

  r.post('/logout', async (req, res) => {
    const token = readSessionToken(req);
    if (token) await destroySession(prisma, token);
    if (req.user) {
      const user = req.user;
      await prisma.$transaction((tx) => audit(tx, user, { action: 'logout', entity: 'user', entityId: user.id }, ctx.clock.now()));
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  r.get('/me', (req, res) => {
    res.json(requireUser(req));
  });

  return r;
}
