import { execFileSync } from 'node:child_process';

/**
 * vitest global setup: compiles dist/ (and records its build id) so CLI tests run the `townlet` bin and worker
 * threads run the current sources (a stale dist/ would test yesterday's code; the worker pool refuses one).
 */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
  execFileSync(process.execPath, ['dist/src/workers/write-build-id.js'], { stdio: 'ignore' });
}
