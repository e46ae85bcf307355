import { letGo } from '../src/affordances/queue-ops.js';
import { EventKind } from '../src/core/event-kinds.js';
import type { ShardState } from '../src/core/shard-state.js';

/**
 * Nightly reset (tick phase 11), on the last tick of each day (tick % ticks_per_day == 0).
 * Reads: config nightly_reset, homes, activity, live agents. Writes: positions, queues (through queue-ops),
 * needs, events. Daily counters of other systems (shift lateness, employment exits) reset on their own day change.
 *
 * With go_home, every agent not running an affordance leaves any line it is in and returns to its home tile
 * (an agent in the middle of a meal or a sleep finishes it where it is). Needs below needs_floor are raised to
 * it (the reference raises them to 0.5; off by default). One nightly_reset event carries how many went home.
 */
export function nightlyResetSystem(s: ShardState, tick: number): void {
  const cfg = s.config.nightly_reset;
  if (!cfg.enabled || tick % s.config.ticks_per_day !== 0) return;
  const { x, y } = s.positions;
  const { hunger, hygiene, energy } = s.needs;
  const busy = s.activity.affordance;
  const floor = cfg.needs_floor;
  const { width, walkable } = s.grid;
  let moved = 0;
  const ids = s.live.ids(s.life.alive);
  for (let i = 0; i < ids.length; i++) {
    const eid = ids[i]!;
    if (floor > 0) {
      if (hunger[eid]! < floor) hunger[eid] = floor;
      if (hygiene[eid]! < floor) hygiene[eid] = floor;
      if (energy[eid]! < floor) energy[eid] = floor;
    }
    if (!cfg.go_home || busy[eid]! >= 0) continue;
    const hx = s.homes.x[eid]!;
    const hy = s.homes.y[eid]!;
    if ((hx === x[eid] && hy === y[eid]) || walkable[hy * width + hx] !== 1) continue;
    letGo(s, eid, tick);
    x[eid] = hx;
    y[eid] = hy;
    moved++;
  }
  s.events.emit(EventKind.nightly_reset, 0, 0, 0, moved);
}
