import { performance } from 'node:perf_hooks';
import { roundTo } from './round-to.js';
import type { ScheduledSystem } from './schedule.js';

/** The profile row of the time the tick thread waits for worker threads after writing its own rows. */
export const POOL_WAIT_ROW = 'pool-wait';

/**
 * Wall time spent in each system of the schedule, for `townlet run --profile`, on step() and stepAsync() alike,
 * plus the time stepAsync waits for the worker pool. Timing only: never feeds the simulation.
 */
export class SystemProfiler {
  readonly names: readonly string[];
  /** Milliseconds per row (same order as names; the last row is the pool wait). */
  readonly totalMs: Float64Array;
  calls = 0;

  constructor(schedule: readonly ScheduledSystem[]) {
    this.names = [...schedule.map((s) => `${s.phase}:${s.name}`), POOL_WAIT_ROW];
    this.totalMs = new Float64Array(this.names.length);
  }

  /** Now, in milliseconds (a start mark for add). */
  now(): number {
    return performance.now();
  }

  /** Adds the time since `start` to row `row`. */
  add(row: number, start: number): void {
    this.totalMs[row]! += performance.now() - start;
  }

  /** Counts one tick. */
  tick(): void {
    this.calls++;
  }

  /** The row of the pool wait. */
  get poolRow(): number {
    return this.names.length - 1;
  }

  /** Per-row totals and means, slowest first. */
  report(): { system: string; total_ms: number; mean_us: number; share: number }[] {
    const sum = this.totalMs.reduce((a, b) => a + b, 0) || 1;
    return this.names
      .map((system, i) => ({
        system,
        total_ms: roundTo(this.totalMs[i]!, 3),
        mean_us: roundTo((this.totalMs[i]! * 1000) / Math.max(1, this.calls), 2),
        share: roundTo(this.totalMs[i]! / sum, 4),
      }))
      .sort((a, b) => b.total_ms - a.total_ms);
  }
}
