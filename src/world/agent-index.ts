import type { Grid } from './grid.js';

/**
 * Live agents bucketed by tile (a counting sort over tile indices), for neighbour look-ups such as chat.
 * Built on demand from current positions; the arrays are allocated once and reused.
 */
export class AgentIndex {
  readonly #grid: Grid;
  #start: Int32Array | undefined;
  readonly #agents: Uint32Array;

  constructor(grid: Grid, capacity: number) {
    this.#grid = grid;
    this.#agents = new Uint32Array(capacity);
  }

  /** Rebuilds the buckets from the live ids (ascending) and their positions. */
  build(ids: Uint32Array, xs: Int16Array, ys: Int16Array): void {
    const width = this.#grid.width;
    const start = (this.#start ??= new Int32Array(width * this.#grid.height + 1));
    start.fill(0);
    for (let i = 0; i < ids.length; i++) start[ys[ids[i]!]! * width + xs[ids[i]!]! + 1]! += 1;
    for (let t = 1; t < start.length; t++) start[t]! += start[t - 1]!;
    // Fill each bucket from its start; ids ascend, so buckets list agents in entity order.
    for (let i = 0; i < ids.length; i++) {
      const eid = ids[i]!;
      const t = ys[eid]! * width + xs[eid]!;
      this.#agents[start[t]!] = eid;
      start[t]! += 1;
    }
    // Shift back: start[t] was advanced to the end of bucket t, which is the start of bucket t + 1.
    for (let t = start.length - 1; t > 0; t--) start[t] = start[t - 1]!;
    start[0] = 0;
  }

  /**
   * The lowest entity id other than `self` within Chebyshev distance 1 of (x, y), or 0 when there is none.
   */
  lowestNeighbour(self: number, x: number, y: number): number {
    const { width, height } = this.#grid;
    const start = this.#start!;
    let best = 0;
    for (let dy = -1; dy <= 1; dy++) {
      const ny = y + dy;
      if (ny < 0 || ny >= height) continue;
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx;
        if (nx < 0 || nx >= width) continue;
        const t = ny * width + nx;
        for (let i = start[t]!; i < start[t + 1]!; i++) {
          const other = this.#agents[i]!;
          if (other !== self && (best === 0 || other < best)) best = other;
        }
      }
    }
    return best;
  }
}
