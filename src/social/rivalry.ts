import { EventKind } from '../core/event-kinds.js';
import type { ShardState } from '../core/shard-state.js';
import { claimLedgers, ownsLedgers, partnerLive } from './owner.js';

/**
 * The rivalry ledger (docs/SOCIAL.md): per agent up to conflict.rivalry.max_edges directed edges with a score.
 * Edges of agent a live at a × K … a × K + count − 1 of the social.rivalry* arrays.
 */

/** Index of a's live edge to b in the rivalry arrays, or -1. Reads the rivalry ledger and life. */
export function rivalryIndex(s: ShardState, a: number, b: number): number {
  const social = s.social;
  if (!ownsLedgers(s, a)) return -1;
  const base = a * social.rivalryK;
  const end = base + social.rivalryCount[a]!;
  for (let i = base; i < end; i++) {
    // A stale edge to an earlier life of b's slot may sit beside the live one: skip it.
    if (social.rivalryPartner[i] === b && partnerLive(s, b, social.rivalryPartnerLife[i]!)) return i;
  }
  return -1;
}

/** a's rivalry score for b (0 without a live edge). */
export function rivalryScore(s: ShardState, a: number, b: number): number {
  const i = rivalryIndex(s, a, b);
  return i < 0 ? 0 : s.social.rivalryScore[i]!;
}

/** Whether a avoids b: a's score for b is at least conflict.rivalry.avoid_threshold. */
export function avoids(s: ShardState, a: number, b: number): boolean {
  if (s.social.rivalryCount[a] === 0) return false;
  const i = rivalryIndex(s, a, b);
  return i >= 0 && s.social.rivalryScore[i]! >= s.config.conflict.rivalry.avoid_threshold;
}

/**
 * Adds `amount` to a's score for b (one direction), clamped to [min_value, max_value]. A new edge is made only
 * when its score would be above eviction_threshold; in a full ledger it replaces the weakest edge (a stale one
 * first) if it is stronger, else it is not kept. Writes the rivalry ledger; rivalry_changed events for a
 * created edge, a crossing of avoid_threshold and an evicted edge (`object` = where it happened, 0 = nowhere).
 */
export function addRivalry(s: ShardState, a: number, b: number, amount: number, object: number): void {
  const social = s.social;
  const r = s.config.conflict.rivalry;
  claimLedgers(s, a);
  const i = rivalryIndex(s, a, b);
  if (i >= 0) {
    const before = social.rivalryScore[i]!;
    const after = Math.min(r.max_value, Math.max(r.min_value, before + amount));
    social.rivalryScore[i] = after;
    if (after <= r.eviction_threshold) removeRivalry(s, a, i, true, object);
    else if ((before >= r.avoid_threshold) !== (after >= r.avoid_threshold)) {
      s.events.emit(EventKind.rivalry_changed, a, object, b, after);
    }
    return;
  }
  const score = Math.min(r.max_value, Math.max(r.min_value, amount));
  if (score <= r.eviction_threshold) return;
  const base = a * social.rivalryK;
  if (social.rivalryCount[a] === social.rivalryK) {
    const weakest = weakestRivalry(s, a);
    if (partnerLive(s, social.rivalryPartner[weakest]!, social.rivalryPartnerLife[weakest]!)) {
      if (social.rivalryScore[weakest]! >= score) return; // the incumbents are all at least as strong
      removeRivalry(s, a, weakest, true, object);
    } else {
      removeRivalry(s, a, weakest, false, object);
    }
  }
  const j = base + social.rivalryCount[a]!;
  social.rivalryPartner[j] = b;
  social.rivalryPartnerLife[j] = s.life.life[b]!;
  social.rivalryScore[j] = score;
  social.rivalryCount[a]! += 1;
  s.events.emit(EventKind.rivalry_changed, a, object, b, score);
}

/**
 * One tick of decay for the rivalry ledgers of the agents in `ids` (live, ledgers their own): every score loses
 * decay_per_tick (not below min_value); an edge at or below eviction_threshold is dropped (rivalry_changed), one
 * falling below avoid_threshold reports it (rivalry_changed), a stale edge is dropped silently. Agents without
 * edges cost one read. Writes the rivalry ledger.
 */
export function decayRivalry(s: ShardState, ids: Uint32Array): void {
  const { rivalryCount, rivalryPartner, rivalryPartnerLife, rivalryScore, rivalryK } = s.social;
  const { alive, life } = s.life;
  const r = s.config.conflict.rivalry;
  const rate = r.decay_per_tick;
  const floor = r.min_value;
  const evict = r.eviction_threshold;
  const avoid = r.avoid_threshold;
  for (let k = 0; k < ids.length; k++) {
    const a = ids[k]!;
    const count = rivalryCount[a]!;
    if (count === 0) continue;
    const base = a * rivalryK;
    // Backwards, so removing slot i (the last edge moves into it) never skips an edge.
    for (let i = base + count - 1; i >= base; i--) {
      const b = rivalryPartner[i]!;
      if (alive[b] !== 1 || life[b] !== rivalryPartnerLife[i]) {
        removeRivalry(s, a, i, false, 0);
        continue;
      }
      const before = rivalryScore[i]!;
      const after = Math.max(floor, before - rate);
      rivalryScore[i] = after;
      if (after <= evict) removeRivalry(s, a, i, true, 0);
      else if (before >= avoid && after < avoid) s.events.emit(EventKind.rivalry_changed, a, 0, b, after);
    }
  }
}

/** The slot of a's weakest edge (a stale edge counts as weakest); a's ledger must not be empty. */
function weakestRivalry(s: ShardState, a: number): number {
  const social = s.social;
  const base = a * social.rivalryK;
  let weakest = base;
  for (let i = base; i < base + social.rivalryCount[a]!; i++) {
    if (!partnerLive(s, social.rivalryPartner[i]!, social.rivalryPartnerLife[i]!)) return i;
    if (social.rivalryScore[i]! < social.rivalryScore[weakest]!) weakest = i;
  }
  return weakest;
}

/** Removes the edge at index i of a's ledger by moving a's last edge into it; `report` writes the event. */
function removeRivalry(s: ShardState, a: number, i: number, report: boolean, object: number): void {
  const social = s.social;
  if (report) s.events.emit(EventKind.rivalry_changed, a, object, social.rivalryPartner[i]!, social.rivalryScore[i]!);
  const last = a * social.rivalryK + social.rivalryCount[a]! - 1;
  social.rivalryPartner[i] = social.rivalryPartner[last]!;
  social.rivalryPartnerLife[i] = social.rivalryPartnerLife[last]!;
  social.rivalryScore[i] = social.rivalryScore[last]!;
  social.rivalryCount[a]! -= 1;
}
