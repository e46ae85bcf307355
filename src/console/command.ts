import type { z } from 'zod';
import type { Shard } from '../core/shard.js';
import type { ConsoleHost } from './host.js';
import type { ShardFacts } from './shard-facts.js';

/** Who may run a command: viewers read; admins also steer. */
export type Role = 'viewer' | 'admin';

/** The caller a command runs for (from its bearer token). */
export interface Caller {
  role: Role;
  label: string;
}

/**
 * When a command runs. `read`: at once, at a tick boundary. `queued`: validated at once, then checked and applied
 * at the console-drain point of the next tick (phase 2, inside it), or checked and applied at once while the shard
 * is paused. `control`: run-state commands (pause, resume, snapshot_save) that the host carries out itself.
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
 * when it runs, an optional validation against what never changes while the shard runs (the config, the map: it
 * runs at once, mid-tick too, before anything is queued), an optional read-only check against the world (at a tick
 * boundary, or at the drain point right before the command applies) and the handler.
 */
export interface ConsoleCommand<A = unknown> {
  readonly name: string;
  readonly summary: string;
  readonly role: Role;
  readonly destructive: boolean;
  readonly mode: CommandMode;
  readonly args: z.ZodType<A>;
  /**
   * Throws ConsoleRefusal (or InputError) for args the config or the map cannot take. It sees only the shard's
   * facts that never change while it runs (ShardFacts), never the shard: it runs at once, mid-tick too, on the tick
   * thread or on the front-desk thread (docs/CONSOLE.md); changes nothing.
   */
  readonly validate?: (facts: ShardFacts, args: A) => void;
  /** Throws ConsoleRefusal (or InputError) for args the world cannot take now; changes nothing. */
  readonly check?: (ctx: CommandContext, args: A) => void;
  readonly run: (ctx: CommandContext, args: A) => unknown;
}

/** Declares a command (keeps the args type between the schema and the handler). */
export function command<A>(c: ConsoleCommand<A>): ConsoleCommand<A> {
  return c;
}
