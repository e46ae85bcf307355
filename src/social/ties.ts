import { EventKind } from '../core/event-kinds.js';
import type { ShardState } from '../core/shard-state.js';
import { claimLedgers, ownsLedgers, partnerLive } from './owner.js';

// Not the global `Infinity`: optimized code boxes a double merged with it (docs/PERFORMANCE.md, "Garbage per tick").
const INF = Infinity;

/**
 * The relationship ledger (docs/SOCIAL.md): per agent up to conflict.relationships.max_edges directed ties
 * (trust, familiarity, rivalry). Ties of agent a live at a × K … a × K + count − 1 of the social.tie* arrays.
 */

/** Index of a's live tie to b in the tie arrays, or -1. Reads the relationship ledger and life. */
export function tieIndex(s: ShardState, a: number, b: number): number {
  const social = s.social;
  if (social.tieCount[a] === 0 || !ownsLedgers(s, a)) return -1;
  const base = a * social.tieK;
  const end = base + social.tieCount[a]!;
  for (let i = base; i < end; i++) {
    if (social.tiePartner[i] === b && partnerLive(s, b, social.tiePartnerLife[i]!)) return i;
  }
  return -1;
}

/** a's regard for b: trust + familiarity − rivalry of a's tie to b (0 without a tie), in [−3, 2]. */
export function tieScore(s: ShardState, a: number, b: number): number {
  const i = tieIndex(s, a, b);
  if (i < 0) return 0;
  const social = s.social;
  return social.trust[i]! + social.familiarity[i]! - social.rivalry[i]!;
}

/**
 * Adds the deltas to a's tie to b (one direction; personality modifiers already applied), clamping trust and
 * familiarity to [−1, 1] and rivalry to [0, 1]. A new tie is made unless all three values would be 0; in a full
 * ledger it replaces the tie with the lowest trust + familiarity (a stale one first) if the new one is higher,
 * else it is not kept. Writes the relationship ledger; relationship_changed events (value = trust) for a tie
 * created, trust reaching conflict.relationships.friend_trust, and a tie evicted.
 */
export function adjustTie(
  s: ShardState,
  a: number,
  b: number,
  dTrust: number,
  dFamiliarity: number,
  dRivalry: number,
  object: number,
): void {
  const social = s.social;
  const friend = s.config.conflict.relationships.friend_trust;
  claimLedgers(s, a);
  social.tieMoving[a] = 1; // let the next decay look (it clears the flag when nothing moves)
  let i = tieIndex(s, a, b);
  if (i >= 0) {
    const before = social.trust[i]!;
    social.trust[i] = clamp(before + dTrust, -1, 1);
    social.familiarity[i] = clamp(social.familiarity[i]! + dFamiliarity, -1, 1);
    social.rivalry[i] = clamp(social.rivalry[i]! + dRivalry, 0, 1);
    if (before < friend && social.trust[i]! >= friend) {
      s.events.emit(EventKind.relationship_changed, a, object, b, social.trust[i]!);
    }
    return;
  }
  const trust = clamp(dTrust, -1, 1);
  const familiarity = clamp(dFamiliarity, -1, 1);
  const rivalry = clamp(dRivalry, 0, 1);
  if (trust === 0 && familiarity === 0 && rivalry === 0) return;
  if (social.tieCount[a] === social.tieK) {
    const weakest = weakestTie(s, a);
    if (partnerLive(s, social.tiePartner[weakest]!, social.tiePartnerLife[weakest]!)) {
      if (social.trust[weakest]! + social.familiarity[weakest]! >= trust + familiarity) return;
      removeTie(s, a, weakest, true, object);
    } else {
      removeTie(s, a, weakest, false, object);
    }
  }
  i = a * social.tieK + social.tieCount[a]!;
  social.tiePartner[i] = b;
  social.tiePartnerLife[i] = s.life.life[b]!;
  social.trust[i] = trust;
  social.familiarity[i] = familiarity;
  social.rivalry[i] = rivalry;
  social.tieCount[a]! += 1;
  s.events.emit(EventKind.relationship_changed, a, object, b, social.trust[i]!);
}

/** Ticks between full sweeps of the tie decay (stale ties of agents whose ties hold still are dropped then). */
export const TIE_SWEEP_TICKS = 32;

/**
 * One tick of decay for the ties of the agents in `ids` (live, ledgers their own): trust, familiarity and
 * rivalry move toward 0 by conflict.relationships trust_decay, familiarity_decay and rivalry_decay; a tie whose
 * values all reach 0 is dropped (relationship_changed), a stale tie is dropped silently. Only agents flagged in
 * tieMoving are visited, all of them when `sweep` (every TIE_SWEEP_TICKS ticks: most ties hold still with the
 * default rates, so this keeps the per-tick cost to one read per agent). Writes the relationship ledger.
 */
export function decayTies(s: ShardState, ids: Uint32Array, sweep: boolean): void {
  const { tieCount, tieMoving, tiePartner, tiePartnerLife, trust, familiarity, rivalry, tieK } = s.social;
  const { alive, life } = s.life;
  const rel = s.config.conflict.relationships;
  const trustRate = rel.trust_decay;
  const familiarityRate = rel.familiarity_decay;
  const rivalryRate = rel.rivalry_decay;
  for (let k = 0; k < ids.length; k++) {
    const a = ids[k]!;
    const still = tieMoving[a] === 0;
    if (still && !sweep) continue;
    const count = tieCount[a]!;
    const base = a * tieK;
    if (still) {
      // Nothing moves: only look for stale ties.
      for (let i = base + count - 1; i >= base; i--) {
        const b = tiePartner[i]!;
        if (alive[b] !== 1 || life[b] !== tiePartnerLife[i]) removeTie(s, a, i, false, 0);
      }
      continue;
    }
    let moving = 0;
    for (let i = base + count - 1; i >= base; i--) {
      const b = tiePartner[i]!;
      if (alive[b] !== 1 || life[b] !== tiePartnerLife[i]) {
        removeTie(s, a, i, false, 0);
        continue;
      }
      const t = toward0(trust[i]!, trustRate);
      const f = toward0(familiarity[i]!, familiarityRate);
      const r = toward0(rivalry[i]!, rivalryRate);
      trust[i] = t;
      familiarity[i] = f;
      rivalry[i] = r;
      if (t === 0 && f === 0 && r === 0) removeTie(s, a, i, true, 0);
      else if ((t !== 0 && trustRate > 0) || (f !== 0 && familiarityRate > 0) || (r !== 0 && rivalryRate > 0)) {
        moving = 1;
      }
    }
    tieMoving[a] = moving;
  }
}

/**
 * v moved toward 0 by rate. Values are stored as float32 while rates are doubles, so a value that should land on
 * 0 can stop a rounding error short (0.6 − 3 × 0.2 leaves 3e-8): anything within a ten-thousandth of one tick's
 * decay of 0 counts as 0, and a tie is gone after ⌈|v| ÷ rate⌉ ticks as documented.
 */
function toward0(v: number, rate: number): number {
  const next = v > rate ? v - rate : v < -rate ? v + rate : 0;
  return Math.abs(next) <= rate * 1e-4 ? 0 : next;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** The slot of a's tie with the lowest trust + familiarity (a stale tie counts as lowest). */
function weakestTie(s: ShardState, a: number): number {
  const social = s.social;
  const base = a * social.tieK;
  let weakest = base;
  let low = INF;
  for (let i = base; i < base + social.tieCount[a]!; i++) {
    if (!partnerLive(s, social.tiePartner[i]!, social.tiePartnerLife[i]!)) return i;
    const sum = social.trust[i]! + social.familiarity[i]!;
    if (sum < low) {
      weakest = i;
      low = sum;
    }
  }
  return weakest;
}

function removeTie(s: ShardState, a: number, i: number, report: boolean, object: number): void {
  const social = s.social;
  if (report) s.events.emit(EventKind.relationship_changed, a, object, social.tiePartner[i]!, social.trust[i]!);
  const last = a * social.tieK + social.tieCount[a]! - 1;
  social.tiePartner[i] = social.tiePartner[last]!;
  social.tiePartnerLife[i] = social.tiePartnerLife[last]!;
  social.trust[i] = social.trust[last]!;
  social.familiarity[i] = social.familiarity[last]!;
  social.rivalry[i] = social.rivalry[last]!;
  social.tieCount[a]! -= 1;
}
