import type { ShardState } from '../core/shard-state.js';
import type { StateRegistry } from '../core/state-registry.js';
import type { TensorState } from './tensor-state.js';

/** PLACEHOLDER (masks/rewards helper): per-agent reward bookkeeping (episode totals, death windows, …). */
export function createRewardState(_capacity: number) {
  return {};
}
export type RewardState = ReturnType<typeof createRewardState>;

export function registerRewardState(_registry: StateRegistry, _r: RewardState): void {}

/** PLACEHOLDER: computes this tick's rewards of agent slots [from, to) into t.buffers.rewards. */
export function writeRewards(_s: ShardState, _t: TensorState, _tick: number, _from: number, _to: number): void {}
