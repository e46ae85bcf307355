import type { ShardState } from '../core/shard-state.js';

/**
 * Whether the ledgers stored in slot `eid` belong to the life now in it. A replacement inherits nothing: until
 * it first gains an edge (claimLedgers) or the social system runs, its slot's old edges are void.
 * Reads: social.ownerLife, life.life.
 */
export function ownsLedgers(s: ShardState, eid: number): boolean {
  return s.social.ownerLife[eid] === s.life.life[eid];
}

/**
 * Empties slot `eid`'s ledgers when they were left by a previous life, so the current life can write them.
 * Writes: social.ownerLife, rivalryCount, tieCount, tieMoving. No events: the old edges ended with that life's exit.
 */
export function claimLedgers(s: ShardState, eid: number): void {
  const social = s.social;
  if (social.ownerLife[eid] === s.life.life[eid]) return;
  social.ownerLife[eid] = s.life.life[eid]!;
  social.rivalryCount[eid] = 0;
  social.tieCount[eid] = 0;
  social.tieMoving[eid] = 0;
}

/**
 * Whether an edge to `partner` made when the partner's slot held life `life` still points at a live agent.
 * Reads: life.alive, life.life. An edge that fails this is stale: readers skip it, decay drops it.
 */
export function partnerLive(s: ShardState, partner: number, life: number): boolean {
  return s.life.alive[partner] === 1 && s.life.life[partner] === life;
}
