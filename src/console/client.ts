import type { ConsoleResponse } from './codes.js';

/** What the console client sends. */
export interface ConsoleCall {
  url: string;
  token: string | undefined;
  command: string;
  args?: unknown;
  cmdId?: string;
  dryRun?: boolean;
  /** Answer once a queued mutation applied (or was refused), not with the 202. */
  wait?: boolean;
  timeoutMs?: number;
}

/** POSTs one command to `<url>/console/<command>` and returns the HTTP status and the response. */
export async function callConsole(call: ConsoleCall): Promise<{ status: number; response: ConsoleResponse }> {
  const body = {
    ...(call.args !== undefined ? { args: call.args } : {}),
    ...(call.cmdId !== undefined ? { cmd_id: call.cmdId } : {}),
    ...(call.dryRun ? { dry_run: true } : {}),
    ...(call.wait ? { wait: true } : {}),
  };
  const r = await fetch(`${call.url.replace(/\/+$/, '')}/console/${encodeURIComponent(call.command)}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(call.timeoutMs ?? 30_000),
  });
  const text = await r.text();
  let response: ConsoleResponse;
  try {
    response = JSON.parse(text) as ConsoleResponse;
  } catch {
    response = { ok: false, code: r.status >= 500 ? 'internal' : 'usage', result: { error: text.slice(0, 300) }, tick: 0, state_version: 0 };
  }
  return { status: r.status, response };
}
