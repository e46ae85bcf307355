import type { ShardState } from '../src/core/shard-state.js';

/** PLACEHOLDER (tick phase 3): filled by the perturbations work. */
export function perturbationSystem(_s: ShardState, _tick: number): void {}
