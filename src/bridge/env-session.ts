import { performance } from 'node:perf_hooks';
import type { LoadedConfig } from '../config/load-config.js';
import { InputError, inputError } from '../core/errors.js';
import { type EnvStep, TownEnv } from '../env/town-env.js';
import { checkActions } from './action-check.js';
import { type ErrorKind, type ErrorReply, PROTOCOL_VERSION, type Request, type StepReply } from './protocol.js';
import { SharedFile, type SlotArray } from './shared-file.js';
import { type BridgeLayout, bridgeLayout, envBuffers, type LayoutEntry } from './shm-layout.js';
import { hashArrays } from './step-hash.js';

/** The report options of reset and step. */
type ReportRequest = { hash?: boolean; names?: boolean; timing?: boolean };

/** A request the session refuses because of the env's state (not attached, not reset, episode over). */
export class SessionStateError extends Error {
  override readonly name = 'SessionStateError';
}

/** What `EnvSession.handle` returns: a reply object, and whether the server should stop after sending it. */
export interface Handled {
  reply: object;
  stop: boolean;
}

/**
 * One env server's state (docs/BRIDGE.md): the TownEnv, the shared file once attached, and the dispatch of
 * control messages. Socket and process concerns live in env-server.ts, so this part is plain and testable.
 */
export class EnvSession {
  readonly env: TownEnv;
  #file: SharedFile | undefined;
  #layout: BridgeLayout | undefined;
  /** The entries the server writes (all but `actions`), in layout order. */
  #outputs: LayoutEntry[] = [];
  #actionsEntry: LayoutEntry | undefined;
  readonly #actions: Int32Array;
  /** Per row: the agent id last reported in `spawned` (names mode). */
  readonly #reported: Int32Array;
  #last: EnvStep | undefined;

  constructor(loaded: LoadedConfig) {
    this.env = new TownEnv(loaded);
    this.#actions = new Int32Array(this.env.capacity);
    this.#reported = new Int32Array(this.env.capacity);
  }

  /** Handles one validated request. Errors are turned into error replies by `errorReply`. */
  async handle(req: Request): Promise<Handled> {
    const id = req.id === undefined ? {} : { id: req.id };
    switch (req.op) {
      case 'spec':
        return { reply: { ...id, ok: true, ...this.#spec() }, stop: false };
      case 'attach':
        return { reply: { ...id, ok: true, layout: this.#attach(req.path, req.slot, req.slots) }, stop: false };
      case 'reset': {
        this.#requireAttached();
        const t0 = performance.now();
        const step = this.env.reset(req.seed ?? this.env.config.seed);
        this.#reported.fill(0);
        return { reply: this.#publish(step, req, id, t0), stop: false };
      }
      case 'step': {
        this.#requireAttached();
        if (!this.#last) throw new SessionStateError('step before the first reset: send reset first');
        if (this.#last.done) throw new SessionStateError('the episode is over: send reset');
        this.#file!.read(this.#actionsEntry!, this.#actions);
        checkActions(this.#actions, this.env.nActions);
        const t0 = performance.now();
        const step = await this.env.stepAsync(this.#actions);
        return { reply: this.#publish(step, req, id, t0), stop: false };
      }
      case 'kpis':
        // The run's KPIs so far (docs/KPIS.md): evaluators read faints and the charter KPIs at an episode's end.
        return { reply: { ...id, ok: true, kpis: this.env.shard.kpis() }, stop: false };
      case 'close':
        return { reply: { ...id, ok: true }, stop: true };
    }
  }

  /** Releases the env and the shared file. */
  async close(): Promise<void> {
    this.#file?.close();
    this.#file = undefined;
    await this.env.close();
  }

  #spec(): Record<string, unknown> {
    const e = this.env;
    return {
      protocol: PROTOCOL_VERSION,
      config_id: e.config.config_id,
      seed: e.config.seed,
      capacity: e.capacity,
      obs_dim: e.obsDim,
      n_actions: e.nActions,
      action_names: e.actionNames,
      episode_ticks: e.config.env.episode_ticks,
      observation_spec: e.spec,
      buffers: envBuffers(e.spec, e.nActions),
    };
  }

  #attach(path: string, slot: number, slots: number): BridgeLayout {
    if (this.#file) throw new SessionStateError(`already attached to ${this.#file.path}`);
    if (slot >= slots) inputError('attach.slot', `an integer below slots (${slots})`, String(slot));
    const layout = bridgeLayout(envBuffers(this.env.spec, this.env.nActions), this.env.capacity, slots);
    this.#file = new SharedFile(path, layout, slot);
    this.#layout = layout;
    const byName = new Map(layout.buffers.map((b) => [b.name, b]));
    this.#actionsEntry = byName.get('actions')!;
    this.#outputs = layout.buffers.filter((b) => b.name !== 'actions');
    return layout;
  }

  #requireAttached(): void {
    if (!this.#layout) throw new SessionStateError('not attached: send attach with the shared file first');
  }

  /** Writes the step's arrays into the shared file and builds the reply. */
  #publish(step: EnvStep, req: ReportRequest, id: { id?: number }, started: number): StepReply {
    this.#last = step;
    const t1 = performance.now();
    const arrays = this.#stepArrays(step);
    for (let i = 0; i < this.#outputs.length; i++) this.#file!.write(this.#outputs[i]!, arrays[i]!);
    const reply: StepReply = { ...id, ok: true, tick: step.episodeTick, done: step.done };
    if (req.timing) reply.timing = { env_ms: t1 - started, write_ms: performance.now() - t1 };
    if (req.hash) reply.hash = { world: this.env.shard.hash(), tensors: hashArrays(arrays) };
    if (req.names) reply.spawned = this.#spawned(step);
    return reply;
  }

  /** The env's arrays in the layout's order of output entries. */
  #stepArrays(step: EnvStep): SlotArray[] {
    const byName: Record<string, SlotArray | undefined> = {
      observations: step.observations,
      obs_map: step.obsMap,
      obs_features: step.obsFeatures,
      action_mask: step.masks,
      rewards: step.rewards,
      terminations: step.terminations,
      truncations: step.truncations,
      alive: step.alive,
      agent_id: step.agentIds,
    };
    return this.#outputs.map((entry) => byName[entry.name]!);
  }

  /** [row, agent id] of each live slot whose agent has not been reported yet. */
  #spawned(step: EnvStep): [number, string][] {
    const out: [number, string][] = [];
    const ids = this.env.shard.state.agentIds;
    for (let row = 0; row < this.env.capacity; row++) {
      if (step.alive[row] !== 1 || step.agentIds[row] === this.#reported[row]) continue;
      this.#reported[row] = step.agentIds[row]!;
      out.push([row, ids.get(row + 1)]);
    }
    return out;
  }
}

/** The error reply for `err`: its kind and its message (a stack only for internal errors, when debugging). */
export function errorReply(err: unknown, id: number | undefined): ErrorReply {
  const kind: ErrorKind =
    err instanceof InputError ? 'input' : err instanceof SessionStateError ? 'state' : 'internal';
  const e = err as Error;
  const message = kind === 'internal' && process.env['TOWNLET_DEBUG'] ? String(e.stack) : String(e.message);
  return { ...(id === undefined ? {} : { id }), ok: false, error: { kind, message } };
}
