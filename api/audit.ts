import type { Tx } from './db/client';
import type { AuthUser } from './auth/session';
import { appendChained } from './audit-chain';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  outcome?: 'ok' | 'denied' | 'failed';
  orgId?: string | null;
}

/**
 * Every write (old → new) and every deliberate read of full personal data, in the caller's
 * transaction, appended to the hash chain (api/audit-chain.ts). Call it as the last write of the
 * transaction: the chain's lock is then held only until the commit.
 */
export async function audit(tx: Tx, user: AuthUser | null, entry: AuditEntry, at: Date): Promise<void> {
  await appendChained(tx, () => ({
    at,
    userId: user?.id ?? null,
    orgId: entry.orgId ?? user?.roles[0]?.orgId ?? null,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId ?? null,
    before: entry.before,
    after: entry.after,
    outcome: entry.outcome ?? 'ok',
  }));
}
