import type { Tx } from './db/client';
import type { AuthUser } from './auth/session';
import { appendChained, type AuditContent } from './audit-chain';

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
  const row = {
    at,
    userId: user?.id ?? null,
    orgId: entry.orgId ?? user?.roles[0]?.orgId ?? null,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId ?? null,
    before: entry.before,
    after: entry.after,
    outcome: entry.outcome ?? 'ok',
  };
  const queue = deferred.get(tx);
  if (queue) queue.push(row);
  else await appendChained(tx, () => row);
}

const deferred = new WeakMap<Tx, Omit<AuditContent, 'id'>[]>();

/**
 * Runs `work` in the transaction with its audit rows held back and appended, in order, after it:
 * the chain's advisory lock is then the transaction's last lock. Without this, a transaction that
 * audits and then locks another row can deadlock (PostgreSQL 40P01) with one that holds that row
 * and audits — e.g. an allocation's second leg, or a form's effects before the task's engine step.
 */
export async function auditsLast<T>(tx: Tx, work: () => Promise<T>): Promise<T> {
  if (deferred.has(tx)) return work();
  const queue: Omit<AuditContent, 'id'>[] = [];
  deferred.set(tx, queue);
  try {
    const result = await work();
    deferred.delete(tx);
    for (const row of queue) await appendChained(tx, () => row);
    return result;
  } finally {
    deferred.delete(tx);
  }
}
