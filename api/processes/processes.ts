import type { AppContext } from '../context';
import { hasRole, inScope, type AuthUser } from '../auth/session';
import { AppError } from '../errors';
import { audit } from '../audit';

/** Supervisors and process admins watch incidents and the heatmap (SPEC §7). */
export function requireMonitor(user: AuthUser): void {
  if (!user.roles.some((r) => r.role === 'supervisor' || r.role === 'process_admin')) {
    throw new AppError('FORBIDDEN', '只有督查组和流程管理员可以查看流程运行情况');
  }
}

export async function listIncidents(ctx: AppContext, user: AuthUser, resolved: boolean) {
  requireMonitor(user);
  const incidents = await ctx.engine.listIncidents({ resolved });
  return incidents.filter((i) => inScope(user, i.orgPath));
}

export async function retryIncident(ctx: AppContext, user: AuthUser, id: string) {
  const visible = await listIncidents(ctx, user, false);
  if (!visible.some((i) => i.id === id)) throw new AppError('NOT_FOUND', '异常不存在或已处理');
  await ctx.engine.retryIncident(id);
  await ctx.db.prisma.$transaction((tx) => audit(tx, user, { action: 'retry', entity: 'incident', entityId: id }, ctx.clock.now()));
  return { id };
}

/** Per-element counts of the latest version: the heatmap's data. */
export async function processStatistics(ctx: AppContext, user: AuthUser, bpmnProcessId: string) {
  requireMonitor(user);
  const def = await ctx.engine.latestDefinition(bpmnProcessId);
  if (!def) throw new AppError('NOT_FOUND', '流程不存在');
  return { bpmnProcessId, version: def.version, definitionId: def.definitionId, elements: await ctx.engine.elementStatistics(def.definitionId) };
}

export function isProcessAdmin(user: AuthUser): boolean {
  return hasRole(user, 'process_admin');
}
