import { inputError } from '../core/errors.js';
import type { ShardState } from '../core/shard-state.js';
import { ownsLedgers, partnerLive } from './owner.js';
import { rivalryScore } from './rivalry.js';
import { tieIndex } from './ties.js';

/** The highest trust agent `eid` has in any live partner (0 when it has no tie). Reads the ties and life. */
export function strongestTrust(s: ShardState, eid: number): number {
  const social = s.social;
  if (social.tieCount[eid] === 0 || !ownsLedgers(s, eid)) return 0;
  const base = eid * social.tieK;
  let best = 0;
  let any = false;
  for (let i = base; i < base + social.tieCount[eid]!; i++) {
    if (!partnerLive(s, social.tiePartner[i]!, social.tiePartnerLife[i]!)) continue;
    if (!any || social.trust[i]! > best) best = social.trust[i]!;
    any = true;
  }
  return best;
}

/** A directed tie as the API reports it. */
export interface Tie {
  trust: number;
  familiarity: number;
  rivalry: number;
}

/**
 * Agent `from`'s tie to agent `to` (live agent ids such as `agent-3` or `agent-3#1`), or null when it has none.
 * Throws InputError naming the argument when an id is not a live agent. Reads the ties.
 */
export function tieBetween(s: ShardState, from: string, to: string): Tie | null {
  const a = liveAgent(s, from, 'from');
  const b = liveAgent(s, to, 'to');
  const i = tieIndex(s, a, b);
  if (i < 0) return null;
  return { trust: s.social.trust[i]!, familiarity: s.social.familiarity[i]!, rivalry: s.social.rivalry[i]! };
}

/**
 * Agent `from`'s rivalry-ledger score for `to` (0 when no edge). Throws InputError naming the argument when an
 * id is not a live agent. Reads the rivalry ledger.
 */
export function rivalryBetween(s: ShardState, from: string, to: string): number {
  return rivalryScore(s, liveAgent(s, from, 'from'), liveAgent(s, to, 'to'));
}

/** Entity id of the live agent `id`; InputError otherwise (allocates: API calls, not hot loops). */
function liveAgent(s: ShardState, id: string, argument: string): number {
  const eid = typeof id === 'string' && id !== '' ? s.agentIds.indexOf(id) : -1;
  if (eid < 1 || s.life.alive[eid] !== 1) {
    inputError(`social API: ${argument}`, 'the id of a live agent (e.g. "agent-1")', JSON.stringify(id));
  }
  return eid;
}
