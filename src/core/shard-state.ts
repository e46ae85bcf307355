import type { World } from 'bitecs';
import type { Actions } from '../../components/actions.js';
import type { Activity } from '../../components/activity.js';
import type { Employment } from '../../components/employment.js';
import type { Homes } from '../../components/home.js';
import type { Life } from '../../components/life.js';
import type { Needs } from '../../components/needs.js';
import type { Objects } from '../../components/objects.js';
import type { PolicyMemory } from '../../components/policy-memory.js';
import type { Personality } from '../../components/personality.js';
import type { Positions } from '../../components/position.js';
import type { Queues } from '../../components/queues.js';
import type { Reservations } from '../../components/reservations.js';
import type { Social } from '../../components/social.js';
import type { Tags } from '../../components/tags.js';
import type { Wallets } from '../../components/wallet.js';
import type { TownConfig } from '../config/schema.js';
import type { Economy } from '../economy/economy-state.js';
import type { ExitQueue } from '../employment/exit-queue.js';
import type { JobTable } from '../employment/job-table.js';
import type { KpiState } from '../kpis/kpi-state.js';
import type { Perturbations } from '../perturbations/perturbation-state.js';
import type { TensorState } from '../tensors/tensor-state.js';
import type { AgentIndex } from '../world/agent-index.js';
import type { DistanceFields } from '../world/distance-fields.js';
import type { Grid } from '../world/grid.js';
import type { EventBuffer } from './event-buffer.js';
import type { LiveAgents } from './live-agents.js';
import type { ManifestState } from './manifest-state.js';
import type { RngStreams } from './rng.js';
import type { NameTable, StringTable } from './side-tables.js';
import type { StateRegistry } from './state-registry.js';

/** Static facts about the shard's entity id layout. Agents are ids 1..capacity, objects follow. */
export interface EntityLayout {
  /** Agent slots; agent entity ids are 1..capacity and tensor row = id − 1. */
  readonly capacity: number;
  /** Number of interactive objects. */
  readonly objectCount: number;
  /** Entity id of object row 0 (= capacity + 1). */
  readonly objectBase: number;
  /** Entity id of the reservation of object row 0 (= objectBase + objectCount). */
  readonly reservationBase: number;
}

/** Counters the run summary reads: cumulative since the shard started. Registered state, so hashed. */
export interface ShardTotals {
  /** Ticks stepped, live agent-ticks, exits per reason, pending respawn tickets: slots named in totals.ts. */
  readonly values: Float64Array;
}

/**
 * Everything a system may read or write. Systems receive this object and the tick; they own no state of
 * their own. Every mutable piece is registered in `registry` (see ARCHITECTURE.md for who writes what).
 */
export interface ShardState {
  readonly config: TownConfig;
  readonly layout: EntityLayout;
  readonly world: World;
  readonly tags: Tags;
  readonly grid: Grid;

  readonly positions: Positions;
  readonly needs: Needs;
  readonly wallets: Wallets;
  readonly life: Life;
  readonly homes: Homes;
  readonly employment: Employment;
  readonly objects: Objects;
  readonly reservations: Reservations;
  readonly queues: Queues;
  readonly activity: Activity;
  /** The action buffer (row = entity id − 1) and each agent's last action and outcome. */
  readonly actions: Actions;
  readonly policyMemory: PolicyMemory;
  readonly personality: Personality;
  /** Rivalry and relationship ledgers (top-K edges per agent). */
  readonly social: Social;
  /** Prices, wages and the restock schedule. */
  readonly economy: Economy;
  /** Pending employment exits. */
  readonly exitQueue: ExitQueue;
  /** Scheduled, active and past perturbations; fairness buckets. */
  readonly perturbations: Perturbations;
  /** Per-slot KPI tracking (agent-days, starvation runs). */
  readonly kpis: KpiState;
  /** Observation, mask and reward tensors: present only when something consumes them (createShard's `tensors`). */
  tensors: TensorState | undefined;

  /** Object row on each tile (-1 = none); derived from objects, not hashed. */
  readonly objectIndex: Int32Array;
  /** Walking distance to the nearest object of each type; derived, rebuilt when the map changes. */
  readonly fields: DistanceFields;
  /** Agents by tile, rebuilt on demand (chat partners). */
  readonly agentIndex: AgentIndex;
  /** Per-tick scratch list of entity ids (capacity long), owned by whichever system runs. */
  readonly scratch: Uint32Array;

  /** Agent id strings by entity id (`agent-7`, `agent-7#2` for its second replacement). */
  readonly agentIds: StringTable;
  /** Object id strings by object row. */
  readonly objectIds: StringTable;
  /** Object type names ↔ codes. */
  readonly objectTypes: NameTable;
  /** Job ids in config order; employment.job indexes this. */
  readonly jobIds: readonly string[];
  /** Workplace object rows of each job (index = job). */
  readonly workplacesByJob: readonly Int32Array[];
  /** Shift windows, lateness penalties and work fields of the jobs (index = job); derived, not hashed. */
  readonly jobs: JobTable;

  /** The affordance manifest in force (reloaded at tick boundaries when its file changes). */
  readonly manifest: ManifestState;
  readonly rng: RngStreams;
  readonly events: EventBuffer;
  readonly live: LiveAgents;
  readonly totals: ShardTotals;
  /** Completions per affordance (index = affordance) since the shard started. */
  readonly completions: Float64Array;
  /** [0] = the current tick (0 before the first step; the first step simulates tick 1). */
  readonly clock: Int32Array;
  readonly registry: StateRegistry;
}
