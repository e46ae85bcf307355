import type { ShardState } from '../src/core/shard-state.js';
import { writeRewards } from '../src/tensors/rewards.js';

/**
 * Rewards (tick phase 13), only when the shard's tensors are consumed (s.tensors): this tick's reward of every
 * agent slot into the reward buffer (docs/TENSORS.md). Reads the world after the tick; writes the reward
 * buffer and the reward bookkeeping.
 */
export function rewardSystem(s: ShardState, tick: number): void {
  const t = s.tensors;
  if (t) writeRewards(s, t, tick, 1, s.layout.capacity + 1);
}
