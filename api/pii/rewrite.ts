/**
 * Stored personal data brought to the current key, in raw SQL (no Prisma, so it runs before the
 * application does): at start-up, rows written before encryption existed are encrypted and get
 * their lookup hashes (backfill); `npm run keys:rotate` re-encrypts every value whose key is not
 * the current one. Both work in batches, each in its own transaction, until no row is left.
 */
import type { SqlRunner } from '../db/migrations';
import { CIPHER_PREFIX, decryptDeep, decryptValue, encryptJson, encryptValue, lookupHash } from './crypto';
import type { PiiKeys } from './keys';

interface Table {
  name: string;
  key: string;
  column?: string;
  json?: string;
}

/** Every stored ID and card number (api/pii/extension.ts PII_MODELS, as tables). */
const TABLES: Table[] = [
  { name: 'HouseholdFile', key: 'id', column: 'idNumber', json: 'form' },
  { name: 'FamilyMember', key: 'id', column: 'idNumber', json: 'details' },
  { name: 'Blacklist', key: 'idNumber', column: 'idNumber' },
  { name: 'UntrueReport', key: 'id', column: 'idNumber' },
  { name: 'CrossCheckResult', key: 'id', json: 'findings' },
];

const BATCH = 500;

/**
 * Rewrites rows holding a value not encrypted with `prefix` (`pii:1:` for the backfill, the
 * current key's `pii:1:<id>:` for a rotation). Returns the number of rows rewritten per table.
 */
async function rewrite(sql: SqlRunner, keys: PiiKeys, prefix: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const jsonPattern = `"(idNumber|cardNumber)": "(?!${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})[^"]`;
  const fresh = (s: string) => encryptValue(keys, decryptValue(keys, s));
  for (const t of TABLES) {
    const args: unknown[] = [];
    const conditions: string[] = [];
    if (t.column) {
      args.push(prefix);
      conditions.push(`"${t.column}" NOT LIKE ($${args.length}::text || '%')`, `"${t.column}Hash" IS NULL`);
    }
    if (t.json) {
      args.push(jsonPattern);
      conditions.push(`"${t.json}"::text ~ $${args.length}::text`);
    }
    const select = `SELECT "${t.key}" AS key${t.column ? `, "${t.column}" AS value` : ''}${t.json ? `, "${t.json}" AS doc` : ''} FROM "${t.name}" WHERE ${conditions.join(' OR ')} LIMIT ${BATCH}`;
    counts[t.name] = 0;
    for (;;) {
      let done = 0;
      await sql.transaction(async (tx) => {
        const rows = await tx.query<{ key: string; value?: string; doc?: unknown }>(`${select} FOR UPDATE`, args);
        for (const row of rows) {
          const sets: string[] = [];
          const params: unknown[] = [];
          if (t.column && row.value !== undefined) {
            const plain = decryptValue(keys, row.value);
            params.push(row.value.startsWith(prefix) ? row.value : fresh(row.value), lookupHash(keys, plain));
            sets.push(`"${t.column}" = $${params.length - 1}`, `"${t.column}Hash" = $${params.length}`);
          }
          if (t.json && row.doc !== undefined && row.doc !== null) {
            const doc = typeof row.doc === 'string' ? JSON.parse(row.doc) : row.doc;
            params.push(JSON.stringify(encryptJson(keys, decryptDeep(keys, doc))));
            sets.push(`"${t.json}" = $${params.length}::jsonb`);
          }
          params.push(row.key);
          await tx.query(`UPDATE "${t.name}" SET ${sets.join(', ')} WHERE "${t.key}" = $${params.length}`, params);
        }
        done = rows.length;
      });
      counts[t.name] += done;
      if (done < BATCH) break;
    }
  }
  return counts;
}

/** Start-up: rows stored in clear (a data directory from before encryption) are encrypted. */
export const encryptExistingRows = (sql: SqlRunner, keys: PiiKeys) => rewrite(sql, keys, CIPHER_PREFIX);

/** `npm run keys:rotate`: every value not under the current key is re-encrypted with it. */
export const reencryptToCurrentKey = (sql: SqlRunner, keys: PiiKeys) => rewrite(sql, keys, `${CIPHER_PREFIX}${keys.current}:`);

/**
 * Fails loudly at start-up when the configured keys do not read the stored data (a wrong key
 * file, a missing old key): one value of each table is decrypted.
 */
export async function checkKeysReadStoredData(sql: SqlRunner, keys: PiiKeys): Promise<void> {
  for (const t of TABLES) {
    if (!t.column) continue;
    const rows = await sql.query<{ value: string }>(`SELECT "${t.column}" AS value FROM "${t.name}" WHERE "${t.column}" LIKE ($1::text || '%') LIMIT 1`, [CIPHER_PREFIX]);
    for (const r of rows) decryptValue(keys, r.value);
  }
}
