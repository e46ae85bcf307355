import { finishAffordance } from '../src/affordances/affordance-runtime.js';
import type { ShardState } from '../src/core/shard-state.js';

/**
 * Affordances (tick phase 7): running affordances whose last tick is this one complete — effects applied,
 * `after` hooks run, the object passed to the next in line. Reads: activity, manifest table. Writes: needs,
 * wallet, activity, objects, queues, reservations, events.
 */
export function affordanceSystem(s: ShardState, tick: number): void {
  const { affordance, endTick } = s.activity;
  const ids = s.live.ids(s.life.alive);
  for (let i = 0; i < ids.length; i++) {
    const eid = ids[i]!;
    if (affordance[eid]! >= 0 && endTick[eid]! <= tick) finishAffordance(s, eid, tick);
  }
}
