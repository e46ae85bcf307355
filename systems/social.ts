import type { ShardState } from '../src/core/shard-state.js';
import { claimLedgers } from '../src/social/owner.js';
import { decayRivalry } from '../src/social/rivalry.js';
import { decayTies, TIE_SWEEP_TICKS } from '../src/social/ties.js';

/**
 * Social (tick phase 10): one tick of ledger decay for every live agent (docs/SOCIAL.md). Rivalry scores lose
 * conflict.rivalry.decay_per_tick and are dropped at eviction_threshold; tie values move toward 0 by the
 * conflict.relationships rates and all-zero ties are dropped; edges to departed partners are dropped silently;
 * ledgers left in a slot by a previous life are emptied first. Agents without edges, or whose ties hold still,
 * cost a few array reads; a stale tie that holds still is dropped at the next sweep (every 32 ticks).
 * Reads: life, config. Writes: the social ledgers, events (rivalry_changed, relationship_changed).
 */
export function socialSystem(s: ShardState, tick: number): void {
  const { ownerLife, rivalryCount, tieCount } = s.social;
  const life = s.life.life;
  const ids = s.live.ids(s.life.alive);
  // A replacement's slot may still hold its predecessor's edges: void them before decaying anything.
  for (let i = 0; i < ids.length; i++) {
    const eid = ids[i]!;
    if (ownerLife[eid] !== life[eid] && (rivalryCount[eid]! | tieCount[eid]!) !== 0) claimLedgers(s, eid);
  }
  decayRivalry(s, ids);
  decayTies(s, ids, tick % TIE_SWEEP_TICKS === 0);
}
