import type { Caller } from './command.js';

/**
 * A queued mutation the front-desk thread accepted (answered 202) without the tick thread: posted to the tick
 * thread, which takes it (idempotency record, audit line, queue) before anything else it does with the console.
 */
export interface Acceptance {
  command: string;
  args: unknown;
  caller: Caller;
  cmd_id: string | undefined;
  args_digest: string;
  payload_digest: string;
  /** The tick whose drain point applies it (as answered). */
  apply_tick: number;
  /** The `tick` of the answer (the last whole tick then). */
  response_tick: number;
}
