import type { AppContext } from '../context';
import type { AuthUser } from '../auth/session';

/**
 * Reminders and escalations the caller should see: addressed to them, or to a role they hold
 * at an org within the subtree of where they hold it.
 */
export async function listNotifications(ctx: AppContext, user: AuthUser, limit = 50) {
  const byRole = user.roles.map((r) => ({ role: r.role, orgPath: { startsWith: r.orgPath } }));
  const rows = await ctx.db.prisma.notification.findMany({
    where: { OR: [{ userId: user.id }, ...byRole] },
    orderBy: { createdAt: 'desc' },
    take: limit,
  });
  return rows.map((n) => ({ id: n.id, kind: n.kind, taskId: n.taskId, message: n.message, createdAt: n.createdAt, readAt: n.readAt }));
}

/** Marks the caller's notifications read (all, or the given ones). */
export async function markNotificationsRead(ctx: AppContext, user: AuthUser, ids?: string[]) {
  const visible = await listNotifications(ctx, user, 500);
  const target = visible.filter((n) => !n.readAt && (!ids || ids.includes(n.id))).map((n) => n.id);
  if (target.length) await ctx.db.prisma.notification.updateMany({ where: { id: { in: target } }, data: { readAt: ctx.clock.now() } });
  return { marked: target.length };
}
