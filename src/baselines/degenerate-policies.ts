import { Action, USE_BASE } from '../actions/action-space.js';
import type { EnvStep } from '../env/town-env.js';
import { type ObservationPolicy, type PolicyContext, randomAllowed } from './observation-policy.js';

/** The degenerate baselines (docs/TRAINING.md): what a learner finds first if the town lets it. */
export const DEGENERATE_POLICIES = ['noop', 'uniform', 'chat_spam', 'use_spam', 'wander'] as const;
export type DegeneratePolicyName = (typeof DEGENERATE_POLICIES)[number];

const isMove = (a: number) => a >= Action.moveNorth && a <= Action.moveWest;
const isUse = (a: number) => a >= USE_BASE;

/**
 * - `noop`: always noop.
 * - `uniform`: a uniformly random action among those the mask allows.
 * - `chat_spam`: chat whenever the mask allows it, else uniform.
 * - `use_spam`: a random allowed use whenever there is one, else uniform.
 * - `wander`: a random allowed move (noop when boxed in).
 */
export function degeneratePolicy(name: DegeneratePolicyName, c: PolicyContext): ObservationPolicy {
  const { capacity, nActions, random } = c;
  const each = (decide: (masks: Uint8Array, row: number) => number) => ({
    name,
    act(step: EnvStep, out: Int32Array): void {
      const { masks, alive } = step;
      for (let row = 0; row < capacity; row++) out[row] = alive[row] === 1 ? decide(masks, row) : Action.noop;
    },
  });
  const uniform = (masks: Uint8Array, row: number) => randomAllowed(masks, row, nActions, random);
  switch (name) {
    case 'noop':
      return each(() => Action.noop);
    case 'uniform':
      return each(uniform);
    case 'chat_spam':
      return each((masks, row) => (masks[row * nActions + Action.chat] === 1 ? Action.chat : uniform(masks, row)));
    case 'use_spam':
      return each((masks, row) => {
        const use = randomAllowed(masks, row, nActions, random, isUse);
        return use >= 0 ? use : uniform(masks, row);
      });
    case 'wander':
      return each((masks, row) => {
        const move = randomAllowed(masks, row, nActions, random, isMove);
        return move >= 0 ? move : Action.noop;
      });
  }
}
