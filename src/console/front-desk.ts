import type { Acceptance } from './acceptance.js';
import type { ConsoleResponse } from './codes.js';
import type { FrontShared } from './front-shared.js';
import { type CheckedRequest, checkRequest } from './request-check.js';
import type { ShardFacts } from './shard-facts.js';
import type { TokenRing } from './tokens.js';

/** What the front desk does with a console request: answer it (202), try again on a later turn, or forward it. */
export type DeskAnswer = { kind: 'accepted'; response: ConsoleResponse } | { kind: 'busy' } | { kind: 'forward' };

/** A request that passed every check that needs no shared state (made once, committed until the lock is free). */
export type Prepared = Omit<Acceptance, 'apply_tick' | 'response_tick'>;

const FORWARD: DeskAnswer = { kind: 'forward' };
const BUSY: DeskAnswer = { kind: 'busy' };

/**
 * The console's acceptance on the front-desk thread (docs/CONSOLE.md, "Acceptance"): a queued mutation that would
 * be accepted for certain (a valid token of a role that may run it, a valid envelope and args, no dry run, no wait,
 * a cmd_id for a destructive command, validation against the shard's facts, a running shard, a cmd_id nobody has
 * claimed) is answered 202 here and posted to the tick thread, which records and applies it. Everything else is
 * forwarded, so the tick thread's console answers it exactly as before (refusals included).
 */
export class FrontDesk {
  readonly #shared: FrontShared;
  readonly #tokens: TokenRing | undefined;
  /** The shard's facts, once the tick thread has built or restored it (nothing is accepted before). */
  facts: ShardFacts | undefined;

  constructor(shared: FrontShared, tokens: TokenRing | undefined) {
    this.#shared = shared;
    this.#tokens = tokens;
  }

  /**
   * Every check that needs no shared state: undefined when the request must go to the tick thread. `body` is the
   * parsed JSON body (undefined: none). Never throws.
   */
  prepare(name: string, token: string | undefined, body: unknown): Prepared | undefined {
    const facts = this.facts;
    if (!this.#tokens || !facts) return undefined;
    let r: CheckedRequest;
    try {
      // The tick thread's console runs the same checks: whatever one of them refuses, it refuses in its own words.
      r = checkRequest(name, this.#tokens.authenticate(token), body, false);
      if (r.command.mode !== 'queued' || r.dryRun || r.wait) return undefined;
      r.command.validate?.(facts, r.args as never);
    } catch {
      return undefined;
    }
    return {
      command: r.command.name,
      args: r.args,
      caller: r.caller,
      cmd_id: r.cmdId,
      args_digest: r.argsDigest,
      payload_digest: r.payloadDigest,
    };
  }

  /**
   * Runs the checks and digests of a fast-path request `rounds` times on made-up bodies, with no effect: the thread's
   * code is compiled and its heap has grown to its working size (the first collections ran) before the first real
   * request, so those do not pause it.
   */
  warm(rounds: number): void {
    const caller = { role: 'admin' as const, label: 'warm-up' };
    for (let i = 0; i < rounds; i++) {
      const body = JSON.parse(`{"args":{"key":"meal_cost","value":${i % 7}},"cmd_id":"warm-${i}"}`) as unknown;
      checkRequest('set_price', caller, body, false);
    }
  }

  /** Accepts a prepared request if the lock is free (else busy), the shard runs and its cmd_id is free. */
  commit(prepared: Prepared): DeskAnswer {
    const shared = this.#shared;
    if (!shared.tryLock()) return BUSY;
    try {
      if (!shared.running) return FORWARD;
      const cmdId = prepared.cmd_id;
      if (cmdId !== undefined && (shared.overflowed || shared.claimed(cmdId))) return FORWARD;
      const acceptance: Acceptance = { ...prepared, apply_tick: shared.applyTick, response_tick: shared.lastTick };
      // Posted first: with no room in the mailbox nothing was claimed or promised, and the tick thread answers.
      if (!shared.post(acceptance)) return FORWARD;
      // A claim that finds no room sets the overflow flag: from then on every keyed request goes to the tick thread,
      // which has this one in its store by the time it answers any (it takes the mailbox first).
      if (cmdId !== undefined) shared.claim(cmdId);
      const response: ConsoleResponse = {
        ok: true,
        code: 'ok',
        result: { accepted: true, apply_tick: acceptance.apply_tick },
        tick: acceptance.response_tick,
        state_version: shared.stateVersion,
      };
      return { kind: 'accepted', response };
    } finally {
      shared.unlock();
    }
  }
}
