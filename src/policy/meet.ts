import type { ShardState } from '../core/shard-state.js';

/** PLACEHOLDER (perturbation helper): the action taking agent `eid` to its arranged meeting, or -1 when it has none. */
export function meetAction(_s: ShardState, _eid: number, _tick: number): number {
  return -1;
}
