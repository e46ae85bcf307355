import type { ShardState } from '../src/core/shard-state.js';

/** PLACEHOLDER (tick phase 10): filled by the social work. */
export function socialSystem(_s: ShardState, _tick: number): void {}
