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
