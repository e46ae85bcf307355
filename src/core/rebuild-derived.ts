import { addComponent, hasComponent, removeComponent } from 'bitecs';
import type { ShardState } from './shard-state.js';

/**
 * After the registered state of a shard was replaced in place (a snapshot was loaded into it), forgets or
 * rebuilds everything derived from it, so the shard behaves exactly as the one that was saved:
 * - the live-agent list and the bitecs Alive tags follow `life.alive`;
 * - distance fields (and so the landmark fields built against them) are rebuilt on first use;
 * - the agent index rebuilds at the next tick (its stamp never matches a tick ≥ 1 until it is built);
 * - the observation tile bytes start clean (the next prepare step stamps every object and agent again) and
 *   every observation row is written whole at the next pass (no row keeps its window).
 * Per-tick scratch (events, reward event tallies, chat-neighbour flags) is rewritten by the next tick anyway.
 */
export function rebuildDerivedState(s: ShardState): void {
  const alive = s.life.alive;
  for (let eid = 1; eid <= s.layout.capacity; eid++) {
    const tagged = hasComponent(s.world, eid, s.tags.Alive);
    if (alive[eid] === 1 && !tagged) addComponent(s.world, eid, s.tags.Alive);
    else if (alive[eid] !== 1 && tagged) removeComponent(s.world, eid, s.tags.Alive);
  }
  s.live.invalidate();
  s.fields.invalidate();
  s.agentIndex.invalidate();
  const t = s.tensors;
  if (t) {
    t.observer.tileCode.fill(0);
    t.observer.tileBits.fill(0);
    t.observer.stampedCount[0] = 0;
    t.observer.rowTile.fill(-1);
    t.observer.landmarkRow.length = 0;
    t.observer.landmarkSource.length = 0;
    t.observer.pathHint.length = 0;
    t.observer.pathHintSource.length = 0;
  }
}
