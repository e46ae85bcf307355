import { spawn } from 'node:child_process';
import type { ConsoleResponse } from '../../src/console/codes.js';
import type { CliResult } from './run-cli.js';

/** Runs `townlet ARGS` as a child process without blocking the event loop (a served child keeps answering). */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/townlet.js', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** POSTs a console command with an optional bearer token; returns the HTTP status and the response. */
export async function postConsole(
  url: string,
  command: string,
  token: string | undefined,
  body: unknown = {},
): Promise<{ status: number; body: ConsoleResponse & { result: Record<string, unknown> } }> {
  const r = await fetch(`${url}/console/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as never };
}
