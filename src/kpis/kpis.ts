import { EXIT_REASONS, type ExitReason } from '../core/event-kinds.js';
import type { ShardState } from '../core/shard-state.js';
import {
  TOTAL_ABSENT_SHIFTS,
  TOTAL_AGENT_DAYS,
  TOTAL_AGENT_DAYS_SELF_SUFFICIENT,
  TOTAL_ENDED_LIFE_TICKS,
  TOTAL_ENDED_LIVES,
  TOTAL_EXITS_BASE,
  TOTAL_LATE_SHIFTS,
  TOTAL_PENALTIES,
  TOTAL_SHIFTS,
  TOTAL_SPENT,
  TOTAL_STARVATION_INCIDENTS,
  TOTAL_WAGES,
} from '../core/totals.js';

/** Trust at or above which a tie counts for relationship_coverage. */
export const COVERAGE_TRUST = 0.3;

/** The charter KPIs and their inputs (docs/KPIS.md). Ratios are null when their denominator is 0. */
export interface RunKpis {
  /** Agent-days with no exit and no starvation incident ÷ agent-days. */
  self_sufficiency: number | null;
  /** Mean length in days of every life lived in the run (running lives count up to now). */
  tenure_days_mean: number | null;
  /** Live agents with a tie of trust ≥ 0.3 ÷ live agents. */
  relationship_coverage: number | null;
  /** Wages earned ÷ money spent on food and services. */
  income_spend_ratio: number | null;
  /** Late shifts ÷ shifts. */
  lateness_rate: number | null;
  /** Absent shifts ÷ shifts. */
  absence_rate: number | null;
  starvation_incidents: number;
  exits_by_reason: Record<ExitReason, number>;
  agent_days: number;
  lives: number;
  shifts: number;
  wages_earned: number;
  spent: number;
  penalties: number;
}

/** The KPIs of the run so far (allocates: for summaries, not hot loops). */
export function computeKpis(s: ShardState): RunKpis {
  const t = s.totals.values;
  const tick = s.clock[0]!;
  const from = Math.max(s.kpis.runStart[0]! - 1, 0);
  let runningTicks = 0;
  const ids = s.live.ids(s.life.alive);
  const alive = ids.length;
  const born = s.life.bornTick;
  for (let i = 0; i < alive; i++) runningTicks += tick - Math.max(born[ids[i]!]!, from);
  const tied = tiedAgents(s, ids);
  const lives = t[TOTAL_ENDED_LIVES]! + alive;
  const shifts = t[TOTAL_SHIFTS]!;
  return {
    self_sufficiency: ratio(t[TOTAL_AGENT_DAYS_SELF_SUFFICIENT]!, t[TOTAL_AGENT_DAYS]!),
    tenure_days_mean: ratio(t[TOTAL_ENDED_LIFE_TICKS]! + runningTicks, lives * s.config.ticks_per_day),
    relationship_coverage: ratio(tied, alive),
    income_spend_ratio: ratio(t[TOTAL_WAGES]!, t[TOTAL_SPENT]!),
    lateness_rate: ratio(t[TOTAL_LATE_SHIFTS]!, shifts),
    absence_rate: ratio(t[TOTAL_ABSENT_SHIFTS]!, shifts),
    starvation_incidents: t[TOTAL_STARVATION_INCIDENTS]!,
    exits_by_reason: Object.fromEntries(
      EXIT_REASONS.map((r, i) => [r, t[TOTAL_EXITS_BASE + i + 1]!]),
    ) as Record<ExitReason, number>,
    agent_days: t[TOTAL_AGENT_DAYS]!,
    lives,
    shifts,
    wages_earned: t[TOTAL_WAGES]!,
    spent: t[TOTAL_SPENT]!,
    penalties: t[TOTAL_PENALTIES]!,
  };
}

/**
 * How many of `ids` have `strongestTrust ≥ COVERAGE_TRUST` (relationship_coverage), in one pass over the ledgers
 * that stops at an agent's first tie that settles it: the KPIs are taken every few ticks while a stream runs, on the
 * tick's thread. Same count as asking strongestTrust of each (tests/kpis-coverage.test.ts), NaN trust included.
 */
export function tiedAgents(s: ShardState, ids: Uint32Array): number {
  const { tieK, tieCount, ownerLife, tiePartner, tiePartnerLife, trust } = s.social;
  const { alive, life } = s.life;
  let tied = 0;
  for (let k = 0; k < ids.length; k++) {
    const eid = ids[k]!;
    const count = tieCount[eid]!;
    if (count === 0 || ownerLife[eid] !== life[eid]) continue;
    let first = true;
    for (let i = eid * tieK, end = i + count; i < end; i++) {
      const partner = tiePartner[i]!;
      if (alive[partner] !== 1 || life[partner] !== tiePartnerLife[i]) continue;
      const v = trust[i]!;
      // strongestTrust's maximum starts at the first live tie's trust: NaN there stays NaN (never covered).
      if (first && v !== v) break;
      first = false;
      if (v >= COVERAGE_TRUST) {
        tied++;
        break;
      }
    }
  }
  return tied;
}

function ratio(a: number, b: number): number | null {
  return b > 0 ? a / b : null;
}
