import type { ShardState } from '../core/shard-state.js';
import { UNREACHABLE } from '../world/distance-fields.js';

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
  let bestD = Infinity;
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
  const { width, height, walkable } = s.grid;
  const dist = new Int32Array(width * height).fill(UNREACHABLE);
  const queue = new Int32Array(width * height);
  let tail = 0;
  const ox = s.objects.x[row]!;
  const oy = s.objects.y[row]!;
  const neighbours = [ox, oy - 1, ox, oy + 1, ox + 1, oy, ox - 1, oy];
  for (let i = 0; i < neighbours.length; i += 2) {
    const nx = neighbours[i]!;
    const ny = neighbours[i + 1]!;
    if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
    const t = ny * width + nx;
    if (walkable[t] !== 1 || dist[t] === 0) continue;
    dist[t] = 0;
    queue[tail++] = t;
  }
  for (let head = 0; head < tail; head++) {
    const t = queue[head]!;
    const next = dist[t]! + 1;
    const x = t % width;
    const visit = (n: number) => {
      if (walkable[n] === 1 && dist[n] === UNREACHABLE) {
        dist[n] = next;
        queue[tail++] = n;
      }
    };
    if (t >= width) visit(t - width);
    if (t + width < dist.length) visit(t + width);
    if (x + 1 < width) visit(t + 1);
    if (x > 0) visit(t - 1);
  }
  cache.set(row, dist);
  return dist;
}
