import type { ShardState } from '../core/shard-state.js';
import { prepareMasks } from './mask-state.js';
import { writeMasks } from './masks.js';
import { prepareObservations } from './observation-prepare.js';
import { writeObservations } from './observations.js';
import { gatherRewardEvents } from './reward-events.js';
import type { TensorState } from './tensor-state.js';

/**
 * The serial half of a tick's tensor work (main thread): reward events into per-slot numbers, the observation
 * prepare step (embedding slots, tile bytes, fields) and the mask prepare step (chat neighbours). After it, the
 * row writers (systems/tensors.ts tensorRows) may run on any split of the rows, inline or in workers, with the
 * same bytes as a result.
 */
export function prepareTensors(s: ShardState, t: TensorState, tick: number): void {
  gatherRewardEvents(s, t.rewards);
  prepareObservations(s, t, tick);
  prepareMasks(s, t);
}

/**
 * Observations and masks of the world as it stands, without a tick's rewards: the first observation of an
 * episode (env reset, the start of a capture).
 */
export function observeNow(s: ShardState, t: TensorState, tick: number): void {
  const end = s.layout.capacity + 1;
  prepareObservations(s, t, tick);
  prepareMasks(s, t);
  writeObservations(s, t, tick, 1, end);
  writeMasks(s, t, tick, 1, end);
}
