import type { ShardState } from '../core/shard-state.js';

/** PLACEHOLDER (social helper): the highest trust agent `eid` has in any live partner (0 when it has no tie). */
export function strongestTrust(_s: ShardState, _eid: number): number {
  return 0;
}

/** A directed tie as the API reports it. */
export interface Tie {
  trust: number;
  familiarity: number;
  rivalry: number;
}

/** PLACEHOLDER: agent `from`'s tie to agent `to` (ids), or null when it has none. */
export function tieBetween(_s: ShardState, _from: string, _to: string): Tie | null {
  return null;
}

/** PLACEHOLDER: agent `from`'s rivalry-ledger score for `to` (0 when no edge). */
export function rivalryBetween(_s: ShardState, _from: string, _to: string): number {
  return 0;
}
