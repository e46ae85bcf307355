import type { ShardState } from '../core/shard-state.js';
import type { TensorState } from './tensor-state.js';

/**
 * PLACEHOLDER (masks/rewards helper): writes the action-mask rows of agent slots [from, to): 1 where the world
 * would accept the action next tick. Reads typed arrays only; empty slots get zeros.
 */
export function writeMasks(_s: ShardState, _t: TensorState, _from: number, _to: number): void {}
