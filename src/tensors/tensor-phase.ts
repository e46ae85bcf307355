import type { ShardState } from '../core/shard-state.js';
import { writeMasks } from './masks.js';
import { prepareObservations } from './observation-prepare.js';
import { writeObservations } from './observations.js';
import type { TensorState } from './tensor-state.js';

/**
 * What the row writers read beyond the world (main thread, before any row): the observation prepare step
 * (embedding slots, tile bytes, fields; the masks read the tile bytes too). After it, the row writers
 * (systems/tensors.ts tensorRows) may run on any split of the rows, inline or in workers, with the same bytes as a
 * result.
 */
export function prepareRows(s: ShardState, t: TensorState, tick: number): void {
  prepareObservations(s, t, tick);
}

/**
 * Observations and masks of the world as it stands, without a tick's rewards: the first observation of an
 * episode (env reset, the start of a capture).
 */
export function observeNow(s: ShardState, t: TensorState, tick: number): void {
  const end = s.layout.capacity + 1;
  prepareObservations(s, t, tick);
  writeObservations(s, t, tick, 1, end);
  writeMasks(s, t, tick, 1, end);
}
