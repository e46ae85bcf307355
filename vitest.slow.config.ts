import { defineConfig } from 'vitest/config';

// Slow suite: `npm run test:slow` (not part of CI's `npm test`).
export default defineConfig({
  test: {
    include: ['tests/slow/**/*.test.ts'],
    testTimeout: 600_000,
    pool: 'forks',
    globalSetup: ['tests/helpers/build-once.ts'],
  },
});
