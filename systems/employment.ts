import type { ShardState } from '../src/core/shard-state.js';

/** PLACEHOLDER (tick phase 9): filled by the employment work. */
export function employmentSystem(_s: ShardState, _tick: number): void {}
