import { z } from 'zod';
import { InputError, ShardBusyError } from '../core/errors.js';
import type { Shard } from '../core/shard.js';
import type { AttachedState } from '../serve/served-shard.js';
import type { ShardRunner } from '../serve/shard-runner.js';
import type { AuditLog } from './audit-log.js';
import { digestOf } from './canonical.js';
import { type ConsoleCode, ConsoleRefusal, type ConsoleResponse, httpStatus, refuse } from './codes.js';
import type { Caller, CommandContext, ConsoleCommand } from './command.js';
import type { FrontLink } from './front-link.js';
import type { ConsoleHost } from './host.js';
import { IdempotencyStore } from './idempotency.js';
import { shardFacts } from './shard-facts.js';
import { CONSOLE_COMMANDS } from './registry.js';
import { type CheckProgress, checkRequest } from './request-check.js';
import type { TokenRing } from './tokens.js';

/** A console request as any transport hands it over. */
export interface ConsoleRequest {
  command: string;
  /** The bearer token (undefined: none sent). */
  token: string | undefined;
  /** The request body: {args, cmd_id, dry_run}; anything else is `usage`. */
  body: unknown;
}

/** A mutation waiting for the next tick's console-drain point. */
interface Queued {
  command: ConsoleCommand<never>;
  args: unknown;
  caller: Caller;
  cmdId: string | undefined;
  /** A caller waiting for the outcome (`wait: true`); not kept in snapshots. */
  settled?: (response: ConsoleResponse) => void;
}

/** The serialized console state a snapshot carries in its extra section. */
const savedState = z.object({
  state_version: z.number().int(),
  audit: z.unknown(),
  idempotency: z.unknown(),
  queued: z.array(z.object({ command: z.string(), args: z.unknown(), caller: z.object({ role: z.enum(['viewer', 'admin']), label: z.string() }), cmd_id: z.string().optional() })),
});

/**
 * The console: authenticates a request, finds its command in the registry, checks role, envelope and args, keeps
 * the idempotency promise, runs or queues it and writes the audit line. Mutations queue and apply at the start of
 * the next tick (`drain`, called by the runner before each tick), or at once while the shard is paused; reads answer
 * at a tick boundary. Bad input is refused before anything changes.
 */
export class Console {
  readonly #host: ConsoleHost;
  readonly #tokens: TokenRing | undefined;
  readonly #audit: AuditLog;
  readonly #store = new IdempotencyStore();
  readonly #queue: Queued[] = [];
  #stateVersion = 0;
  /** The front-desk thread's link, when it accepts queued mutations itself (serve's front thread). */
  #front: FrontLink | undefined;
  #sealed = false;

  constructor(host: ConsoleHost, tokens: TokenRing | undefined, audit: AuditLog) {
    this.#host = host;
    this.#tokens = tokens;
    this.#audit = audit;
  }

  /** What the served shard keeps of the console: its state in every snapshot, the audit head in /health. */
  attachedState(): AttachedState {
    return { extra: () => ({ console: this.exportState() }), auditHead: () => this.auditHead, seal: () => this.seal() };
  }

  /** The audit chain's head (after the front's acceptances so far: each answered 202 has its line). */
  get auditHead(): string {
    this.#ingest();
    return this.#audit.head;
  }

  /**
   * Ends recording at a drain's last snapshot: the audit chain and the cmd_ids a resume continues from are the
   * snapshot's, so a request after it is refused (in_progress, "draining") without an audit line (a line written now
   * would fork the chain the resumed shard goes on with).
   */
  seal(): void {
    this.#sealed = true;
    this.#audit.seal();
  }

  /**
   * Lets the front-desk thread accept queued mutations (docs/CONSOLE.md, "Acceptance"): from now on the console
   * takes the front's acceptances before anything else it does, and every cmd_id it records holds a claim in the
   * shared table (so the front forwards a repeat here instead of accepting it twice).
   */
  linkFront(link: FrontLink): void {
    this.#front = link;
    link.shared.locked(() => {
      for (const id of this.#store.keys()) link.shared.claim(id);
      link.shared.stateVersion = this.#stateVersion;
    });
    this.#store.onForget = (id) => link.shared.locked(() => link.shared.release(id));
  }

  get stateVersion(): number {
    return this.#stateVersion;
  }

  /** The caller of a bearer token (undefined: none, unknown or revoked; always undefined without a token file). */
  authenticate(token: string | undefined): Caller | undefined {
    return this.#tokens?.authenticate(token);
  }

  /** Handles one request; never throws. The HTTP status is `httpStatus(response)`. */
  async handle(request: ConsoleRequest): Promise<ConsoleResponse> {
    if (this.#sealed) {
      return { ok: false, code: 'in_progress', result: { error: 'the shard is draining: its last snapshot is written' }, tick: this.#lastTickNow(), state_version: this.#stateVersion };
    }
    // The front's acceptances came first: they are audited and queued before this request.
    this.#ingest();
    const caller = this.authenticate(request.token);
    const progress: CheckProgress = {};
    const finish = (response: ConsoleResponse) => {
      this.#audit.append({
        cmd_id: progress.cmdId ?? null,
        label: caller?.label ?? null,
        role: caller?.role ?? null,
        command: request.command.slice(0, 64),
        args_digest: progress.argsDigest ?? digestOf(null),
        code: response.code,
        status: httpStatus(response),
        tick: response.tick,
      });
      return response;
    };
    try {
      const r = checkRequest(request.command, caller, request.body, !this.#tokens, progress);
      const options = { cmdId: r.cmdId, dryRun: r.dryRun, wait: r.wait };
      return finish(await this.#dispatch(r.command, r.args, r.caller, options, r.payloadDigest));
    } catch (err) {
      return finish(this.#failure(err));
    }
  }

  async #dispatch(
    command: ConsoleCommand<never>,
    args: unknown,
    caller: Caller,
    options: { cmdId: string | undefined; dryRun: boolean; wait: boolean },
    payloadDigest: string,
  ): Promise<ConsoleResponse> {
    const { cmdId, dryRun } = options;
    const runner = this.#runner();
    const keyed = cmdId !== undefined && !dryRun;
    if (keyed) {
      // Claimed in the same locked step that takes the front's acceptances: the front cannot accept this cmd_id
      // between the look-up below and the record (a claim the store then does not keep is given back).
      this.#ingest(cmdId);
      const seen = this.#store.get(cmdId!);
      if (seen) {
        this.#unclaim(cmdId!);
        if (seen.digest !== payloadDigest) refuse('conflict', `cmd_id "${cmdId}" was used with another payload`);
        if (!seen.response) refuse('in_progress', `cmd_id "${cmdId}" is queued for the next tick`);
        return seen.response;
      }
    }
    const ctx = this.#context(runner.shard, caller);
    // Recorded before the first await, so a repeat arriving meanwhile is in_progress, not a second run.
    if (keyed) this.#store.begin(cmdId!, payloadDigest, runner.shard.tick, Date.now());
    try {
      command.validate?.(shardFacts(runner.shard.state), args as never);
      // A mutation queued on a running shard is checked against the world where it applies (the drain point);
      // everything else is checked at a tick boundary now.
      const checkNow = dryRun || command.mode !== 'queued' || runner.status !== 'running';
      if (command.check && checkNow) await runner.atBoundary(() => command.check!(ctx, args as never));
    } catch (err) {
      // Refused before it began: the cmd_id stays free for a corrected request.
      if (keyed) this.#store.drop(cmdId!);
      throw err;
    }
    if (dryRun) {
      return this.#ok(runner.shard, { dry_run: true, valid: true, ...(command.mode === 'queued' ? { apply_tick: runner.shard.tick + 1 } : {}) });
    }
    try {
      const response = await this.#execute(runner, command, args, caller, options);
      if (cmdId !== undefined && !isAccepted(response)) this.#store.settle(cmdId, response);
      return response;
    } catch (err) {
      const response = this.#failure(err);
      if (cmdId !== undefined) this.#store.settle(cmdId, response);
      return response;
    }
  }

  async #execute(
    runner: ShardRunner,
    command: ConsoleCommand<never>,
    args: unknown,
    caller: Caller,
    options: { cmdId: string | undefined; wait: boolean },
  ): Promise<ConsoleResponse> {
    const { cmdId } = options;
    const ctx = this.#context(runner.shard, caller);
    if (command.mode === 'read') return this.#ok(runner.shard, await runner.atBoundary(() => command.run(ctx, args as never)));
    if (command.mode === 'control') {
      const result = await command.run(ctx, args as never);
      if (command.name === 'pause' || command.name === 'resume') {
        this.#bump();
        // Mutations queued before the pause apply now: a paused shard applies at once.
        if (command.name === 'pause') await runner.atBoundary(() => this.drain());
      }
      return this.#ok(runner.shard, result);
    }
    if (runner.status === 'faulted' || runner.status === 'finished' || runner.status === 'stopped') {
      refuse('conflict', `the shard has ${runner.status}: no mutation applies`);
    }
    if (runner.status === 'paused') {
      const result = await runner.atBoundary(() => command.run(ctx, args as never));
      this.#bump();
      return this.#ok(runner.shard, { applied_tick: runner.shard.tick, ...(result as object) });
    }
    // No yield happens before a tick's drain point, so the next drain is always that of tick shard.tick + 1.
    const applyTick = runner.shard.tick + 1;
    if (options.wait) return new Promise((settled) => this.#queue.push({ command, args, caller, cmdId, settled }));
    this.#queue.push({ command, args, caller, cmdId });
    return this.#ok(runner.shard, { accepted: true, apply_tick: applyTick });
  }

  /**
   * Checks and applies every queued mutation, in arrival order: inside a tick at its console-drain point (phase 2:
   * the mutations' events are that tick's), or at a boundary when a pause applies what was queued. A command whose
   * check fails is refused here, changes nothing, and its cmd_id keeps the refusal.
   */
  drain(): void {
    const runner = this.#host.runner();
    if (!runner) return;
    const shard = runner.shard;
    // What the front accepted so far applies here; what it accepts from now on applies at the next drain point.
    this.#ingest(undefined, () => shard.tick + 1);
    if (this.#queue.length === 0) return;
    for (const q of this.#queue.splice(0)) {
      let response: ConsoleResponse;
      try {
        const ctx = this.#context(shard, q.caller);
        q.command.check?.(ctx, q.args as never);
        const result = q.command.run(ctx, q.args as never);
        this.#bump();
        // Inside a tick the clock already reads the tick in flight; at a boundary, the last tick (as when paused).
        response = this.#ok(shard, { applied_tick: shard.tick, ...(result as object) });
      } catch (err) {
        response = this.#failure(err);
      }
      if (q.cmdId !== undefined) this.#store.settle(q.cmdId, response);
      q.settled?.(response);
    }
    this.#store.prune(shard.tick, Date.now());
  }

  /** The console's state for a snapshot's extra section (queued mutations included: they apply after a resume). */
  exportState(): Record<string, unknown> {
    // Every acceptance answered so far is in the queue (or applied) of the state saved.
    this.#ingest();
    return {
      state_version: this.#stateVersion,
      audit: this.#audit.exportState(),
      idempotency: this.#store.exportState(),
      queued: this.#queue.map((q) => ({
        command: q.command.name,
        args: q.args,
        caller: q.caller,
        ...(q.cmdId !== undefined ? { cmd_id: q.cmdId } : {}),
      })),
    };
  }

  /** Takes the console state of a resumed snapshot (a load bumps the state version); InputError when malformed. */
  importState(saved: unknown, where: string): void {
    const parsed = savedState.safeParse(saved);
    const bad = (expected: string) => {
      throw new InputError([{ where: `${where}: extra.console`, expected, found: 'something else' }]);
    };
    if (!parsed.success) return bad('{state_version, audit, idempotency, queued}');
    const auditError = this.#audit.importState(parsed.data.audit);
    if (auditError) return bad(auditError);
    const storeError = this.#store.importState(parsed.data.idempotency);
    if (storeError) return bad(storeError);
    for (const q of parsed.data.queued) {
      const command = CONSOLE_COMMANDS.get(q.command);
      if (!command) return bad(`queued commands of this build (not ${q.command})`);
      this.#queue.push({ command, args: q.args, caller: q.caller, cmdId: q.cmd_id });
      const digest = digestOf({ command: q.command, args: q.args });
      if (q.cmd_id !== undefined) this.#store.begin(q.cmd_id, digest, 0, Date.now());
    }
    this.#stateVersion = parsed.data.state_version + 1;
    const front = this.#front;
    if (front) {
      // The import forgot the old cmd_ids (their claims went with them): each kept one holds one claim again.
      front.shared.locked(() => {
        for (const id of this.#store.keys()) front.shared.claim(id);
        front.shared.stateVersion = this.#stateVersion;
      });
    }
  }

  /**
   * Takes the front's acceptances (idempotency record, audit line, queue, in the order the front answered them).
   * Under the same lock: a claim on `claimId`, and the apply tick the front answers from now on.
   */
  #ingest(claimId?: string, applyTick?: () => number): void {
    const front = this.#front;
    if (!front) return;
    const batch = front.take((shared) => {
      if (claimId !== undefined) shared.claim(claimId);
      if (applyTick) shared.applyTick = applyTick();
    });
    if (batch.length === 0) return;
    const tick = this.#host.runner()?.shard.tick ?? 0;
    const now = Date.now();
    for (const a of batch) {
      // The front's claim on the cmd_id becomes the store's.
      if (a.cmd_id !== undefined) this.#store.begin(a.cmd_id, a.payload_digest, tick, now);
      this.#queue.push({ command: CONSOLE_COMMANDS.get(a.command)!, args: a.args, caller: a.caller, cmdId: a.cmd_id });
    }
    this.#audit.appendAll(batch.map((a) => ({
      cmd_id: a.cmd_id ?? null,
      label: a.caller.label,
      role: a.caller.role,
      command: a.command,
      args_digest: a.args_digest,
      code: 'ok',
      status: 202,
      tick: a.response_tick,
    })));
  }

  /** Gives back a claim the store does not keep. */
  #unclaim(cmdId: string): void {
    const front = this.#front;
    if (front) front.shared.locked(() => front.shared.release(cmdId));
  }

  #bump(): void {
    this.#stateVersion++;
    if (this.#front) this.#front.shared.stateVersion = this.#stateVersion;
  }

  #runner(): ShardRunner {
    const runner = this.#host.runner();
    if (!runner) refuse('in_progress', 'the shard is loading');
    return runner;
  }

  #context(shard: Shard, caller: Caller): CommandContext {
    const auditHead = () => this.#audit.head;
    return { shard, host: this.#host, caller, auditHead, stateVersion: () => this.#stateVersion };
  }

  #ok(shard: Shard, result: unknown): ConsoleResponse {
    return { ok: true, code: 'ok', result, tick: this.#lastTick(shard), state_version: this.#stateVersion };
  }

  /** The last whole tick (mid-tick, the shard's clock already reads the tick in flight). */
  #lastTick(shard: Shard): number {
    return this.#host.runner()?.lastTick ?? shard.tick;
  }

  #failure(err: unknown): ConsoleResponse {
    let code: ConsoleCode = 'internal';
    let message = err instanceof Error ? err.message : String(err);
    if (err instanceof ConsoleRefusal) code = err.code;
    else if (err instanceof InputError) code = 'invalid_args';
    else if (err instanceof ShardBusyError) code = 'in_progress';
    else message = `internal error: ${message}`;
    const tick = this.#lastTickNow();
    return { ok: false, code, result: { error: message }, tick, state_version: this.#stateVersion };
  }

  #lastTickNow(): number {
    return this.#host.runner()?.lastTick ?? 0;
  }
}

function isAccepted(r: ConsoleResponse): boolean {
  return httpStatus(r) === 202;
}
