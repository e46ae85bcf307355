import { callConsole } from '../console/client.js';
import { inputError } from '../core/errors.js';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, ExitWith } from './exit-codes.js';

/** Options of `townlet console`. */
export interface ConsoleCommandOptions {
  url: string;
  token?: string;
  args?: string;
  cmdId?: string;
  dryRun?: boolean;
  wait?: boolean;
  json?: boolean;
}

/**
 * `townlet console <command>`: sends one command to a served shard's console and prints the answer (the whole
 * response with --json). Exits 0 when it was applied or accepted, 2 when it was refused or the input is bad, 1 for
 * an internal error or a shard that cannot be reached. The token comes from --token or TOWNLET_TOKEN.
 */
export async function consoleCommand(command: string, o: ConsoleCommandOptions): Promise<never> {
  let args: unknown;
  if (o.args !== undefined) {
    try {
      args = JSON.parse(o.args);
    } catch {
      inputError('--args', 'a JSON object', o.args.slice(0, 80));
    }
  }
  let url: URL;
  try {
    url = new URL(o.url);
  } catch {
    inputError('--url', 'the URL of a served shard (http://127.0.0.1:8787)', o.url);
  }
  const token = o.token ?? process.env['TOWNLET_TOKEN'];
  let answer;
  try {
    const extra = {
      ...(o.cmdId ? { cmdId: o.cmdId } : {}),
      ...(o.dryRun ? { dryRun: true } : {}),
      ...(o.wait ? { wait: true } : {}),
    };
    answer = await callConsole({ url: url.href, token, command, args, ...extra });
  } catch (err) {
    process.stderr.write(`error: cannot reach ${url.href}: ${(err as Error).message}\n`);
    throw new ExitWith(EXIT_INTERNAL);
  }
  const { status, response } = answer;
  if (o.json) process.stdout.write(`${JSON.stringify(response)}\n`);
  else if (response.ok) {
    process.stdout.write(`${response.code} (${status}) tick ${response.tick} state_version ${response.state_version}\n`);
    process.stdout.write(`${JSON.stringify(response.result, null, 2)}\n`);
  } else {
    const error = (response.result as { error?: string } | null)?.error ?? '';
    process.stderr.write(`error: ${response.code} (${status}): ${error}\n`);
  }
  throw new ExitWith(response.ok ? EXIT_OK : status >= 500 ? EXIT_INTERNAL : EXIT_BAD_INPUT);
}
