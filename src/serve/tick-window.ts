/**
 * The durations of the last `size` ticks (a ring of doubles), for the tick latency percentiles /health reports.
 * Real timings of the served shard, not a model; one write per tick, no allocation.
 */
export class TickWindow {
  readonly #ms: Float64Array;
  #count = 0;
  #next = 0;

  constructor(size = 1024) {
    this.#ms = new Float64Array(size);
  }

  /** Records one tick's duration in milliseconds. */
  add(ms: number): void {
    this.#ms[this.#next] = ms;
    this.#next = (this.#next + 1) % this.#ms.length;
    if (this.#count < this.#ms.length) this.#count++;
  }

  /** Ticks in the window. */
  get count(): number {
    return this.#count;
  }

  /** The share (0..1) of the window's values at most `ms`; 1 when empty. */
  shareAtMost(ms: number): number {
    if (this.#count === 0) return 1;
    let n = 0;
    for (let i = 0; i < this.#count; i++) if (this.#ms[i]! <= ms) n++;
    return n / this.#count;
  }

  /** The q-quantile (0..1, nearest rank) of the window in milliseconds; 0 when empty. */
  quantile(q: number): number {
    if (this.#count === 0) return 0;
    const sorted = Float64Array.from(this.#ms.subarray(0, this.#count)).sort();
    return sorted[Math.min(this.#count - 1, Math.max(0, Math.ceil(q * this.#count) - 1))]!;
  }
}
