import type { ShardState } from '../core/shard-state.js';
import type { TensorState } from './tensor-state.js';

/**
 * PLACEHOLDER (observations helper): writes the observation rows of agent slots [from, to) (row = slot − 1)
 * for the end of `tick`. Reads typed arrays only (so a worker can run it on a row range); empty slots get zeros.
 */
export function writeObservations(_s: ShardState, _t: TensorState, _tick: number, _from: number, _to: number): void {}
