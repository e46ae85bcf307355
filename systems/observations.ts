import type { ShardState } from '../src/core/shard-state.js';
import { prepareMasks } from '../src/tensors/mask-state.js';
import { writeMasks } from '../src/tensors/masks.js';
import { prepareObservations } from '../src/tensors/observation-prepare.js';
import { writeObservations } from '../src/tensors/observations.js';

/**
 * Observations and masks (tick phase 14), only when the shard's tensors are consumed (s.tensors): every agent
 * slot's observation row and action mask for the end of this tick, which the policy acts on next tick.
 * Reads the world; writes the observation and mask buffers, the embedding slots and the observation memory
 * (docs/TENSORS.md). The prepare step is serial; the rows may be split over workers.
 */
export function observationSystem(s: ShardState, tick: number): void {
  const t = s.tensors;
  if (!t) return;
  const end = s.layout.capacity + 1;
  prepareObservations(s, t, tick);
  writeObservations(s, t, tick, 1, end);
  prepareMasks(s, t); // main thread: chat neighbours from the end-of-tick positions; the row pass is worker-safe
  writeMasks(s, t, tick, 1, end);
}
