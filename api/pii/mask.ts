import { maskResidentId } from '../../workers/identity/resident-id';
import { PII_JSON_KEYS } from './crypto';

/**
 * A copy of a JSON value with every ID and card number masked (last four kept): for what is kept
 * outside the encrypted columns — process variables and audit rows of a completed form (a
 * department's findings list each person by ID number; the full answer is stored encrypted in
 * CrossCheckResult).
 */
export function maskPiiJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => maskPiiJson(v)) as T;
  if (!value || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (PII_JSON_KEYS.has(k) && typeof v === 'string') out[k] = k === 'idNumber' ? maskResidentId(v) : v && `**** **** ${v.slice(-4)}`;
    else out[k] = maskPiiJson(v);
  }
  return out as T;
}
