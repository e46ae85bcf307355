import type { ShardState } from '../src/core/shard-state.js';
import { writeMasks } from '../src/tensors/masks.js';
import { writeObservations } from '../src/tensors/observations.js';
import { writeRewards } from '../src/tensors/rewards.js';
import { prepareTensors } from '../src/tensors/tensor-phase.js';

/**
 * Tensors, serial half (tick phases 13–14, only when the shard's tensors are consumed: s.tensors): reward events
 * into per-slot numbers, the observation and mask prepare steps, then every slot's reward. Rewards stay here, on
 * the tick's thread: they carry episode totals over ticks, so a row range that is redone must not add twice.
 * Reads the world and this tick's events; writes the reward tensor and the tensors' bookkeeping (reward episodes,
 * embedding slots, observation memory, tile bytes, chat-neighbour flags).
 */
export function tensorSerial(s: ShardState, tick: number): void {
  const t = s.tensors;
  if (!t) return;
  prepareTensors(s, t, tick);
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
