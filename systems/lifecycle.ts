import { detachAgent } from '../src/affordances/affordance-runtime.js';
import { vacateSlot } from '../src/core/agent-slots.js';
import { EventKind, ExitReasonCode } from '../src/core/event-kinds.js';
import type { ShardState } from '../src/core/shard-state.js';
import { TOTAL_EXITS_BASE, TOTAL_PENDING_RESPAWNS } from '../src/core/totals.js';

/**
 * Lifecycle (tick phase 12): faints become exits, and each exit writes its slot's respawn ticket.
 * Reads: needs.hunger, life, config lifecycle. Writes: life (alive, exitReason, respawnAt), totals, events;
 * draws respawn delays from the world stream.
 *
 * Ticket rule: due = exit tick + delay drawn in respawn_delay_ticks; never sooner than exit_cooldown_ticks after
 * the slot's previous replacement; and if the slot already had max_respawns_per_slot_per_day replacements on
 * the due day, the ticket moves to the first tick of the next day.
 */
export function lifecycleSystem(state: ShardState, tick: number): void {
  const { lifecycle } = state.config;
  if (!lifecycle.mortality) return;
  const { hunger } = state.needs;
  const threshold = lifecycle.faint_threshold;
  // Vacating a slot only marks the live list stale; this view stays intact until the next ids() call.
  const ids = state.live.ids(state.life.alive);
  for (let i = 0; i < ids.length; i++) {
    const eid = ids[i]!;
    if (hunger[eid]! > threshold) continue;
    state.events.emit(EventKind.agent_faint, eid, 0, 0, hunger[eid]!);
    exitAgent(state, eid, tick, ExitReasonCode.faint);
  }
}

/** Removes an agent from the world for `reasonCode` and schedules its slot's replacement. */
export function exitAgent(state: ShardState, eid: number, tick: number, reasonCode: number): void {
  detachAgent(state, eid, tick);
  vacateSlot(state, eid, reasonCode);
  state.totals.values[TOTAL_EXITS_BASE + reasonCode]! += 1;
  state.events.emit(EventKind.agent_exit, eid, 0, reasonCode);
  scheduleReplacement(state, eid, tick);
}

function scheduleReplacement(state: ShardState, eid: number, tick: number): void {
  const { lifecycle, ticks_per_day: tpd } = state.config;
  const cap = lifecycle.max_respawns_per_slot_per_day;
  if (cap === 0) return;
  const [lo, hi] = lifecycle.respawn_delay_ticks;
  const drawn = tick + state.rng.world.int(lo, hi);
  let due = drawn;
  const last = state.life.lastRespawnTick[eid]!;
  if (last >= 0) due = Math.max(due, last + lifecycle.exit_cooldown_ticks);
  const day = Math.floor(due / tpd);
  const usedToday = state.life.respawnDay[eid] === day ? state.life.respawnsToday[eid]! : 0;
  if (usedToday >= cap) due = (day + 1) * tpd;
  state.life.respawnAt[eid] = due;
  state.totals.values[TOTAL_PENDING_RESPAWNS]! += 1;
  if (due !== drawn) state.events.emit(EventKind.respawn_deferred, eid, 0, due);
}
