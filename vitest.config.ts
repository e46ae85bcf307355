import { availableParallelism } from 'node:os';
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
    // vitest's default (CPUs − 1) runs the files one at a time on a 2-vCPU machine; most files wait on the child
    // processes they start (CLI, servers), so two at a time finish the suite about a quarter sooner.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ['tests/helpers/build-once.ts'],
  },
});
