import { sharedInt32 } from '../../components/shared-arrays.js';
import type { ShardState } from '../core/shard-state.js';
import { besideTiles } from '../world/tile-field.js';
import { LANDMARK_TYPES } from './observation-spec.js';
import type { ObserverState } from './observer-state.js';

/**
 * Makes sure `o.landmarkRow[i]` holds, for landmark type i (LANDMARK_TYPES), the object row nearest each tile by
 * walking (-1 where none is reachable). Built once per map: it is rebuilt only when the shard's distance field
 * of that type was rebuilt (the map changed). Serial (the prepare step); rows only read the result.
 */
export function ensureLandmarks(s: ShardState, o: ObserverState): void {
  for (let i = 0; i < LANDMARK_TYPES.length; i++) {
    const type = s.objectTypes.code(LANDMARK_TYPES[i]!);
    if (type < 0) continue;
    const source = s.fields.field(type);
    if (o.landmarkSource[i] === source) continue;
    o.landmarkRow[i] = nearestObjectRows(s, type);
    o.landmarkSource[i] = source;
  }
}

/**
 * A breadth-first search from the tiles beside every object of `type` (object row order, so ties go to the
 * lower row) that labels each walkable tile with the object row it reaches first.
 */
function nearestObjectRows(s: ShardState, type: number): Int32Array {
  const { width, walkable } = s.grid;
  const label = sharedInt32(walkable.length).fill(-1);
  const queue = new Int32Array(walkable.length);
  const seeds: number[] = [];
  let tail = 0;
  for (let row = 0; row < s.layout.objectCount; row++) {
    if (s.objects.type[row] !== type) continue;
    seeds.length = 0;
    for (const t of besideTiles(s.grid, s.objects.x[row]!, s.objects.y[row]!, seeds)) {
      if (walkable[t] !== 1 || label[t] !== -1) continue;
      label[t] = row;
      queue[tail++] = t;
    }
  }
  for (let head = 0; head < tail; head++) {
    const t = queue[head]!;
    const x = t % width;
    const row = label[t]!;
    if (t >= width) tail = visit(t - width, row, label, walkable, queue, tail);
    if (t + width < label.length) tail = visit(t + width, row, label, walkable, queue, tail);
    if (x + 1 < width) tail = visit(t + 1, row, label, walkable, queue, tail);
    if (x > 0) tail = visit(t - 1, row, label, walkable, queue, tail);
  }
  return label;
}

function visit(t: number, row: number, label: Int32Array, walkable: Uint8Array, queue: Int32Array, tail: number) {
  if (walkable[t] !== 1 || label[t] !== -1) return tail;
  label[t] = row;
  queue[tail] = t;
  return tail + 1;
}
