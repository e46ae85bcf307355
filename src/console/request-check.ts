import { z } from 'zod';
import { digestOf } from './canonical.js';
import { refuse } from './codes.js';
import type { Caller, ConsoleCommand } from './command.js';
import { CONSOLE_COMMANDS } from './registry.js';

/** A console request's body on every transport: {args?, cmd_id?, dry_run?, wait?}; anything else is `usage`. */
const envelope = z.strictObject({
  args: z.unknown().optional(),
  cmd_id: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/).optional(),
  dry_run: z.boolean().optional(),
  wait: z.boolean().optional(),
});

/** A request that passed every check that needs neither the shard nor the console's state. */
export interface CheckedRequest {
  command: ConsoleCommand<never>;
  caller: Caller;
  args: unknown;
  cmdId: string | undefined;
  dryRun: boolean;
  wait: boolean;
  argsDigest: string;
  payloadDigest: string;
}

/** What a check learnt before it refused (the audit line records it). */
export interface CheckProgress {
  cmdId?: string;
  argsDigest?: string;
}

/**
 * The checks of a console request, in order, for the tick thread's console and the front-desk thread alike:
 * caller, command, role, envelope, a cmd_id for a destructive command, args. Throws ConsoleRefusal; `progress`
 * receives the cmd_id and the args digest as soon as they are known. `closed`: the shard has no token file.
 */
export function checkRequest(
  name: string,
  caller: Caller | undefined,
  body: unknown,
  closed: boolean,
  progress: CheckProgress = {},
): CheckedRequest {
  if (!caller) {
    refuse('unauthorized', closed ? 'this shard was served without --token-file: the console is closed' : 'a valid bearer token is required (Authorization: Bearer T)');
  }
  const command = CONSOLE_COMMANDS.get(name);
  if (!command) refuse('unsupported', `unknown command "${name.slice(0, 64)}" (known: ${[...CONSOLE_COMMANDS.keys()].join(', ')})`);
  if (command.role === 'admin' && caller.role !== 'admin') refuse('forbidden', `${command.name} needs the admin role; the token "${caller.label}" is a viewer`);
  const env = envelope.safeParse(body === undefined ? {} : body);
  if (!env.success) refuse('usage', `body: expected {args?, cmd_id? (1-128 of A-Z a-z 0-9 _ . : -), dry_run? (boolean), wait? (boolean)}, found ${issueText(env.error)}`);
  const cmdId = env.data.cmd_id;
  progress.cmdId = cmdId;
  const dryRun = env.data.dry_run === true;
  if (command.destructive && cmdId === undefined && !dryRun) refuse('usage', `${command.name} is destructive: send a cmd_id so a retry never acts twice`);
  const args = command.args.safeParse(env.data.args === undefined ? {} : env.data.args);
  if (!args.success) refuse('invalid_args', `args: ${issueText(args.error)}`);
  const argsDigest = digestOf(args.data);
  progress.argsDigest = argsDigest;
  return {
    command,
    caller,
    args: args.data,
    cmdId,
    dryRun,
    wait: env.data.wait === true,
    argsDigest,
    payloadDigest: digestOf({ command: command.name, args: args.data }),
  };
}

function issueText(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'an invalid value';
  const path = first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  return `${path}${first.message}`.slice(0, 300);
}
