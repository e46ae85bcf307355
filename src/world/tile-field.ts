import { sharedInt32 } from '../../components/shared-arrays.js';
import { Action } from '../actions/action-space.js';
import type { Grid } from './grid.js';

/** Distance of a tile from which no seed can be reached. */
export const UNREACHABLE = 0x7fffffff;

/**
 * A walking-distance field from a set of seed tiles: a multi-source breadth-first search over the grid's
 * walkable tiles (moves north, south, east, west). Seeds are row-major tile indices; seeds outside the grid or
 * on blocked tiles are skipped. Each tile gets its number of moves to the nearest seed, UNREACHABLE where
 * walls cut it off (everywhere when no seed is usable). Every field of the engine (object types, work, meeting
 * points) is built here. Reads the grid only; allocates the field, and the queue unless one is lent.
 */
export function buildTileField(
  grid: Grid,
  seeds: ArrayLike<number>,
  queue: Int32Array = new Int32Array(grid.walkable.length),
): Int32Array {
  const { width, walkable } = grid;
  // Shared, so worker threads (observation rows) read the fields without a copy.
  const dist = sharedInt32(walkable.length).fill(UNREACHABLE);
  let tail = 0;
  for (let i = 0; i < seeds.length; i++) {
    const t = seeds[i]!;
    if (t < 0 || t >= dist.length || walkable[t] !== 1 || dist[t] === 0) continue;
    dist[t] = 0;
    queue[tail++] = t;
  }
  for (let head = 0; head < tail; head++) {
    const t = queue[head]!;
    const next = dist[t]! + 1;
    const x = t % width;
    // The four neighbours that exist, are walkable and are not reached yet join the frontier.
    if (t >= width && walkable[t - width] === 1 && dist[t - width] === UNREACHABLE) {
      dist[t - width] = next;
      queue[tail++] = t - width;
    }
    if (t + width < dist.length && walkable[t + width] === 1 && dist[t + width] === UNREACHABLE) {
      dist[t + width] = next;
      queue[tail++] = t + width;
    }
    if (x + 1 < width && walkable[t + 1] === 1 && dist[t + 1] === UNREACHABLE) {
      dist[t + 1] = next;
      queue[tail++] = t + 1;
    }
    if (x > 0 && walkable[t - 1] === 1 && dist[t - 1] === UNREACHABLE) {
      dist[t - 1] = next;
      queue[tail++] = t - 1;
    }
  }
  return dist;
}

/** Appends to `out` the tile indices of the in-grid north, south, east and west neighbours of (x, y). */
export function besideTiles(grid: Grid, x: number, y: number, out: number[]): number[] {
  const { width, height } = grid;
  if (y > 0) out.push((y - 1) * width + x);
  if (y + 1 < height) out.push((y + 1) * width + x);
  if (x + 1 < width) out.push(y * width + x + 1);
  if (x > 0) out.push(y * width + x - 1);
  return out;
}

/**
 * The move from tile `t` (at distance `d` > 0) to a neighbour one step closer on a breadth-first field:
 * north, south, east, west, the first that is closer. Such a neighbour always exists on a BFS field.
 */
export function stepDown(field: Int32Array, t: number, d: number, width: number): number {
  return stepDownAt(field, t, t % width, d, width);
}

/** stepDown for a caller that knows the tile's column `x` (no division in a hot loop). */
export function stepDownAt(field: Int32Array, t: number, x: number, d: number, width: number): number {
  if (t >= width && field[t - width]! < d) return Action.moveNorth;
  if (t + width < field.length && field[t + width]! < d) return Action.moveSouth;
  if (x + 1 < width && field[t + 1]! < d) return Action.moveEast;
  if (x > 0 && field[t - 1]! < d) return Action.moveWest;
  return Action.noop;
}
