import type { EnvStep } from '../env/town-env.js';

/**
 * A policy that acts from what the env hands out: the step's observation and mask rows (docs/TRAINING.md). It
 * writes one action per slot into `out` (row = slot − 1); rows of empty slots are ignored by the env.
 */
export interface ObservationPolicy {
  readonly name: string;
  act(step: EnvStep, out: Int32Array): void;
}

/** What a baseline policy may know besides the step: the env's published layout and a seeded random stream. */
export interface PolicyContext {
  readonly capacity: number;
  readonly nActions: number;
  /** The env's action names (docs/ACTIONS.md): `noop`, moves, `release`, `chat`, `use:<affordance>`. */
  readonly actionNames: readonly string[];
  /** A seeded stream in [0, 1) (seedrandom): the run is reproducible. */
  readonly random: () => number;
}

/**
 * A uniformly random allowed action of mask row `row` whose id passes `pick` (all ids when omitted), else -1.
 * Reservoir sampling: one pass, no allocation.
 */
export function randomAllowed(
  masks: Uint8Array,
  row: number,
  nActions: number,
  random: () => number,
  pick?: (action: number) => boolean,
): number {
  const base = row * nActions;
  let chosen = -1;
  let seen = 0;
  for (let a = 0; a < nActions; a++) {
    if (masks[base + a] !== 1 || (pick && !pick(a))) continue;
    seen++;
    if (random() * seen < 1) chosen = a;
  }
  return chosen;
}
