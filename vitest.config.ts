import { defineConfig } from 'vitest/config';

// Fast suite: `npm test` (then the Python suite, scripts/python-test.mjs). Slow suites (large shards, long runs)
// live in tests/slow and run with `npm run test:slow`. VITEST_JSON=<file> adds a JSON report (CI counts from it).
const jsonReport = process.env['VITEST_JSON'];

export default defineConfig({
  test: {
    ...(jsonReport ? { reporters: ['default', 'json'], outputFile: { json: jsonReport } } : {}),
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/slow/**', 'node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['tests/helpers/build-once.ts'],
  },
});
