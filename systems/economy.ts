import type { ShardState } from '../src/core/shard-state.js';

/** PLACEHOLDER (tick phase 9): filled by the economy work. */
export function economySystem(_s: ShardState, _tick: number): void {}
