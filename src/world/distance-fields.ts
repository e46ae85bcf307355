import type { Grid } from './grid.js';

/** Distance of a tile from which no object of the type can be reached. */
export const UNREACHABLE = 0x7fffffff;

/**
 * Walking distances to the nearest object of each type, one field per type code: the number of moves from a
 * tile to a tile beside (north, south, east or west of) such an object, UNREACHABLE where walls cut it off.
 * Each field is a multi-source breadth-first search over walkable tiles, built the first time a type is
 * asked for and kept until the map changes (`invalidate`). Agents walk downhill: one step to a neighbour one
 * closer. Fields are derived from the grid and objects, so they are not part of the hashed state.
 */
export class DistanceFields {
  readonly #grid: Grid;
  readonly #objectType: Uint8Array;
  readonly #objectX: Int16Array;
  readonly #objectY: Int16Array;
  readonly #fields: (Int32Array | undefined)[] = [];
  readonly #queue: Int32Array;
  /** Searches run since the shard started (tests check that fields are cached). */
  builds = 0;

  constructor(grid: Grid, objectType: Uint8Array, objectX: Int16Array, objectY: Int16Array) {
    this.#grid = grid;
    this.#objectType = objectType;
    this.#objectX = objectX;
    this.#objectY = objectY;
    this.#queue = new Int32Array(grid.width * grid.height);
  }

  /** The field of object type `type` (built on first use). */
  field(type: number): Int32Array {
    return this.#fields[type] ?? this.#build(type);
  }

  /** Forgets every field: call after walls or objects move. */
  invalidate(): void {
    this.#fields.length = 0;
  }

  #build(type: number): Int32Array {
    const { width, height, walkable } = this.#grid;
    const dist = new Int32Array(width * height).fill(UNREACHABLE);
    const queue = this.#queue;
    let tail = 0;
    const seed = (x: number, y: number) => {
      if (x < 0 || y < 0 || x >= width || y >= height) return;
      const t = y * width + x;
      if (walkable[t] !== 1 || dist[t] === 0) return;
      dist[t] = 0;
      queue[tail++] = t;
    };
    for (let row = 0; row < this.#objectType.length; row++) {
      if (this.#objectType[row] !== type) continue;
      const x = this.#objectX[row]!;
      const y = this.#objectY[row]!;
      seed(x, y - 1);
      seed(x, y + 1);
      seed(x + 1, y);
      seed(x - 1, y);
    }
    for (let head = 0; head < tail; head++) {
      const t = queue[head]!;
      const next = dist[t]! + 1;
      const x = t % width;
      // Each neighbour: in bounds, walkable, not yet reached.
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
    this.#fields[type] = dist;
    this.builds++;
    return dist;
  }
}
