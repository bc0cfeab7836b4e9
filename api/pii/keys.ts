/**
 * Keys for personal data at rest (issue 7): AES-256-GCM keys with ids (the ciphertext names its
 * key, so keys rotate) and one separate HMAC-SHA256 key for the lookup hashes.
 *
 * Configuration, first match wins:
 *  - `PII_KEYS=<id>:<base64 of 32 bytes>[,<id>:<base64>…]` (the FIRST is current: new values are
 *    encrypted with it; the others only decrypt) and `PII_HASH_KEY=<base64 of 32 bytes>`;
 *  - an embedded data directory: `DATA_DIR/pii-keys.json`, generated on first start (mode 0600);
 *  - a throwaway in-memory database: random keys for the life of the process.
 * A PostgreSQL server without PII_KEYS is refused: its data would be unreadable elsewhere.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PiiKeys {
  /** id of the key new values are encrypted with */
  current: string;
  keys: Map<string, Buffer>;
  /** the HMAC key of the lookup hashes (never rotated by keys:rotate: every hash would change) */
  hashKey: Buffer;
  /** where the keys came from, for messages */
  source: string;
}

export class PiiKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PiiKeyError';
  }
}

export const KEY_FILE = 'pii-keys.json';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

function key32(b64: string, what: string): Buffer {
  const key = Buffer.from(b64.trim(), 'base64');
  if (key.length !== 32) throw new PiiKeyError(`${what}: expected 32 bytes in base64, got ${key.length}`);
  return key;
}

/** Parses `PII_KEYS` and `PII_HASH_KEY`; null when PII_KEYS is unset. */
export function keysFromEnv(env: NodeJS.ProcessEnv = process.env): PiiKeys | null {
  if (!env.PII_KEYS) return null;
  const keys = new Map<string, Buffer>();
  let current = '';
  for (const part of env.PII_KEYS.split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = part.indexOf(':');
    const id = part.slice(0, at);
    if (at < 1 || !KEY_ID.test(id)) throw new PiiKeyError(`PII_KEYS: "${id || part.slice(0, 8)}…" is not <id>:<base64> with an id of letters, digits, - or _`);
    if (keys.has(id)) throw new PiiKeyError(`PII_KEYS: key id ${id} appears twice`);
    keys.set(id, key32(part.slice(at + 1), `PII_KEYS key ${id}`));
    current ||= id;
  }
  if (!current) throw new PiiKeyError('PII_KEYS is empty');
  if (!env.PII_HASH_KEY) throw new PiiKeyError('PII_KEYS is set but PII_HASH_KEY (the lookup-hash key) is not');
  return { current, keys, hashKey: key32(env.PII_HASH_KEY, 'PII_HASH_KEY'), source: 'PII_KEYS' };
}

interface KeyFile {
  current: string;
  keys: Record<string, string>;
  hashKey: string;
}

export function readKeyFile(path: string): PiiKeys {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
  const keys = new Map(Object.entries(raw.keys).map(([id, b64]) => [id, key32(b64, `${path} key ${id}`)] as const));
  if (!keys.has(raw.current)) throw new PiiKeyError(`${path}: the current key ${raw.current} is not among its keys`);
  return { current: raw.current, keys, hashKey: key32(raw.hashKey, `${path} hashKey`), source: path };
}

export function writeKeyFile(path: string, keys: PiiKeys): void {
  const body: KeyFile = { current: keys.current, keys: Object.fromEntries([...keys.keys].map(([id, k]) => [id, k.toString('base64')])), hashKey: keys.hashKey.toString('base64') };
  writeFileSync(`${path}.tmp`, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  chmodSync(`${path}.tmp`, 0o600);
  // the old file stays whole until the new one is complete
  renameSync(`${path}.tmp`, path);
}

export function generateKeys(source: string): PiiKeys {
  return { current: 'k1', keys: new Map([['k1', randomBytes(32)]]), hashKey: randomBytes(32), source };
}

/** Adds a fresh key and makes it current (the key file's rotation); old keys stay to decrypt. */
export function withNewKey(keys: PiiKeys): PiiKeys {
  let n = keys.keys.size + 1;
  while (keys.keys.has(`k${n}`)) n++;
  const id = `k${n}`;
  return { ...keys, current: id, keys: new Map([...keys.keys, [id, randomBytes(32)]]) };
}

/** The keys of this deployment (see the module comment). */
export function resolveKeys(opts: { dataDir?: string; databaseUrl?: string; env?: NodeJS.ProcessEnv }): PiiKeys {
  const fromEnv = keysFromEnv(opts.env ?? process.env);
  if (fromEnv) return fromEnv;
  if (opts.databaseUrl) throw new PiiKeyError('DATABASE_URL is set but PII_KEYS and PII_HASH_KEY are not: configure the keys for personal data (README, security)');
  const dataDir = opts.dataDir ?? 'memory://';
  if (dataDir.startsWith('memory://')) return generateKeys('memory (random, this process only)');
  const path = join(dataDir, KEY_FILE);
  if (existsSync(path)) return readKeyFile(path);
  const keys = generateKeys(path);
  writeKeyFile(path, keys);
  console.warn(`[pii] generated the personal-data keys in ${path} (0600): keep a copy apart from the backups; without it the ID and card numbers cannot be read`);
  return keys;
}
