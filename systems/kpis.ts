import { EventKind } from '../src/core/event-kinds.js';
import type { ShardState } from '../src/core/shard-state.js';
import {
  TOTAL_AGENT_DAYS,
  TOTAL_AGENT_DAYS_SELF_SUFFICIENT,
  TOTAL_ENDED_LIFE_TICKS,
  TOTAL_ENDED_LIVES,
  TOTAL_STARVATION_INCIDENTS,
} from '../src/core/totals.js';

/**
 * KPI accounting (tick phase 15, after every system that can end a life). docs/KPIS.md defines the KPIs.
 * Reads: needs.hunger, life, this tick's agent_exit events, config stability.starvation.
 * Writes: kpis (per-slot day flags, starvation runs), totals (agent-days, ended lives, incidents), events.
 *
 * A starvation incident is hunger ≤ starvation.hunger_threshold for min_duration_ticks consecutive ticks (one
 * incident per run of such ticks). An agent-day is a (slot, day) pair in which a life occupied the slot; days
 * run from tick d·ticks_per_day + 1 to (d+1)·ticks_per_day and count only when they began inside the run.
 */
export function kpiSystem(s: ShardState, tick: number): void {
  const k = s.kpis;
  if (k.runStart[0] === 0) k.runStart[0] = tick;
  const t = s.totals.values;
  const { hunger_threshold: starving, min_duration_ticks: minRun } = s.config.stability.starvation;
  const hunger = s.needs.hunger;
  const ids = s.live.ids(s.life.alive);
  for (let i = 0; i < ids.length; i++) {
    const eid = ids[i]!;
    k.dayLived[eid] = 1;
    if (hunger[eid]! > starving) {
      k.starvingFor[eid] = 0;
      continue;
    }
    // Saturate instead of wrapping: one incident per run, however long the run lasts.
    if (k.starvingFor[eid]! < 0xffff) k.starvingFor[eid]! += 1;
    if (k.starvingFor[eid] === minRun) {
      k.dayFailed[eid] = 1;
      t[TOTAL_STARVATION_INCIDENTS]! += 1;
      s.events.emit(EventKind.starvation_incident, eid, 0, 0, hunger[eid]!);
    }
  }
  if (s.events.count(EventKind.agent_exit) > 0) countExits(s, tick);
  if (tick % s.config.ticks_per_day === 0) closeDay(s, tick);
}

/** Exits of this tick: the day fails for the slot, and the life's length goes into the tenure sums. */
function countExits(s: ShardState, tick: number): void {
  const e = s.events;
  const k = s.kpis;
  const t = s.totals.values;
  const from = k.runStart[0]! - 1;
  for (let i = 0; i < e.length; i++) {
    if (e.kind[i] !== EventKind.agent_exit) continue;
    const eid = e.agent[i]!;
    k.dayLived[eid] = 1;
    k.dayFailed[eid] = 1;
    k.starvingFor[eid] = 0;
    t[TOTAL_ENDED_LIVES]! += 1;
    t[TOTAL_ENDED_LIFE_TICKS]! += tick - Math.max(s.life.bornTick[eid]!, from);
  }
}

function closeDay(s: ShardState, tick: number): void {
  const k = s.kpis;
  const t = s.totals.values;
  const counted = tick - s.config.ticks_per_day + 1 >= k.runStart[0]!;
  for (let eid = 1; eid < k.dayLived.length; eid++) {
    if (counted && k.dayLived[eid] === 1) {
      t[TOTAL_AGENT_DAYS]! += 1;
      if (k.dayFailed[eid] === 0) t[TOTAL_AGENT_DAYS_SELF_SUFFICIENT]! += 1;
    }
    k.dayLived[eid] = 0;
    k.dayFailed[eid] = 0;
  }
}
