import { roundTo } from './round-to.js';
import { performance } from 'node:perf_hooks';
import type { ScheduledSystem } from './schedule.js';
import type { ShardState } from './shard-state.js';

/** Wall time spent in each system, for `townlet run --profile`. Timing only: never feeds the simulation. */
export class SystemProfiler {
  readonly names: readonly string[];
  /** Milliseconds per system (same order as names). */
  readonly totalMs: Float64Array;
  calls = 0;

  constructor(schedule: readonly ScheduledSystem[]) {
    this.names = schedule.map((s) => `${s.phase}:${s.name}`);
    this.totalMs = new Float64Array(schedule.length);
  }

  /** Runs the schedule once, timing each system. */
  runTimed(schedule: readonly ScheduledSystem[], state: ShardState, tick: number): void {
    for (let i = 0; i < schedule.length; i++) {
      const start = performance.now();
      schedule[i]!.run(state, tick);
      this.totalMs[i]! += performance.now() - start;
    }
    this.calls++;
  }

  /** Per-system totals and means, slowest first. */
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
