import type { ShardState } from '../core/shard-state.js';
import { besideTiles, buildTileField } from '../world/tile-field.js';

// Not the global `Infinity`: optimized code boxes a double merged with it (docs/PERFORMANCE.md, "Garbage per tick").
const INF = Infinity;

/**
 * The meeting object for `location` (a spec's object id, else object type) as seen from agent `eid`: the object
 * with that id; else, of the objects of that type, the one nearest `eid` (Manhattan distance, ties: lowest row);
 * -1 when there is none. Reads object ids, types and positions. Runs once per meeting, not per tick.
 */
export function meetingObject(s: ShardState, location: string, eid: number): number {
  const byId = s.objectIds.indexOf(location);
  if (byId >= 0) return byId;
  const type = s.objectTypes.code(location);
  if (type < 0) return -1;
  const { x, y } = s.objects;
  const ax = s.positions.x[eid]!;
  const ay = s.positions.y[eid]!;
  let best = -1;
  let bestD = INF;
  for (let row = 0; row < s.layout.objectCount; row++) {
    if (s.objects.type[row] !== type) continue;
    const d = Math.abs(x[row]! - ax) + Math.abs(y[row]! - ay);
    if (d < bestD) {
      bestD = d;
      best = row;
    }
  }
  return best;
}

/** True when `location` names an object id or a type some object has. */
export function locationExists(s: ShardState, location: string): boolean {
  if (s.objectIds.indexOf(location) >= 0) return true;
  const type = s.objectTypes.code(location);
  return type >= 0 && s.objects.type.includes(type);
}

/**
 * Walking distance from every tile to a tile beside object `row` (north, south, east or west), UNREACHABLE
 * behind walls: a breadth-first search over walkable tiles, cached per object row in perturbations.derived
 * (derived from the grid, so not hashed; a missing field is simply rebuilt).
 */
export function meetingField(s: ShardState, row: number): Int32Array {
  const cache = s.perturbations.derived.meetingFields;
  const known = cache.get(row);
  if (known) return known;
  const dist = buildTileField(s.grid, besideTiles(s.grid, s.objects.x[row]!, s.objects.y[row]!, []));
  cache.set(row, dist);
  return dist;
}
