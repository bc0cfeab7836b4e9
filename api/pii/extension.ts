/**
 * Transparent encryption of ID and bank-card numbers at the data layer (issue 7): a Prisma client
 * extension, so every query written against the plain schema keeps working unchanged —
 *  - writes: `idNumber` columns are stored encrypted with their HMAC in `idNumberHash`; JSON
 *    documents (the application form, member details, department findings) get every `idNumber`
 *    and `cardNumber` inside them encrypted, nested `members: { create }` included;
 *  - filters: `where: { idNumber: x | { in: [...] } | { equals | not | notIn } }`, at any depth
 *    (`members: { some: { idNumber } }`), becomes the same filter on `idNumberHash`; a partial
 *    match (`contains`, `startsWith`…) on an encrypted column is refused;
 *  - reads: every stored ciphertext in a result (rows, includes, JSON, raw queries) is decrypted.
 * Raw SQL that computes on these values in the database (e.g. `right(cardNumber, 4)`) cannot
 * work and must read the value and compute in code (grep for the column names in raw SQL).
 */
import type { PrismaClient } from '../../prisma/generated/client';
import { decryptDeep, encryptJson, encryptValue, lookupHash } from './crypto';
import type { PiiKeys } from './keys';

interface PiiModel {
  /** text columns stored encrypted, each with `<column>Hash` beside it */
  columns: string[];
  /** JSON columns whose idNumber/cardNumber keys are encrypted */
  json: string[];
  /** relation field → model, for nested writes */
  relations: Record<string, string>;
}

export const PII_MODELS: Record<string, PiiModel> = {
  HouseholdFile: { columns: ['idNumber'], json: ['form'], relations: { members: 'FamilyMember' } },
  FamilyMember: { columns: ['idNumber'], json: ['details'], relations: {} },
  Blacklist: { columns: ['idNumber'], json: [], relations: {} },
  UntrueReport: { columns: ['idNumber'], json: [], relations: {} },
  CrossCheckResult: { columns: [], json: ['findings'], relations: {} },
};

/** Models that never hold personal data nor include a model that does: their results are not walked. */
const NO_PII = new Set(['ProcessDefinition', 'ProcessInstance', 'InstanceEvent', 'Job', 'Timer', 'MessageSubscription', 'Incident', 'Counter', 'Session', 'AuditLog', 'CalendarDay', 'StepDeadline']);

const PARTIAL = ['contains', 'startsWith', 'endsWith', 'lt', 'lte', 'gt', 'gte', 'search', 'mode'];

function encryptData(keys: PiiKeys, model: string, data: unknown): unknown {
  if (Array.isArray(data)) return data.map((d) => encryptData(keys, model, d));
  const spec = PII_MODELS[model];
  if (!spec || !data || typeof data !== 'object') return data;
  const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const column of spec.columns) {
    let value = out[column];
    if (value && typeof value === 'object' && 'set' in value) value = (value as { set: unknown }).set;
    if (typeof value === 'string') {
      out[column] = encryptValue(keys, value);
      out[`${column}Hash`] = lookupHash(keys, value);
    }
  }
  for (const column of spec.json) if (out[column] !== undefined && out[column] !== null) out[column] = encryptJson(keys, out[column]);
  for (const [field, target] of Object.entries(spec.relations)) {
    const nested = out[field] as Record<string, unknown> | undefined;
    if (!nested || typeof nested !== 'object') continue;
    const n: Record<string, unknown> = { ...nested };
    if (n.create) n.create = encryptData(keys, target, n.create);
    if (n.createMany && typeof n.createMany === 'object') {
      const cm = n.createMany as { data: unknown };
      n.createMany = { ...cm, data: encryptData(keys, target, cm.data) };
    }
    for (const op of ['update', 'updateMany', 'upsert', 'connectOrCreate'] as const) {
      if (n[op]) throw new Error(`pii: nested ${field}.${op} is not supported by the encryption extension; write ${target} directly`);
    }
    out[field] = n;
  }
  return out;
}

/** A filter on an encrypted value as the same filter on its lookup hash. */
function hashFilter(keys: PiiKeys, v: unknown): unknown {
  const h = (s: unknown) => (typeof s === 'string' ? lookupHash(keys, s) : s);
  if (!v || typeof v !== 'object') return h(v);
  const f: Record<string, unknown> = {};
  for (const [op, arg] of Object.entries(v)) {
    if (PARTIAL.includes(op)) throw new Error(`pii: idNumber is stored encrypted; only exact matches work (not ${op})`);
    f[op] = Array.isArray(arg) ? arg.map(h) : op === 'not' ? hashFilter(keys, arg) : h(arg);
  }
  return f;
}

/** Rewrites filters on encrypted columns into filters on their lookup hashes, at any depth. */
export function rewriteWhere(keys: PiiKeys, where: unknown): unknown {
  if (Array.isArray(where)) return where.map((w) => rewriteWhere(keys, w));
  if (!where || typeof where !== 'object' || Object.getPrototypeOf(where) !== Object.prototype) return where;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(where)) {
    if (k !== 'idNumber') {
      out[k] = rewriteWhere(keys, v);
      continue;
    }
    out.idNumberHash = hashFilter(keys, v);
  }
  return out;
}

const WRITES = new Set(['create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert']);

/**
 * The client with personal data encrypted at rest. Typed as the plain client: the extension
 * changes what is stored, not what callers write or read.
 */
export function withPiiEncryption(prisma: PrismaClient, keys: PiiKeys): PrismaClient {
  return prisma.$extends({
    name: 'pii-encryption',
    query: {
      async $allOperations({ model, operation, args, query }) {
        if (model && !NO_PII.has(model)) {
          const a = args as Record<string, unknown> | undefined;
          if (a && typeof a === 'object') {
            if (a.where) a.where = rewriteWhere(keys, a.where);
            if (PII_MODELS[model] && WRITES.has(operation)) {
              if (a.data !== undefined) a.data = encryptData(keys, model, a.data);
              if (a.create !== undefined) a.create = encryptData(keys, model, a.create);
              if (a.update !== undefined) a.update = encryptData(keys, model, a.update);
            }
          }
          return decryptDeep(keys, await query(args));
        }
        if (!model && operation.startsWith('$queryRaw')) return decryptDeep(keys, await query(args));
        return query(args);
      },
    },
  }) as unknown as PrismaClient;
}
