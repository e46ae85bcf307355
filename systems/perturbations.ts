import type { ShardState } from '../src/core/shard-state.js';
import {
  freeSlot,
  SLOT_ACTIVE,
  SLOT_PENDING,
} from '../src/perturbations/perturbation-state.js';
import { activate, conclude, fillSlot, specAt } from '../src/perturbations/scheduler.js';

/**
 * Perturbation scheduler (tick phase 3), docs/PERTURBATIONS.md. Reads the perturbation config and state, the
 * events stream; writes the event table, spec and agent cooldowns, window entries, buckets, and through the
 * events' effects prices, utilities and meeting assignments. In order:
 *  1. active events whose end tick has come end (effects undone, perturbation_ended);
 *  2. pending events due start, in id order (an arranged meet with nobody to draw is cancelled);
 *  3. while fewer than max_concurrent_events are active, each spec in config order that is off cooldown, under
 *     its window limit and has prob_per_day > 0 fires when an events-stream draw < prob_per_day ÷ ticks_per_day.
 * Per tick it scans the 64-slot table; no per-agent work except when an arranged meet starts or ends.
 */
export function perturbationSystem(s: ShardState, tick: number): void {
  const p = s.perturbations;
  let active = 0;
  for (let slot = 0; slot < p.status.length; slot++) {
    if (p.status[slot] !== SLOT_ACTIVE) continue;
    if (p.endsAt[slot]! <= tick) conclude(s, slot, false);
    else active++;
  }
  for (let slot = nextDue(s, tick); slot >= 0; slot = nextDue(s, tick)) {
    if (activate(s, slot, tick)) active++;
    else conclude(s, slot, true);
  }
  const cfg = s.config.perturbations;
  const rate = 1 / s.config.ticks_per_day;
  for (let spec = 0; spec < p.specs.length && active < cfg.max_concurrent_events; spec++) {
    const sc = specAt(s, spec);
    if (sc.prob_per_day <= 0 || tick < p.specCooldownUntil[spec]!) continue;
    const w = p.windowSize;
    // The ring's oldest entry is the start max_events_per_window starts ago: still in the window = at the limit.
    if (cfg.max_events_per_window > 0 && p.windowStarts[spec * w + p.windowHead[spec]!]! > tick - cfg.window_ticks) {
      continue;
    }
    const slot = freeSlot(p);
    if (slot < 0) break;
    if (s.rng.events.next() >= sc.prob_per_day * rate) continue;
    fillSlot(s, slot, spec, { startsAt: tick });
    if (activate(s, slot, tick)) {
      p.nextId[0]! += 1;
      active++;
    }
  }
}

/** The pending event with the lowest id whose start tick has come, or -1. */
function nextDue(s: ShardState, tick: number): number {
  const p = s.perturbations;
  let best = -1;
  for (let slot = 0; slot < p.status.length; slot++) {
    if (p.status[slot] === SLOT_PENDING && p.startsAt[slot]! <= tick && (best < 0 || p.id[slot]! < p.id[best]!)) {
      best = slot;
    }
  }
  return best;
}
