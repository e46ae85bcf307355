import { defineConfig } from 'vitest/config';

// Fast suite: `npm test`. Slow suites (large shards, long runs) live in tests/slow and run with `npm run test:slow`.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/slow/**', 'node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['tests/helpers/build-once.ts'],
  },
});
