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
    // Fixed keys for personal data at rest (api/pii/keys.ts), so that every test system, child
    // server process and restored backup reads the same ciphertext. Never use these elsewhere.
    env: {
      PII_KEYS: `t1:${Buffer.from('test-only-pii-aes-key-t1-0123456').toString('base64')}`,
      PII_HASH_KEY: Buffer.from('test-only-pii-hmac-key-012345678').toString('base64'),
    },
  },
});
