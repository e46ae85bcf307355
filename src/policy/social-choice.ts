import type { ShardState } from '../core/shard-state.js';

/** PLACEHOLDER (social helper): the action of an agent whose needs are met (chat with a neighbour), or -1. */
export function socialAction(_s: ShardState, _eid: number, _tick: number): number {
  return -1;
}

/**
 * PLACEHOLDER (social helper): the action that avoids a rival when agent `eid`, standing beside an object of
 * affordance `k`'s type, would have to queue behind a rival; -1 when there is nothing to avoid.
 */
export function avoidRivalAction(_s: ShardState, _eid: number, _k: number, _tick: number): number {
  return -1;
}
