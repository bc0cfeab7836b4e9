import { defineConfig } from 'prisma/config';

// The CLI is used only for `generate` here: migrations are applied by the application at
// start-up and created by scripts/create-migration.ts (no native schema engine on this machine).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
