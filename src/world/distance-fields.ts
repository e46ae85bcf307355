import type { Grid } from './grid.js';
import { besideTiles, buildTileField } from './tile-field.js';

export { UNREACHABLE } from './tile-field.js';

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
  /** Set in worker threads: fields come from the main thread (adopt), and asking for a missing one is a bug. */
  #adoptedOnly = false;

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

  /** The fields built so far, by object type code (shared arrays: worker threads adopt them). */
  built(): [number, Int32Array][] {
    const out: [number, Int32Array][] = [];
    this.#fields.forEach((f, type) => {
      if (f) out.push([type, f]);
    });
    return out;
  }

  /**
   * Replaces every field with another thread's (`built()`), and from then on refuses to build one: a worker
   * thread reads exactly the main thread's fields, never a search of its own.
   */
  adopt(fields: readonly (readonly [number, Int32Array])[]): void {
    this.#fields.length = 0;
    for (const [type, f] of fields) this.#fields[type] = f;
    this.#adoptedOnly = true;
  }

  /** Forgets every field: call after walls or objects move. */
  invalidate(): void {
    this.#fields.length = 0;
  }

  #build(type: number): Int32Array {
    if (this.#adoptedOnly) throw new Error(`distance field of object type ${type} was not built by the main thread`);
    const seeds: number[] = [];
    for (let row = 0; row < this.#objectType.length; row++) {
      if (this.#objectType[row] === type) besideTiles(this.#grid, this.#objectX[row]!, this.#objectY[row]!, seeds);
    }
    const dist = buildTileField(this.#grid, seeds, this.#queue);
    this.#fields[type] = dist;
    this.builds++;
    return dist;
  }
}
