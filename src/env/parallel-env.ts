import type { LoadedConfig } from '../config/load-config.js';
import type { TownConfigInput } from '../config/schema.js';
import { inputError } from '../core/errors.js';
import { TownEnv } from './town-env.js';

/** A Box observation space description (the same object on every call). */
export interface BoxSpace {
  readonly kind: 'box';
  readonly shape: readonly [number];
  readonly dtype: 'float32';
}

/** A Discrete action space description (the same object on every call). */
export interface DiscreteSpace {
  readonly kind: 'discrete';
  readonly n: number;
  readonly names: readonly string[];
}

/** Per-agent extras: the action mask of the next step (a view into the batched mask buffer). */
export interface AgentInfo {
  readonly action_mask: Uint8Array;
}

/** What reset returns. */
export interface ParallelReset {
  observations: Record<string, Float32Array>;
  infos: Record<string, AgentInfo>;
}

/** What step returns: entries for every agent that acted and every agent that appeared in this step. */
export interface ParallelStep extends ParallelReset {
  rewards: Record<string, number>;
  terminations: Record<string, boolean>;
  truncations: Record<string, boolean>;
}

/**
 * The per-agent view of the env with the PettingZoo ParallelEnv shape (docs/ENV.md): string agent ids,
 * dictionaries in and out, masks in infos. Observations and masks are views into the batched buffers (one
 * cached view per slot); the dictionaries themselves are built per step, so this view is for convenience and
 * small towns — the batched TownEnv is the fast path.
 *
 * `agents` holds the live agents; an agent that terminates or is truncated leaves it after its step, and a
 * replacement (a new id) joins it when it spawns. `possible_agents` starts with the agents at reset and grows as
 * replacements appear (respawns make the set open-ended).
 */
export class TownParallelEnv {
  readonly env: TownEnv;
  agents: string[] = [];
  possible_agents: string[] = [];
  readonly #observationSpace: BoxSpace;
  readonly #actionSpace: DiscreteSpace;
  readonly #obsViews: Float32Array[];
  readonly #maskViews: Uint8Array[];
  readonly #infos: AgentInfo[];
  /** Agent id → slot row of the live agents. */
  #rowOf = new Map<string, number>();
  readonly #known = new Set<string>();
  readonly #actions: Int32Array;

  constructor(source: LoadedConfig | TownConfigInput) {
    this.env = new TownEnv(source);
    const { capacity, obsDim, nActions } = this.env;
    const step = this.env.views;
    if (!step.observations) {
      void this.env.close();
      inputError(
        'observations.map_dtype',
        'float32 for the per-agent view (with uint8 maps use TownEnv: views.obsMap and views.obsFeatures)',
        'uint8',
      );
    }
    const shape = Object.freeze([obsDim]) as [number];
    this.#observationSpace = Object.freeze({ kind: 'box', shape, dtype: 'float32' });
    this.#actionSpace = Object.freeze({ kind: 'discrete', n: nActions, names: this.env.actionNames });
    // The env's first episode is already built: its views are the batched buffers (reset() rebuilds it later).
    const rows = (a: Float32Array | Uint8Array, dim: number) =>
      Array.from({ length: capacity }, (_, r) => a.subarray(r * dim, (r + 1) * dim));
    this.#obsViews = rows(step.observations, obsDim) as Float32Array[];
    this.#maskViews = rows(step.masks, nActions) as Uint8Array[];
    this.#infos = this.#maskViews.map((m) => Object.freeze({ action_mask: m }));
    this.#actions = new Int32Array(capacity);
  }

  /** The observation space of `agent` (the same object for every agent and call). */
  observation_space(_agent: string): BoxSpace {
    return this.#observationSpace;
  }

  /** The action space of `agent` (the same object for every agent and call). */
  action_space(_agent: string): DiscreteSpace {
    return this.#actionSpace;
  }

  /** Starts a new episode (the shard rebuilt with `seed`). */
  reset(seed?: number): ParallelReset {
    this.env.reset(seed);
    this.#known.clear();
    this.possible_agents = [];
    this.#rowOf = new Map();
    this.agents = [];
    const out: ParallelReset = { observations: {}, infos: {} };
    this.#admitNewAgents(out);
    return out;
  }

  /** One step with an action per live agent (missing ones noop; an id that is not live is bad input). */
  step(actions: Record<string, number>): ParallelStep {
    this.#actions.fill(0);
    for (const [id, action] of Object.entries(actions)) {
      const row = this.#rowOf.get(id);
      if (row === undefined) inputError(`step(actions).${id}`, 'the id of a live agent (env.agents)', id);
      if (!Number.isInteger(action)) inputError(`step(actions).${id}`, 'an integer action id', String(action));
      this.#actions[row] = action;
    }
    const step = this.env.step(this.#actions);
    const out: ParallelStep = { observations: {}, infos: {}, rewards: {}, terminations: {}, truncations: {} };
    const stillLive: string[] = [];
    for (const id of this.agents) {
      const row = this.#rowOf.get(id)!;
      const terminated = step.terminations[row] === 1;
      const truncated = step.truncations[row] === 1;
      out.observations[id] = this.#obsViews[row]!;
      out.infos[id] = this.#infos[row]!;
      out.rewards[id] = step.rewards[row]!;
      out.terminations[id] = terminated;
      out.truncations[id] = truncated;
      if (terminated || truncated) this.#rowOf.delete(id);
      else stillLive.push(id);
    }
    this.agents = stillLive;
    if (!step.done) this.#admitNewAgents(out);
    return out;
  }

  /** Releases the env. */
  async close(): Promise<void> {
    await this.env.close();
  }

  /** Live slots whose agent is not known yet join `agents` (and possible_agents) in slot order. */
  #admitNewAgents(out: ParallelReset | ParallelStep): void {
    const { alive } = this.env.shard.state.life;
    const ids = this.env.shard.state.agentIds;
    for (let eid = 1; eid <= this.env.capacity; eid++) {
      if (alive[eid] !== 1) continue;
      const id = ids.get(eid);
      if (this.#known.has(id)) continue;
      this.#known.add(id);
      this.possible_agents.push(id);
      this.agents.push(id);
      this.#rowOf.set(id, eid - 1);
      out.observations[id] = this.#obsViews[eid - 1]!;
      out.infos[id] = this.#infos[eid - 1]!;
      if ('rewards' in out) {
        out.rewards[id] = 0;
        out.terminations[id] = false;
        out.truncations[id] = false;
      }
    }
  }
}
