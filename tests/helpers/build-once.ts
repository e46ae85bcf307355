import { execFileSync } from 'node:child_process';

/**
 * vitest global setup: compiles dist/ so CLI tests run the `townlet` bin against the current sources
 * (a stale dist/ would test yesterday's code).
 */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}
