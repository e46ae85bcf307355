import { UNREACHABLE } from './distance-fields.js';
import type { Grid } from './grid.js';

/**
 * A walking-distance field from a set of seed tiles: a multi-source breadth-first search over the grid's
 * walkable tiles (moves north, south, east, west). Seeds are row-major tile indices; seeds outside the grid or
 * on blocked tiles are skipped. Each tile gets its number of moves to the nearest seed, UNREACHABLE where
 * walls cut it off (everywhere when no seed is usable). Reads the grid only; allocates the field and a queue.
 */
export function buildTileField(grid: Grid, seeds: ArrayLike<number>): Int32Array {
  const { width, walkable } = grid;
  const dist = new Int32Array(walkable.length).fill(UNREACHABLE);
  const queue = new Int32Array(walkable.length);
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
