/**
 * Field encryption of personal data (issue 7): AES-256-GCM with a fresh 12-byte IV per value,
 * stored as `pii:1:<keyId>:<base64(iv ‖ tag ‖ ciphertext)>`, and HMAC-SHA256 lookup hashes
 * (hex) for exact matches and duplicate checks. A value that does not decrypt — an unknown key
 * id or a tag that does not verify (wrong key, altered row) — throws: never a silent wrong value.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { PiiKeyError, type PiiKeys } from './keys';

export const CIPHER_PREFIX = 'pii:1:';

export const isCiphertext = (value: unknown): value is string => typeof value === 'string' && value.startsWith(CIPHER_PREFIX);

export function encryptValue(keys: PiiKeys, plain: string): string {
  const key = keys.keys.get(keys.current)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${CIPHER_PREFIX}${keys.current}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

/** The key id a stored value was encrypted with, or null for a value in clear. */
export function keyIdOf(value: string): string | null {
  if (!isCiphertext(value)) return null;
  return value.slice(CIPHER_PREFIX.length, value.indexOf(':', CIPHER_PREFIX.length));
}

export function decryptValue(keys: PiiKeys, stored: string): string {
  if (!isCiphertext(stored)) return stored;
  const keyId = keyIdOf(stored)!;
  const key = keys.keys.get(keyId);
  if (!key) throw new PiiKeyError(`personal data encrypted with key "${keyId}", which is not configured (${keys.source}): add it to PII_KEYS`);
  const raw = Buffer.from(stored.slice(CIPHER_PREFIX.length + keyId.length + 1), 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new PiiKeyError(`personal data did not decrypt with key "${keyId}" (${keys.source}): wrong key, or the stored value was altered`);
  }
}

/** HMAC-SHA256 of the exact value: equal values, equal hashes; nothing to learn without the key. */
export function lookupHash(keys: PiiKeys, plain: string): string {
  return createHmac('sha256', keys.hashKey).update(plain, 'utf8').digest('hex');
}

/** Keys of JSON documents (the application form, member details, findings) holding ID or card numbers. */
export const PII_JSON_KEYS = new Set(['idNumber', 'cardNumber']);

/** A copy of a JSON value with every ID and card number encrypted (already encrypted ones kept). */
export function encryptJson(keys: PiiKeys, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => encryptJson(keys, v));
  if (!value || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = PII_JSON_KEYS.has(k) && typeof v === 'string' && v && !isCiphertext(v) ? encryptValue(keys, v) : encryptJson(keys, v);
  return out;
}

/**
 * Decrypts, in place, every stored ciphertext in a query result (rows, nested includes, JSON
 * documents); drops the lookup-hash columns, which mean nothing outside the database.
 */
export function decryptDeep(keys: PiiKeys, value: unknown): unknown {
  if (isCiphertext(value)) return decryptValue(keys, value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = decryptDeep(keys, value[i]);
    return value;
  }
  if (value && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const obj = value as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      if (k === 'idNumberHash') delete obj[k];
      else obj[k] = decryptDeep(keys, obj[k]);
    }
  }
  return value;
}
