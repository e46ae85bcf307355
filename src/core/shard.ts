import { resolve } from 'node:path';
import { type AffordanceManifest, loadManifest } from '../affordances/manifest.js';
import { ManifestFileWatch, type ManifestReload, reloadManifest } from '../affordances/manifest-reload.js';
import { type LoadedConfig, parseConfig } from '../config/load-config.js';
import type { TownConfig, TownConfigInput } from '../config/schema.js';
import { USE_BASE } from '../actions/action-space.js';
import { currentPrices, currentWages, setPrice, setWage } from '../economy/economy-api.js';
import { approveExit, deferExit, pendingExits } from '../employment/exit-api.js';
import { computeKpis, type RunKpis } from '../kpis/kpis.js';
import {
  cancelPerturbation,
  listPerturbations,
  type ManualPerturbation,
  type PerturbationInfo,
  schedulePerturbation,
} from '../perturbations/perturbation-api.js';
import { rivalryBetween, type Tie, tieBetween } from '../social/social-api.js';
import type { TensorBuffers } from '../tensors/tensor-buffers.js';
import { createTensorState, type TensorState } from '../tensors/tensor-state.js';
import { TensorPool } from '../workers/tensor-pool.js';
import { captureSnapshot } from '../snapshots/capture.js';
import { writeSnapshotSync } from '../snapshots/writer.js';
import { buildShardState } from './build-shard-state.js';
import { ShardBusyError } from './errors.js';
import type { EventBuffer } from './event-buffer.js';
import { EVENT_KINDS, EventKind, type EventKindName, EXIT_REASONS, type ExitReason } from './event-kinds.js';
import { shippedManifestPath } from './package-root.js';
import { SystemProfiler } from './profiler.js';
import { CONSOLE_DRAIN_PHASE, type ScheduledSystem, SCHEDULE } from './schedule.js';
import type { ShardState } from './shard-state.js';
import { TOTAL_AGENT_STEPS, TOTAL_EXITS_BASE, TOTAL_INVALID_ACTIONS, TOTAL_TICKS } from './totals.js';
import { hashRegistry } from './world-hash.js';

/**
 * Hooks of one stepAsync tick, for whoever serves the shard (src/core knows no feature: it only offers the points).
 */
export interface TickHooks {
  /**
   * Runs once in the tick at the console-drain point (phase 2: after the respawns, before the perturbations),
   * after the tick's events were cleared. The busy guard lets its mutations through; nothing else passes mid-tick.
   */
  readonly drain?: () => void;
  /**
   * Awaited right after the drain and between two phases after it (a served shard yields to its event loop there,
   * so requests are answered mid-tick). Never before the drain. It must not touch the shard: the tick is half done.
   */
  readonly yieldBetweenPhases?: () => Promise<void>;
}

/** Options of createShard. */
export interface ShardOptions {
  /** Time each system (`townlet run --profile`). Off by default: timing costs a little per system per tick. */
  profile?: boolean;
  /**
   * Who writes the action buffer. 'scripted' (default): the scripted policy, every tick. 'external': the
   * caller (a trainer, a test) writes `shard.actions` before each step and the scripted policy does not run.
   */
  policy?: 'scripted' | 'external';
  /** Called after every manifest reload attempt (hot reload or reloadManifest), e.g. to log it. */
  onManifestReload?: (reload: ManifestReload) => void;
  /**
   * Build observations, masks and rewards every tick (`shard.tensors`; docs/TENSORS.md). Off by default: a
   * scripted-only shard does not pay for them. The env API and `townlet run --tensors` turn it on.
   */
  tensors?: boolean;
  /** With `tensors`: reuse these buffers (same shape) instead of allocating new ones (the env does, across resets). */
  tensorBuffers?: TensorBuffers;
  /**
   * With `tensors`: worker threads for the observation and mask rows (default: config workers.threads; 0 =
   * inline). Used by stepAsync; step() always runs inline. Close the shard to stop them.
   */
  workers?: number;
  /**
   * With `tensors`: serve the rows with this pool (the env keeps one across resets) instead of starting one. The
   * shard attaches it and does not close it: its owner does.
   */
  workerPool?: TensorPool;
}

/** One event of the last tick, decoded for people and tests (the typed columns are on `shard.events`). */
export interface EventRecord {
  kind: EventKindName;
  tick: number;
  agent: string | null;
  object: string | null;
  other: number;
  value: number;
}

/** What happened in the last tick. */
export interface TickCounters {
  tick: number;
  /** Agents alive during the tick. */
  agent_steps: number;
  events: number;
  events_by_kind: Record<EventKindName, number>;
}

/** Cumulative counters since the shard started, and those of the last tick. */
export interface ShardCounters {
  tick: number;
  live_agents: number;
  /** Live agent-ticks: an agent alive during a tick counts once. */
  agent_steps: number;
  /** Events written, all kinds. */
  events: number;
  affordances_completed: number;
  /** Completions per affordance id. */
  affordances_by_id: Record<string, number>;
  /** Actions that could not apply and became no-ops. */
  invalid_actions: number;
  respawns: number;
  exits: Record<ExitReason, number>;
  /** Events per kind (kinds never written are 0). */
  events_by_kind: Record<EventKindName, number>;
  last_tick: TickCounters;
}

/**
 * A running shard: a town world and its tick. Create with createShard; step it; read its hash, events and
 * counters; close it when done. Two shards never share state.
 */
export class Shard {
  /** The validated configuration. */
  readonly config: TownConfig;
  /** The world's data (components, side tables, registry). Systems, tests and benchmarks read it directly. */
  readonly state: ShardState;
  readonly #profiler: SystemProfiler | undefined;
  readonly #schedule: readonly ScheduledSystem[];
  readonly #manifestPath: string;
  readonly #watch: ManifestFileWatch | undefined;
  readonly #onReload: ((reload: ManifestReload) => void) | undefined;
  readonly #pool: TensorPool | undefined;
  readonly #ownsPool: boolean;
  #closed = false;
  /** The stepAsync tick in flight, if any: every mutation is refused until it ends (#guard). */
  #inFlight: Promise<void> | undefined;
  #lastTickAgentSteps = 0;
  /** True while a stepAsync tick runs its console-drain hook: the one point inside a tick where mutations pass. */
  #draining = false;
  /** Index in the schedule of the first system after the console-drain phase. */
  readonly #drainAt: number;

  /** @internal use createShard */
  constructor(
    state: ShardState,
    manifestPath: string,
    watch: ManifestFileWatch | undefined,
    options: ShardOptions,
    pool?: TensorPool,
  ) {
    this.config = state.config;
    this.state = state;
    this.#pool = pool;
    this.#ownsPool = pool !== undefined && pool !== options.workerPool;
    this.#schedule =
      options.policy === 'external' ? SCHEDULE.filter((system) => system.name !== 'scripted-policy') : SCHEDULE;
    const after = this.#schedule.findIndex((system) => system.phase > CONSOLE_DRAIN_PHASE);
    this.#drainAt = after < 0 ? this.#schedule.length : after;
    this.#profiler = options.profile ? new SystemProfiler(this.#schedule) : undefined;
    this.#manifestPath = manifestPath;
    this.#watch = watch;
    this.#onReload = options.onManifestReload;
  }

  /** The observation, mask and reward tensors (created with `tensors: true`), else undefined. */
  get tensors(): TensorState | undefined {
    return this.state.tensors;
  }

  /**
   * The action buffer, one action id per agent slot (row = slot − 1; docs/ACTIONS.md). With the 'external'
   * policy, write it before each step; rows of empty slots are ignored.
   */
  get actions(): Int32Array {
    return this.state.actions.buffer;
  }

  /** Number of actions in the action space: 7 fixed ones plus one per affordance of the manifest. */
  get actionCount(): number {
    return USE_BASE + this.state.manifest.table.count;
  }

  /**
   * Reloads the manifest file now (between ticks). A file that fails validation, or would change the action
   * space or the placed objects, is rejected and the manifest in force stays. The shard also does this by
   * itself at the start of a tick when the file changes (affordances.hot_reload). Called between steps, an
   * applied reload's manifest_reloaded event joins the last tick's events (tick = shard.tick).
   */
  reloadManifest(): ManifestReload {
    this.#guard('reloadManifest');
    this.#watch?.markSeen();
    return this.#reload();
  }

  #reload(): ManifestReload {
    const reload = reloadManifest(this.state, this.#manifestPath);
    this.#onReload?.(reload);
    return reload;
  }

  /** The last simulated tick (0 before the first step). */
  get tick(): number {
    return this.state.clock[0]!;
  }

  /** Agents alive now. */
  get liveAgents(): number {
    return this.state.live.count(this.state.life.alive);
  }

  /** The per-tick event buffer of the last tick: typed columns, valid until the next step. */
  get events(): EventBuffer {
    return this.state.events;
  }

  /** Advances the world by one tick, running the schedule in order on this thread. */
  step(): void {
    this.#guard('step');
    const tick = this.#beginTick();
    const exitsBefore = this.#exitTotal();
    const schedule = this.#schedule;
    const profiler = this.#profiler;
    for (let i = 0; i < schedule.length; i++) {
      if (profiler) {
        const start = profiler.now();
        schedule[i]!.run(this.state, tick);
        profiler.add(i, start);
      } else schedule[i]!.run(this.state, tick);
    }
    this.#endTick(exitsBefore);
  }

  /**
   * One tick like step(): the same schedule, in the same order, with the rows of the split phase (observations
   * and masks) shared with the worker pool (config workers.threads, or createShard's `workers`) when the shard has
   * one and at least workers.inline_below_agents live agents. The bytes are the same either way. While it is in
   * flight, every other mutation of the shard throws ShardBusyError (but those of the `drain` hook); close() waits
   * for it. `hooks` (a served shard's): its drain point and yields between phases; neither changes the tick's bytes.
   */
  async stepAsync(hooks?: TickHooks): Promise<void> {
    this.#guard('stepAsync');
    const tick = this.#stepAsync(hooks);
    this.#inFlight = tick;
    try {
      await tick;
    } finally {
      this.#inFlight = undefined;
    }
  }

  async #stepAsync(hooks: TickHooks | undefined): Promise<void> {
    const s = this.state;
    const pool = this.#pool;
    const pooled = pool !== undefined && s.tensors !== undefined &&
      s.live.count(s.life.alive) >= this.config.workers.inline_below_agents;
    const tick = this.#beginTick();
    const exitsBefore = this.#exitTotal();
    const schedule = this.#schedule;
    const profiler = this.#profiler;
    const drainAt = this.#drainAt;
    for (let i = 0; i < schedule.length; i++) {
      const system = schedule[i]!;
      if (hooks && i >= drainAt && (i === drainAt || system.phase !== schedule[i - 1]!.phase)) {
        if (i === drainAt) this.#drain(hooks);
        // Only from the drain on: what is accepted during a yield applies at the next tick's drain, never this one's.
        if (hooks.yieldBetweenPhases) await hooks.yieldBetweenPhases();
      }
      const start = profiler?.now() ?? 0;
      if (!pooled || !system.split) {
        system.run(s, tick);
        profiler?.add(i, start);
        continue;
      }
      system.split.serial(s, tick);
      const rows = pool.writeRows(s, tick, system.name, system.split.rows, system.split.beside);
      // writeRows has run the work beside the rows and this thread's rows before it returns its promise: what is left
      // is the wait.
      profiler?.add(i, start);
      const wait = profiler?.now() ?? 0;
      await rows;
      profiler?.add(profiler.poolRow, wait);
    }
    if (hooks && drainAt === schedule.length) this.#drain(hooks);
    this.#endTick(exitsBefore);
  }

  /** Runs the tick's console-drain hook with the busy guard open for it (its mutations are part of the tick). */
  #drain(hooks: TickHooks): void {
    if (!hooks.drain) return;
    this.#draining = true;
    try {
      hooks.drain();
    } finally {
      this.#draining = false;
    }
  }

  /** The worker pool of the tensors (undefined when the tensor work runs inline). */
  get workerPool(): TensorPool | undefined {
    return this.#pool;
  }

  /** True while a stepAsync tick is in flight. */
  get busy(): boolean {
    return this.#inFlight !== undefined;
  }

  /**
   * The one guard of every mutation: throws when the shard is closed, or ShardBusyError naming `call` while a
   * stepAsync tick is in flight. Features that mutate a shard from outside (the env, later the console) call it
   * first.
   */
  guard(call: string): void {
    this.#guard(call);
  }

  #guard(call: string): void {
    if (this.#closed) throw new Error(`${call}: the shard is closed`);
    if (this.#inFlight && !this.#draining) throw new ShardBusyError(call);
  }

  #beginTick(): number {
    const s = this.state;
    const tick = s.clock[0]! + 1;
    s.clock[0] = tick;
    s.events.reset(tick);
    if (this.#watch?.poll()) this.#reload();
    return tick;
  }

  #endTick(exitsBefore: number): void {
    const s = this.state;
    const t = s.totals.values;
    t[TOTAL_TICKS]! += 1;
    // Agents that exited this tick were alive during it.
    this.#lastTickAgentSteps = s.live.count(s.life.alive) + (this.#exitTotal() - exitsBefore);
    t[TOTAL_AGENT_STEPS]! += this.#lastTickAgentSteps;
    this.#profiler?.tick();
  }

  /** Steps `ticks` times. */
  run(ticks: number): void {
    for (let i = 0; i < ticks; i++) this.step();
  }

  /** Hash of the whole world state (16 hex digits). Equal seeds and configs give equal hash sequences. */
  hash(): string {
    return hashRegistry(this.state.registry);
  }

  /** The last tick's events, decoded. Allocates: for tests, tools and logs, not hot loops. */
  eventRecords(): EventRecord[] {
    const e = this.state.events;
    const out: EventRecord[] = [];
    for (let i = 0; i < e.length; i++) {
      const object = e.object[i]!;
      out.push({
        kind: EVENT_KINDS[e.kind[i]! - 1]!.name,
        tick: e.tick,
        agent: e.agent[i] ? this.state.agentIds.get(e.agent[i]!) : null,
        object: object ? this.state.objectIds.get(object - 1) : null,
        other: e.other[i]!,
        value: e.value[i]!,
      });
    }
    return out;
  }

  /** Cumulative counters. */
  counters(): ShardCounters {
    const s = this.state;
    const totals = s.events.totals;
    const tickCounts = s.events.tickCounts;
    return {
      tick: this.tick,
      live_agents: this.liveAgents,
      agent_steps: s.totals.values[TOTAL_AGENT_STEPS]!,
      events: totals.reduce((a, b) => a + b, 0),
      affordances_completed: totals[EventKind.affordance_finish]!,
      affordances_by_id: Object.fromEntries(s.manifest.table.ids.map((id, k) => [id, s.completions[k]!])),
      invalid_actions: s.totals.values[TOTAL_INVALID_ACTIONS]!,
      respawns: totals[EventKind.agent_respawn]!,
      exits: Object.fromEntries(
        EXIT_REASONS.map((r, i) => [r, s.totals.values[TOTAL_EXITS_BASE + i + 1]!]),
      ) as Record<ExitReason, number>,
      events_by_kind: byKind(totals),
      last_tick: {
        tick: this.tick,
        agent_steps: this.#lastTickAgentSteps,
        events: s.events.length,
        events_by_kind: byKind(tickCounts),
      },
    };
  }

  /** The charter KPIs of the run so far (docs/KPIS.md). */
  kpis(): RunKpis {
    return computeKpis(this.state);
  }

  // Operator controls. Each validates its input and throws InputError (changing nothing) when it is bad;
  // called between steps, it takes effect from the next tick.

  /** Sets economy price `key` (e.g. meal_cost); active price spikes still multiply it. */
  setPrice(key: string, value: number): void {
    this.#guard('setPrice');
    setPrice(this.state, key, value);
  }

  /** Sets the wage per tick on shift of job `job`. */
  setWage(job: string, value: number): void {
    this.#guard('setWage');
    setWage(this.state, job, value);
  }

  /** Current prices (spikes applied) and wages. */
  prices(): Record<string, number> {
    return currentPrices(this.state);
  }

  wages(): Record<string, number> {
    return currentWages(this.state);
  }

  /** Schedules perturbation spec `spec` (a name under perturbations.events) by hand; returns its event id. */
  schedulePerturbation(spec: string, options: ManualPerturbation = {}): number {
    this.#guard('schedulePerturbation');
    return schedulePerturbation(this.state, spec, options);
  }

  /** Cancels a pending or active perturbation; an active one ends at once (its effects are undone). */
  cancelPerturbation(id: number): void {
    this.#guard('cancelPerturbation');
    cancelPerturbation(this.state, id);
  }

  /** Pending and active perturbations. */
  perturbations(): PerturbationInfo[] {
    return listPerturbations(this.state);
  }

  /** Approves agent `agentId`'s employment exit: it leaves in the next tick's employment phase, cap or not. */
  approveEmploymentExit(agentId: string): void {
    this.#guard('approveEmploymentExit');
    approveExit(this.state, agentId);
  }

  /** Defers agent `agentId`'s pending employment exit (docs/EMPLOYMENT.md says for how long). */
  deferEmploymentExit(agentId: string): void {
    this.#guard('deferEmploymentExit');
    deferExit(this.state, agentId);
  }

  /** Agents with a pending employment exit, in queue order. */
  pendingEmploymentExits(): string[] {
    return pendingExits(this.state);
  }

  /** Agent `from`'s relationship tie to agent `to` (by id), or null when there is none. */
  relationship(from: string, to: string): Tie | null {
    return tieBetween(this.state, from, to);
  }

  /** Agent `from`'s rivalry score for agent `to` (0 when it has no edge). */
  rivalry(from: string, to: string): number {
    return rivalryBetween(this.state, from, to);
  }

  /**
   * Saves the whole shard to `path` (docs/SNAPSHOTS.md): atomically (a crash leaves the previous file) and with
   * a checksum. Call between steps; loadSnapshot gives back a shard that continues exactly like this one.
   * `extra` is stored outside the world hash. Throws InputError for a path that cannot be written.
   */
  saveSnapshot(path: string, extra: Record<string, unknown> = {}): void {
    this.#guard('saveSnapshot');
    writeSnapshotSync(path, captureSnapshot(this.state, extra));
  }

  /** Per-system time, when created with `profile: true`. */
  profile() {
    return this.#profiler?.report();
  }

  /**
   * The profiler's running totals, without copies (milliseconds per row of `names`, the last row the pool wait),
   * when created with `profile: true`: for readers that sample them every tick (serve's metrics).
   */
  profileTotals(): { readonly names: readonly string[]; readonly totalMs: Float64Array } | undefined {
    return this.#profiler;
  }

  /**
   * Releases the shard's resources (its worker threads, unless the pool was lent by createShard's `workerPool`).
   * A stepAsync tick in flight finishes first. Stepping or steering a closed shard throws; closing twice is a no-op.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#inFlight?.catch(() => undefined);
    this.#closed = true;
    if (this.#ownsPool) await this.#pool?.close();
  }

  #exitTotal(): number {
    const t = this.state.totals.values;
    let n = 0;
    for (let i = 1; i <= EXIT_REASONS.length; i++) n += t[TOTAL_EXITS_BASE + i]!;
    return n;
  }
}

/**
 * Creates a shard from a loaded config file (loadConfigFile) or a config object (validated here). Relative paths
 * in the config (the manifest) resolve against the config file's directory, or for a config object against the
 * current directory. Throws InputError for a config or manifest that cannot make a world.
 */
export function createShard(source: LoadedConfig | TownConfigInput, options: ShardOptions = {}): Shard {
  const loaded = isLoaded(source)
    ? source
    : { config: parseConfig(source), path: '<config>', baseDir: resolve('.') };
  const path = manifestPath(loaded);
  const { hot_reload: hot, reload_poll_ms: pollMs } = loaded.config.affordances;
  // Stamp the file before reading it, so an edit made while the shard is being built is picked up.
  const watch = hot ? new ManifestFileWatch(path, pollMs) : undefined;
  return assembleShard(loaded, path, loadManifest(path), watch, options);
}

/**
 * @internal Builds a shard from a validated config and a loaded manifest. `restore`, when given, runs after the
 * state and tensors exist and before worker threads start (loadSnapshot puts the saved state in there).
 */
export function assembleShard(
  loaded: LoadedConfig,
  path: string,
  manifest: AffordanceManifest,
  watch: ManifestFileWatch | undefined,
  options: ShardOptions,
  restore?: (state: ShardState) => void,
): Shard {
  const state = buildShardState(loaded.config, loaded.path, manifest, { populate: restore === undefined });
  const threads = options.workers ?? loaded.config.workers.threads;
  const pooled = options.workerPool !== undefined || threads > 0;
  // Tensor buffers are shared memory only when worker threads will write rows into them (faster copies without).
  if (options.tensors) state.tensors = createTensorState(state, options.tensorBuffers, pooled);
  restore?.(state);
  const pool = state.tensors ? (options.workerPool ?? (threads > 0 ? new TensorPool(threads) : undefined)) : undefined;
  pool?.attach(state);
  return new Shard(state, path, watch, options, pool);
}

/** The config's manifest, relative to the config file, or the shipped one. */
export function manifestPath(loaded: LoadedConfig): string {
  const named = loaded.config.affordances.manifest;
  return named === undefined ? shippedManifestPath() : resolve(loaded.baseDir, named);
}

/** Counts per event kind by name, from an array indexed by kind code. */
function byKind(counts: Float64Array): Record<EventKindName, number> {
  return Object.fromEntries(EVENT_KINDS.map((k, i) => [k.name, counts[i + 1]!])) as Record<EventKindName, number>;
}

function isLoaded(source: LoadedConfig | TownConfigInput): source is LoadedConfig {
  return typeof (source as LoadedConfig).baseDir === 'string' && 'config' in source;
}
