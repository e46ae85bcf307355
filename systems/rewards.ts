import type { ShardState } from '../src/core/shard-state.js';
import { gatherRewardEvents } from '../src/tensors/reward-events.js';
import { writeRewards } from '../src/tensors/rewards.js';

/**
 * Rewards (tick phase 13), only when the shard's tensors are consumed (s.tensors): this tick's reward of every
 * agent slot into the reward buffer (docs/TENSORS.md). Reads the world after the tick and this tick's events;
 * writes the reward buffer, the reward bookkeeping and the breakdown when asked.
 *
 * Two halves: gatherRewardEvents (main thread, O(events)) turns chats, chat failures, avoidances and exits into
 * per-slot numbers; writeRewards (rows [from, to), typed arrays only) may then run on row ranges in workers.
 */
export function rewardSystem(s: ShardState, tick: number): void {
  const t = s.tensors;
  if (!t) return;
  gatherRewardEvents(s, t.rewards);
  writeRewards(s, t, tick, 1, s.layout.capacity + 1);
}
