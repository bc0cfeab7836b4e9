import { z } from 'zod';
import type { AppContext } from '../context';
import type { AuthUser } from '../auth/session';

export const UserFilterSchema = z.object({
  role: z.enum(['grassroots_staff', 'grassroots_chair', 'helper', 'county_reviewer', 'city_reviewer', 'upper_reviewer', 'process_admin', 'supervisor'], { error: '角色无效' }).optional(),
  orgId: z.string().max(40).optional(),
  q: z.string().trim().max(30).optional(),
});

/**
 * The colleagues a caller may pick (helpers, assignees): users holding a role in the caller's
 * subtree or on the chain of unions above it. Names and titles only: no personal data.
 */
export async function listUsers(ctx: AppContext, user: AuthUser, filter: z.infer<typeof UserFilterSchema>) {
  const ancestors = [...new Set(user.roles.flatMap((r) => r.orgPath.split('/').filter(Boolean)))];
  const rows = await ctx.db.prisma.user.findMany({
    where: {
      active: true,
      ...(filter.q && { OR: [{ displayName: { contains: filter.q } }, { username: { contains: filter.q } }] }),
      roles: {
        some: {
          ...(filter.role && { role: filter.role }),
          ...(filter.orgId && { orgId: filter.orgId }),
          OR: [{ orgId: { in: ancestors } }, ...user.roles.map((r) => ({ org: { path: { startsWith: r.orgPath } } }))],
        },
      },
    },
    include: { roles: { include: { org: { select: { name: true } } } } },
    orderBy: { displayName: 'asc' },
    take: 200,
  });
  return rows.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, title: u.title, roles: u.roles.map((r) => ({ role: r.role, orgId: r.orgId, orgName: r.org.name })) }));
}
