import { MOVE_DX, MOVE_DY } from '../actions/action-space.js';
import type { ShardState } from '../core/shard-state.js';

// Not the global `Infinity`: optimized code boxes a double merged with it (docs/PERFORMANCE.md, "Garbage per tick").
const INF = Infinity;

/**
 * The object row of `type` north, south, east or west of agent `eid` that a use at `tick` goes to (-1 = none):
 * the one it holds or waits for, else a free one, else the one with the shortest line; one it may not ask for
 * yet (its cooldown) comes last. The action system uses it, and the action masks predict with it.
 */
export function adjacentObject(s: ShardState, eid: number, type: number, tick: number): number {
  const { width, height } = s.grid;
  const x = s.positions.x[eid]!;
  const y = s.positions.y[eid]!;
  const index = s.objectIndex;
  const q = s.queues;
  const mine = q.holds[eid]! >= 0 ? q.holds[eid]! : q.waitingFor[eid]!;
  const resting = tick < q.cooldownUntil[eid]! ? q.cooldownObject[eid]! : -1;
  let best = -1;
  let bestLine = INF;
  for (let d = 0; d < 4; d++) {
    const nx = x + MOVE_DX[d]!;
    const ny = y + MOVE_DY[d]!;
    if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
    const object = index[ny * width + nx]!;
    if (object < 0 || s.objects.type[object] !== type) continue;
    if (object === mine) return object;
    const line =
      object === resting ? Number.MAX_SAFE_INTEGER : s.reservations.holder[object] === 0 ? 0 : 1 + q.length[object]!;
    if (line < bestLine) {
      best = object;
      bestLine = line;
    }
  }
  return best;
}
