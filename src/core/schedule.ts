import { actionSystem } from '../../systems/actions.js';
import { affordanceSystem } from '../../systems/affordances.js';
import { economySystem } from '../../systems/economy.js';
import { employmentSystem } from '../../systems/employment.js';
import { kpiSystem } from '../../systems/kpis.js';
import { lifecycleSystem } from '../../systems/lifecycle.js';
import { needsDecaySystem } from '../../systems/needs-decay.js';
import { nightlyResetSystem } from '../../systems/nightly-reset.js';
import { perturbationSystem } from '../../systems/perturbations.js';
import { queueSystem } from '../../systems/queues.js';
import { respawnSystem } from '../../systems/respawn.js';
import { scriptedPolicySystem } from '../../systems/scripted-policy.js';
import { socialSystem } from '../../systems/social.js';
import { tensorBeside, tensorRows, tensorSerial } from '../../systems/tensors.js';
import type { ShardState } from './shard-state.js';

/** A system: a plain function over the shard state for one tick. It keeps no state of its own. */
export type System = (state: ShardState, tick: number) => void;

/** The row half of a split system: agent slots [from, to) only, so disjoint ranges may run on other threads. */
export type RowSystem = (state: ShardState, tick: number, from: number, to: number) => void;

/** A system's place in the tick. */
export interface ScheduledSystem {
  /** Phase number of the tick order in DESIGN.md (1 = first). */
  readonly phase: number;
  readonly name: string;
  /** The whole system on the tick's thread. For a split system: `serial`, then `rows` over every slot. */
  readonly run: System;
  /**
   * Present on the phase whose rows may run on a worker pool (Shard.stepAsync): its serial half, then its row half
   * and, on the tick's thread while workers write rows, its `beside` half (work the rows neither read nor write).
   * Both paths run the same functions, so their bytes are the same.
   */
  readonly split?: SplitSystem;
}

/** The halves of a split system (see ScheduledSystem.split). */
export interface SplitSystem {
  readonly serial: System;
  readonly rows: RowSystem;
  readonly beside: System;
}

/**
 * A scheduled system made of a serial half, a row half and a half beside the rows (run = serial, then rows over
 * every agent slot, then beside).
 */
function split(phase: number, name: string, halves: SplitSystem): ScheduledSystem {
  const { serial, rows, beside } = halves;
  const run: System = (s, tick) => {
    serial(s, tick);
    rows(s, tick, 1, s.layout.capacity + 1);
    beside(s, tick);
  };
  return { phase, name, run, split: halves };
}

/** Phase of the console drain: no system; Shard.stepAsync runs its `drain` hook there (TickHooks). */
export const CONSOLE_DRAIN_PHASE = 2;

/**
 * The tick, in order, for step() and stepAsync() alike. This list is the whole tick: reading it tells which
 * system runs when. Phases not listed have no system yet; the issues that build them slot them in at their number:
 *  1 respawns due this tick            9 employment and economy
 *  2 console drain                    10 social (ledger decay)
 *  3 perturbations                    11 nightly reset at the day boundary
 *  4 policy writes the action buffer  12 lifecycle (faints → exits, respawn tickets)
 *  5 action validation and movement   13 rewards, 14 observations and masks (one split system:
 *  6 queues and reservations             tensors, when consumed; its rows may run on the pool)
 *  7 affordances                      15 telemetry (KPI accounting)
 *  8 needs decay                      16 persistence
 */
export const SCHEDULE: readonly ScheduledSystem[] = [
  { phase: 1, name: 'respawn', run: respawnSystem },
  { phase: 3, name: 'perturbations', run: perturbationSystem },
  { phase: 4, name: 'scripted-policy', run: scriptedPolicySystem },
  { phase: 5, name: 'actions', run: actionSystem },
  { phase: 6, name: 'queues', run: queueSystem },
  { phase: 7, name: 'affordances', run: affordanceSystem },
  { phase: 8, name: 'needs-decay', run: needsDecaySystem },
  { phase: 9, name: 'employment', run: employmentSystem },
  { phase: 9, name: 'economy', run: economySystem },
  { phase: 10, name: 'social', run: socialSystem },
  { phase: 11, name: 'nightly-reset', run: nightlyResetSystem },
  { phase: 12, name: 'lifecycle', run: lifecycleSystem },
  split(13, 'tensors', { serial: tensorSerial, rows: tensorRows, beside: tensorBeside }),
  { phase: 15, name: 'kpis', run: kpiSystem },
];
