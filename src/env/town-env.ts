import { resolve } from 'node:path';
import { actionNames } from '../actions/action-space.js';
import { type LoadedConfig, parseConfig } from '../config/load-config.js';
import type { TownConfig, TownConfigInput } from '../config/schema.js';
import { inputError } from '../core/errors.js';
import { EventKind } from '../core/event-kinds.js';
import { createShard, type Shard } from '../core/shard.js';
import type { ObservationSpec } from '../tensors/observation-spec.js';
import type { TensorBuffers } from '../tensors/tensor-buffers.js';
import { observeNow } from '../tensors/tensor-phase.js';
import { TensorPool } from '../workers/tensor-pool.js';

/**
 * What reset and step return: views over the env's tensor buffers, one row per agent slot (row = slot − 1).
 * The same arrays every call, for the env's whole life (resets reuse them): read them, never keep copies.
 */
export interface EnvStep {
  /** [capacity × obsDim] (docs/TENSORS.md); absent with uint8 maps (observations.map_dtype). */
  readonly observations?: Float32Array;
  /** uint8 maps only: [capacity × mapSize], the map channels (channel, row, column). */
  readonly obsMap?: Uint8Array;
  /** uint8 maps only: [capacity × (obsDim − mapSize)], the feature vector. */
  readonly obsFeatures?: Float32Array;
  /** [capacity]: this step's reward. */
  readonly rewards: Float32Array;
  /** [capacity]: 1 when the slot's agent ended its life in this step (its id is still in agentIds). */
  readonly terminations: Uint8Array;
  /** [capacity]: 1 for every live agent when the episode ends. */
  readonly truncations: Uint8Array;
  /** [capacity × nActions]: 1 where the action would apply in the next step. */
  readonly masks: Uint8Array;
  /** [capacity]: 1 while an agent occupies the slot. */
  readonly alive: Uint8Array;
  /** [capacity]: the id of the slot's agent (from 1; a new life gets a new id, a dead id never returns; 0 = none). */
  readonly agentIds: Int32Array;
  /** Ticks simulated since reset. */
  readonly episodeTick: number;
  /** True once the episode has ended (step then throws until reset). */
  readonly done: boolean;
}

/**
 * The batched env (docs/ENV.md): `reset(seed)` rebuilds the shard from the config and seed; `step(actions)`
 * writes one action per slot and advances one tick. Observations, rewards, masks and flags come back as
 * zero-copy views. Episodes last `env.episode_ticks`; at the end every live agent is truncated. Same config and
 * seed, same trajectories.
 */
export class TownEnv {
  readonly config: TownConfig;
  readonly capacity: number;
  readonly obsDim: number;
  readonly nActions: number;
  readonly spec: ObservationSpec;
  readonly actionNames: readonly string[];
  readonly #loaded: LoadedConfig;
  readonly #buffers: TensorBuffers;
  readonly #lifeSeen: Uint32Array;
  /** The worker pool (config workers.threads > 0): kept across resets, each new shard re-attaches it. */
  readonly #pool: TensorPool | undefined;
  #shard: Shard;
  #nextId = 1;
  #episodes = 0;
  #episodeTick = 0;
  #done = false;
  #closed = false;

  constructor(source: LoadedConfig | TownConfigInput) {
    this.#loaded = isLoaded(source)
      ? source
      : { config: parseConfig(source), path: '<config>', baseDir: resolve('.') };
    this.config = this.#loaded.config;
    this.#pool = this.config.workers.threads > 0 ? new TensorPool(this.config.workers.threads) : undefined;
    this.#shard = this.#build(this.config.seed, undefined);
    const t = this.#shard.tensors!;
    this.#buffers = t.buffers;
    this.spec = t.spec;
    this.capacity = t.buffers.capacity;
    this.obsDim = t.buffers.obsDim;
    this.nActions = t.buffers.nActions;
    this.actionNames = actionNames(this.#shard.state.manifest.table.ids);
    this.#lifeSeen = new Uint32Array(this.capacity + 1);
    this.#begin();
  }

  /** The shard of the current episode (read-only use: its world, events and counters). */
  get shard(): Shard {
    return this.#shard;
  }

  /**
   * Starts a new episode: the world is rebuilt from the config with `seed` (default: the config's). The tensor
   * buffers and the worker threads stay; the workers re-attach to the new world at its first stepAsync. Throws
   * ShardBusyError while a stepAsync is in flight.
   */
  reset(seed: number = this.config.seed): EnvStep {
    this.#open();
    this.#shard.guard('env.reset');
    if (!Number.isSafeInteger(seed) || seed < 0) inputError('env.reset(seed)', 'a non-negative integer', String(seed));
    const old = this.#shard;
    this.#shard = this.#build(seed, this.#buffers);
    // The old shard lent the pool: closing it frees nothing the new one uses.
    void old.close();
    this.#begin();
    return this.#views();
  }

  /** Episodes started: 1 after construction, one more per reset (each builds one world). */
  get episodes(): number {
    return this.#episodes;
  }

  /** The views of the current step (the same arrays reset and step return). */
  get views(): EnvStep {
    return this.#views();
  }

  /**
   * One tick: `actions[row]` is the action of slot row + 1 (rows of empty slots are ignored; a forbidden action
   * is a counted no-op, docs/ACTIONS.md). Throws once the episode is done.
   */
  step(actions: Int32Array): EnvStep {
    this.#beforeStep(actions);
    this.#shard.step();
    return this.#afterStep();
  }

  /**
   * step() with the observation and mask rows split over the worker pool (config workers.threads) when the town
   * is large enough (workers.inline_below_agents); the same bytes as step().
   */
  async stepAsync(actions: Int32Array): Promise<EnvStep> {
    this.#beforeStep(actions);
    await this.#shard.stepAsync();
    return this.#afterStep();
  }

  #beforeStep(actions: Int32Array): void {
    this.#open();
    this.#shard.guard('env.step');
    if (this.#done) throw new Error('the episode is over: call reset()');
    if (!(actions instanceof Int32Array) || actions.length !== this.capacity) {
      inputError('env.step(actions)', `an Int32Array of ${this.capacity} actions`, describe(actions));
    }
    this.#buffers.terminations.fill(0);
    this.#shard.actions.set(actions);
  }

  #afterStep(): EnvStep {
    const b = this.#buffers;
    this.#episodeTick++;
    const e = this.#shard.events;
    for (let i = 0; i < e.length; i++) {
      if (e.kind[i] === EventKind.agent_exit) b.terminations[e.agent[i]! - 1] = 1;
    }
    this.#syncSlots();
    if (this.#episodeTick >= this.config.env.episode_ticks) {
      this.#done = true;
      for (let row = 0; row < this.capacity; row++) b.truncations[row] = b.alive[row]!;
    }
    return this.#views();
  }

  /** Releases the shard and the worker threads (a step in flight finishes first). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#shard.close();
    await this.#pool?.close();
  }

  #build(seed: number, reuse: TensorBuffers | undefined): Shard {
    const loaded = { ...this.#loaded, config: { ...this.#loaded.config, seed } };
    return createShard(loaded, {
      policy: 'external',
      tensors: true,
      workers: 0,
      ...(this.#pool ? { workerPool: this.#pool } : {}),
      ...(reuse ? { tensorBuffers: reuse } : {}),
    });
  }

  /** A fresh episode: ids from 1 in slot order, the first observation and masks of the new world. */
  #begin(): void {
    this.#episodes++;
    this.#nextId = 1;
    this.#episodeTick = 0;
    this.#done = false;
    this.#lifeSeen.fill(0xffffffff);
    const b = this.#buffers;
    b.agentId.fill(0);
    b.truncations.fill(0);
    b.terminations.fill(0);
    this.#syncSlots();
    observeNow(this.#shard.state, this.#shard.tensors!, this.#shard.tick);
  }

  /** alive from the world; a slot whose life number changed holds a new agent and gets the next id. */
  #syncSlots(): void {
    const { alive, life } = this.#shard.state.life;
    const b = this.#buffers;
    for (let eid = 1; eid <= this.capacity; eid++) {
      b.alive[eid - 1] = alive[eid]!;
      if (alive[eid] === 1 && this.#lifeSeen[eid] !== life[eid]) {
        this.#lifeSeen[eid] = life[eid]!;
        b.agentId[eid - 1] = this.#nextId++;
      }
    }
  }

  #views(): EnvStep {
    const b = this.#buffers;
    const observations = b.observations
      ? { observations: b.observations }
      : { obsMap: b.obsMap, obsFeatures: b.obsFeatures };
    return {
      ...observations,
      rewards: b.rewards,
      terminations: b.terminations,
      truncations: b.truncations,
      masks: b.masks,
      alive: b.alive,
      agentIds: b.agentId,
      episodeTick: this.#episodeTick,
      done: this.#done,
    };
  }

  #open(): void {
    if (this.#closed) throw new Error('env is closed');
  }
}

function isLoaded(source: LoadedConfig | TownConfigInput): source is LoadedConfig {
  return typeof (source as LoadedConfig).baseDir === 'string' && 'config' in source;
}

function describe(v: unknown): string {
  if (ArrayBuffer.isView(v)) return `${v.constructor.name} of ${(v as Int32Array).length}`;
  return v === null ? 'null' : typeof v;
}
