/**
 * Creates prisma/migrations/<timestamp>_<name>/migration.sql without Prisma's native schema
 * engine (it cannot be downloaded here; see TOOLCHAIN.md), by driving the schema engine's
 * WebAssembly build. Each migration folder keeps a snapshot of the schema it produced
 * (`schema.prisma`), so the next migration is a pure datamodel-to-datamodel diff that needs no
 * database and no introspection. Usage: npm run db:migration -- <name>
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { loadMigrations, MIGRATIONS_DIR } from '../api/db/migrations';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_');
if (!name) {
  console.error('usage: npm run db:migration -- <name>');
  process.exit(2);
}

const require = createRequire(import.meta.url);
const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
const bg = await import(bgPath);
const wasmBytes = readFileSync(join(dirname(bgPath), 'schema_engine_bg.wasm'));
const { instance } = await WebAssembly.instantiate(wasmBytes, { './schema_engine_bg.js': bg });
bg.__wbg_set_wasm(instance.exports);

const schemaPath = 'prisma/schema.prisma';
const schema = readFileSync(schemaPath, 'utf8');
const previous = loadMigrations().at(-1);
const previousSnapshot = previous ? join(MIGRATIONS_DIR, previous.name, 'schema.prisma') : null;
if (previousSnapshot && !existsSync(previousSnapshot)) {
  console.error(`${previousSnapshot} is missing: every migration keeps the schema it produced`);
  process.exit(1);
}

// The engine insists on a connection even for a schema-only diff: a throwaway in-memory PGlite
// (whose adapter reports no schema name, which the wasm engine requires).
const scratch = new PGlite();
const factory = new PrismaPGlite(scratch);
const withSchema = async (adapter: any) => {
  const info = adapter.getConnectionInfo();
  adapter.getConnectionInfo = () => ({ ...info, schemaName: 'public' });
  return adapter;
};
const engine = await bg.SchemaEngine.new(
  { datamodels: [[schemaPath, schema]] },
  () => {},
  bindMigrationAwareSqlAdapterFactory({
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => withSchema(await factory.connect()),
    connectToShadowDb: async () => withSchema(await factory.connectToShadowDb()),
  } as any),
);
const result = await engine.diff({
  from: previousSnapshot
    ? { tag: 'schemaDatamodel', files: [{ path: previousSnapshot, content: readFileSync(previousSnapshot, 'utf8') }] }
    : { tag: 'empty' },
  to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
  script: true,
  exitCode: false,
  filters: { externalTables: [], externalEnums: [] },
});
const sql: string = (result.stdout ?? '').trim();
await scratch.close();

if (!sql || /^-- This is an empty migration/.test(sql)) {
  console.log('schema and migrations agree: no migration created');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = join(MIGRATIONS_DIR, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'migration.sql'), sql + '\n');
writeFileSync(join(dir, 'schema.prisma'), schema);
console.log(`created ${dir}/migration.sql`);
