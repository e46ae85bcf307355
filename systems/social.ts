import type { ShardState } from '../src/core/shard-state.js';
import { claimLedgers } from '../src/social/owner.js';
import { decayRivalry } from '../src/social/rivalry.js';
import { decayTies } from '../src/social/ties.js';

/**
 * Social (tick phase 10): one tick of ledger decay for every live agent (docs/SOCIAL.md). Rivalry scores lose
 * conflict.rivalry.decay_per_tick and are dropped at eviction_threshold; tie values move toward 0 by the
 * conflict.relationships rates and all-zero ties are dropped; edges to departed partners are dropped silently;
 * ledgers left in a slot by a previous life are emptied. Agents without edges cost two array reads.
 * Reads: life, config. Writes: the social ledgers, events (rivalry_changed, relationship_changed).
 */
export function socialSystem(s: ShardState, _tick: number): void {
  const { ownerLife, rivalryCount, tieCount } = s.social;
  const life = s.life.life;
  const ids = s.live.ids(s.life.alive);
  for (let i = 0; i < ids.length; i++) {
    const eid = ids[i]!;
    if ((rivalryCount[eid]! | tieCount[eid]!) === 0) continue;
    if (ownerLife[eid] !== life[eid]) {
      claimLedgers(s, eid);
      continue;
    }
    if (rivalryCount[eid]! > 0) decayRivalry(s, eid);
    if (tieCount[eid]! > 0) decayTies(s, eid);
  }
}
