import type { Grid } from './grid.js';

/**
 * Live agents by tile, for neighbour look-ups (chat partners). Each tile heads a list of the agents on it in
 * ascending entity order (`first(tile)`, then `next(agent)` until 0). Building costs O(live agents): the
 * previous build's tiles are cleared one by one instead of wiping the whole map. Derived from positions, not
 * hashed. `ensure` builds at most once per tick: the policy (phase 4) and the actions (phase 5, before any
 * move) share one build from the start-of-tick positions.
 */
export class AgentIndex {
  readonly #grid: Grid;
  #head: Uint32Array | undefined;
  readonly #next: Uint32Array;
  /** Tiles the last build wrote, so the next build can clear exactly those. */
  readonly #used: Int32Array;
  #usedCount = 0;
  #tick = -1;

  constructor(grid: Grid, capacity: number) {
    this.#grid = grid;
    this.#next = new Uint32Array(capacity + 1);
    this.#used = new Int32Array(capacity);
  }

  /** Builds from the live ids (ascending) and their positions unless it was already built for `tick`. */
  ensure(ids: Uint32Array, xs: Int16Array, ys: Int16Array, tick: number): void {
    if (this.#tick !== tick) this.build(ids, xs, ys, tick);
  }

  /** Whether the index was built for `tick` (callers skip gathering the ids; a live-id view is an allocation). */
  builtFor(tick: number): boolean {
    return this.#tick === tick;
  }

  /** Forgets the last build's stamp, so the next ensure() builds (the positions were replaced wholesale). */
  invalidate(): void {
    this.#tick = -1;
  }

  /** Rebuilds the lists from the live ids (ascending) and their positions, stamped with `tick`. */
  build(ids: Uint32Array, xs: Int16Array, ys: Int16Array, tick: number): void {
    const width = this.#grid.width;
    const head = (this.#head ??= new Uint32Array(width * this.#grid.height));
    for (let i = 0; i < this.#usedCount; i++) head[this.#used[i]!] = 0;
    // Push in descending id order so every list ends up ascending.
    for (let i = ids.length - 1; i >= 0; i--) {
      const eid = ids[i]!;
      const t = ys[eid]! * width + xs[eid]!;
      this.#next[eid] = head[t]!;
      head[t] = eid;
      this.#used[ids.length - 1 - i] = t;
    }
    this.#usedCount = ids.length;
    this.#tick = tick;
  }

  /** The lowest entity id on tile `t` (y × width + x), or 0. */
  first(t: number): number {
    return this.#head![t]!;
  }

  /** The next agent on the same tile as `eid` (ascending ids), or 0. */
  next(eid: number): number {
    return this.#next[eid]!;
  }
}
