import { defineConfig } from 'vitest/config';

// Tiers by suffix (STYLE.md): unit, db, process, e2e. `npm test` runs them all.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
