import type { ShardState } from '../core/shard-state.js';

/**
 * PLACEHOLDER (employment helper): the scripted policy's work decision. Returns the action that takes agent
 * `eid` to work or keeps it there during its shift window, or -1 when it is not work time.
 */
export function workAction(_s: ShardState, _eid: number, _tick: number): number {
  return -1;
}

/** PLACEHOLDER: true when starting an affordance of `duration` ticks now would make the agent late for work. */
export function wouldMakeLate(_s: ShardState, _eid: number, _tick: number, _duration: number): boolean {
  return false;
}
