import { sharedInt32 } from '../../components/shared-arrays.js';
import type { ShardState } from '../core/shard-state.js';
import type { Grid } from '../world/grid.js';
import { besideTiles } from '../world/tile-field.js';
import { LANDMARK_TYPES } from './observation-spec.js';
import type { ObserverState } from './observer-state.js';

/**
 * Makes sure the static target fields rows read are built: `o.landmarkRow[i]` holds, for landmark type i
 * (LANDMARK_TYPES), the object row nearest each tile by walking, and `o.workTarget[j]`, for job j, the work tile
 * nearest each tile by walking (-1 where none is reachable). Landmark fields are rebuilt only when the shard's
 * distance field of that type was rebuilt (the map changed); work fields follow the job table, built once.
 * Serial (the prepare step); rows only read the result, and worker threads receive it (derived-arrays.ts).
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
  const fields = s.jobs.fields;
  for (let j = 0; j < fields.length; j++) {
    if (o.workTarget[j] !== undefined) continue;
    const field = fields[j]!;
    const tiles: number[] = [];
    for (let t = 0; t < field.length; t++) if (field[t] === 0) tiles.push(t);
    o.workTarget[j] = labelByWalking(s.grid, tiles, tiles);
  }
}

/** Labels each walkable tile with the object row of `type` reached first by walking (ties: lower row). */
function nearestObjectRows(s: ShardState, type: number): Int32Array {
  const tiles: number[] = [];
  const labels: number[] = [];
  const beside: number[] = [];
  for (let row = 0; row < s.layout.objectCount; row++) {
    if (s.objects.type[row] !== type) continue;
    beside.length = 0;
    for (const t of besideTiles(s.grid, s.objects.x[row]!, s.objects.y[row]!, beside)) {
      tiles.push(t);
      labels.push(row);
    }
  }
  return labelByWalking(s.grid, tiles, labels);
}

/**
 * A breadth-first search from the walkable seed tiles (in order, so ties go to the earlier seed) that labels each
 * walkable tile with the label of the seed it is reached from first; -1 where no seed is reachable.
 */
function labelByWalking(grid: Grid, seedTiles: readonly number[], seedLabels: readonly number[]): Int32Array {
  const { width, walkable } = grid;
  const label = sharedInt32(walkable.length).fill(-1);
  const queue = new Int32Array(walkable.length);
  let tail = 0;
  for (let i = 0; i < seedTiles.length; i++) {
    const t = seedTiles[i]!;
    if (walkable[t] !== 1 || label[t] !== -1) continue;
    label[t] = seedLabels[i]!;
    queue[tail++] = t;
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
