import type { Tx } from './db/client';
import type { AuthUser } from './auth/session';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  outcome?: 'ok' | 'denied' | 'failed';
  orgId?: string | null;
}

/** Every write (old → new) and every deliberate read of full personal data, in the caller's transaction. */
export async function audit(tx: Tx, user: AuthUser | null, entry: AuditEntry, at: Date): Promise<void> {
  await tx.auditLog.create({
    data: {
      at,
      userId: user?.id ?? null,
      orgId: entry.orgId ?? user?.roles[0]?.orgId ?? null,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId ?? null,
      before: (entry.before ?? undefined) as any,
      after: (entry.after ?? undefined) as any,
      outcome: entry.outcome ?? 'ok',
    },
  });
}
