import { spawnSync } from 'node:child_process';

/** Result of running the `townlet` bin. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `bin/townlet.js` with `args` as a child process, the way a user would. */
export function runCli(args: string[], timeoutMs = 120_000): CliResult {
  const r = spawnSync(process.execPath, ['bin/townlet.js', ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
