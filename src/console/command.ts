import type { z } from 'zod';
import type { Shard } from '../core/shard.js';
import type { ConsoleHost } from './host.js';

/** Who may run a command: viewers read; admins also steer. */
export type Role = 'viewer' | 'admin';

/** The caller a command runs for (from its bearer token). */
export interface Caller {
  role: Role;
  label: string;
}

/**
 * When a command runs. `read`: at once, at a tick boundary. `queued`: checked at a boundary, then applied at the
 * start of the next tick (the console-drain point), or at once while the shard is paused. `control`: run-state
 * commands (pause, resume, snapshot_save) that the host carries out itself.
 */
export type CommandMode = 'read' | 'queued' | 'control';

/** What a handler sees. */
export interface CommandContext {
  shard: Shard;
  host: ConsoleHost;
  caller: Caller;
  /** The audit chain's head hash and the state version, for audit_head and whoami. */
  auditHead: () => string;
  stateVersion: () => number;
}

/**
 * One console command: the zod schema of its args, its role, whether it is destructive (it then needs a cmd_id),
 * when it runs, an optional read-only check against the world (bad input is refused before anything is queued)
 * and the handler.
 */
export interface ConsoleCommand<A = unknown> {
  readonly name: string;
  readonly summary: string;
  readonly role: Role;
  readonly destructive: boolean;
  readonly mode: CommandMode;
  readonly args: z.ZodType<A>;
  /** Throws ConsoleRefusal (or InputError) for args the world cannot take; changes nothing. */
  readonly check?: (ctx: CommandContext, args: A) => void;
  readonly run: (ctx: CommandContext, args: A) => unknown;
}

/** Declares a command (keeps the args type between the schema and the handler). */
export function command<A>(c: ConsoleCommand<A>): ConsoleCommand<A> {
  return c;
}
