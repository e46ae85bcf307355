import type { ShardState } from '../src/core/shard-state.js';
import { writeMasks } from '../src/tensors/masks.js';
import { writeObservations } from '../src/tensors/observations.js';
import { writeRewards } from '../src/tensors/rewards.js';
import { gatherRewardEvents } from '../src/tensors/reward-events.js';
import { prepareRows } from '../src/tensors/tensor-phase.js';

/**
 * Tensors, serial half (tick phases 13–14, only when the shard's tensors are consumed: s.tensors): the observation
 * and mask prepare steps the rows read. Reads the world; writes the tensors' bookkeeping (embedding slots,
 * observation memory, tile bytes, chat-neighbour flags).
 */
export function tensorSerial(s: ShardState, tick: number): void {
  const t = s.tensors;
  if (!t) return;
  prepareRows(s, t, tick);
}

/**
 * Tensors, the half beside the rows: reward events into per-slot numbers, then every slot's reward. Rewards stay
 * on the tick's thread (they carry episode totals over ticks, so a row range that is redone must not add twice);
 * the rows neither read nor write what they touch, so they run while workers write rows. Reads the world and this
 * tick's events; writes the reward tensor and the reward episodes.
 */
export function tensorBeside(s: ShardState, tick: number): void {
  const t = s.tensors;
  if (!t) return;
  gatherRewardEvents(s, t.rewards);
  writeRewards(s, t, tick, 1, s.layout.capacity + 1);
}

/**
 * Tensors, row half: observation and mask rows of agent slots [from, to) for the end of this tick
 * (docs/TENSORS.md). Reads shared typed arrays only (registered state, tensor state and the derived arrays of
 * src/tensors/derived-arrays.ts) and writes only those rows, so disjoint ranges may run at once in worker threads
 * (Shard.stepAsync) with the bytes of the inline path.
 */
export function tensorRows(s: ShardState, tick: number, from: number, to: number): void {
  const t = s.tensors;
  if (!t) return;
  writeObservations(s, t, tick, from, to);
  writeMasks(s, t, tick, from, to);
}
