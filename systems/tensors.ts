import type { ShardState } from '../src/core/shard-state.js';
import { prepareTensors, writeTensorRows } from '../src/tensors/tensor-phase.js';

/**
 * Tensors (tick phases 13–14: rewards, observations and masks), only when the shard's tensors are consumed
 * (s.tensors): the serial prepare step, then every agent slot's reward, observation row and action mask for the
 * end of this tick (docs/TENSORS.md). With a worker pool (Shard.stepAsync) the rows are split over threads
 * instead; the bytes are the same. Reads the world and this tick's events; writes the tensor buffers and their
 * bookkeeping (reward episodes, embedding slots, observation memory).
 */
export function tensorSystem(s: ShardState, tick: number): void {
  const t = s.tensors;
  if (!t) return;
  prepareTensors(s, t, tick);
  writeTensorRows(s, t, tick, 1, s.layout.capacity + 1);
}
