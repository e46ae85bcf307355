import type { ShardState } from '../core/shard-state.js';
import { addRivalry } from './rivalry.js';
import { adjustTie } from './ties.js';

/** What caused a relationship change: selects the personality modifier (docs/SOCIAL.md). */
export const TieCause = { chatSuccess: 0, chatFailure: 1, polite: 2, conflict: 3, sharedMeal: 4 } as const;
type TieCauseCode = (typeof TieCause)[keyof typeof TieCause];

/** Relationship rivalry added per unit of conflict intensity (the reference's 0.1 + 0.05). */
export const CONFLICT_TIE_RIVALRY = 0.15;

/**
 * Applies the same deltas to a's tie to b and b's tie to a, each shaped by its owner's personality when
 * personalities.relationship_modifiers is on: a negative delta × (1 − 0.5·forgiveness) for forgiveness ≥ 0,
 * else × (1 + 0.5·|forgiveness|); a successful chat's familiarity + 0.02·extroversion; a conflict's rivalry
 * × max(0, 1 + 0.3·ambition) × conflictTolerance. Each delta is clamped to [−1, 1]. Reads personality.
 * Writes the relationship ledgers (adjustTie). `object` is the object row + 1 where it happened (0 = none).
 */
export function relate(
  s: ShardState,
  a: number,
  b: number,
  cause: TieCauseCode,
  dTrust: number,
  dFamiliarity: number,
  dRivalry: number,
  object: number,
): void {
  if (a === b) return;
  relateOneWay(s, a, b, cause, dTrust, dFamiliarity, dRivalry, object);
  relateOneWay(s, b, a, cause, dTrust, dFamiliarity, dRivalry, object);
}

function relateOneWay(
  s: ShardState,
  owner: number,
  partner: number,
  cause: TieCauseCode,
  dTrust: number,
  dFamiliarity: number,
  dRivalry: number,
  object: number,
): void {
  if (!s.config.personalities.relationship_modifiers) {
    adjustTie(s, owner, partner, dTrust, dFamiliarity, dRivalry, object);
    return;
  }
  const p = s.personality;
  if (cause === TieCause.chatSuccess) dFamiliarity += 0.02 * p.extroversion[owner]!;
  if (cause === TieCause.conflict && dRivalry > 0) {
    dRivalry *= Math.max(0, 1 + 0.3 * p.ambition[owner]!) * p.conflictTolerance[owner]!;
  }
  const forgiveness = p.forgiveness[owner]!;
  const soften = forgiveness >= 0 ? 1 - 0.5 * forgiveness : 1 + 0.5 * -forgiveness;
  adjustTie(
    s,
    owner,
    partner,
    limit(dTrust < 0 ? dTrust * soften : dTrust),
    limit(dFamiliarity < 0 ? dFamiliarity * soften : dFamiliarity),
    limit(dRivalry < 0 ? dRivalry * soften : dRivalry),
    object,
  );
}

function limit(d: number): number {
  return d < -1 ? -1 : d > 1 ? 1 : d;
}

/**
 * A queue conflict between a and b of the given intensity: both rivalry-ledger scores rise by
 * conflict.rivalry.increment_per_conflict × intensity, both ties' rivalry by 0.15 × intensity (personality
 * modified). Writes both ledgers.
 */
export function queueConflict(s: ShardState, a: number, b: number, intensity: number, object: number): void {
  if (a === b || a === 0 || b === 0) return;
  const amount = s.config.conflict.rivalry.increment_per_conflict * intensity;
  addRivalry(s, a, b, amount, object);
  addRivalry(s, b, a, amount, object);
  relate(s, a, b, TieCause.conflict, 0, 0, CONFLICT_TIE_RIVALRY * intensity, object);
}

/** Conflict intensity: base + queue_length_boost × extra waiting agents, clamped to [0.1, 5]. */
export function conflictIntensity(s: ShardState, base: number, extraWaiting: number): number {
  const v = base + s.config.conflict.rivalry.queue_length_boost * Math.max(extraWaiting, 0);
  return v < 0.1 ? 0.1 : v > 5 ? 5 : v;
}

/** A polite handover after a successful use: trust +0.05, familiarity +0.05, rivalry −0.05 both ways. */
export function politeHandover(s: ShardState, from: number, to: number, object: number): void {
  relate(s, from, to, TieCause.polite, 0.05, 0.05, -0.05, object);
}
