import { performance } from 'node:perf_hooks';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { EXIT_REASONS } from '../core/event-kinds.js';
import type { ShardState } from '../core/shard-state.js';
import { TOTAL_EXITS_BASE, TOTAL_INVALID_ACTIONS, TOTAL_TICKS } from '../core/totals.js';
import type { ShardRunner } from './shard-runner.js';

/** Seconds buckets for tick and system durations: 50 µs … 2.5 s. */
const BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** Ticks per second are measured over this much wall time. */
const RATE_WINDOW_MS = 5000;

/** What the metrics read besides the runner: the last snapshot's age in seconds, if there is one. */
export interface MetricsSources {
  lastSnapshotAgeSeconds(): number | undefined;
}

/**
 * The served shard's Prometheus metrics (prom-client, a registry of its own): `townlet_` prefix, `_total`
 * counters, `_seconds` histograms for the tick and each system, gauges for ticks per second, live agents, queue
 * lengths, snapshot age and the worker pool, and the Node process metrics. Updated once per tick from the
 * shard's typed counters (no per-agent labels, no per-agent work beyond a sum over the queue lengths).
 */
export class ServeMetrics {
  readonly registry = new Registry();
  readonly #runner: ShardRunner;
  readonly #ticks: Counter;
  readonly #tickSeconds: Histogram;
  readonly #systemSeconds: Histogram;
  readonly #exits: Counter;
  readonly #invalid: Counter;
  readonly #poolTasks: Counter;
  readonly #poolRecoveries: Counter;
  readonly #alive: Gauge;
  readonly #queued: Gauge;
  readonly #lateSeconds: Histogram;
  readonly #stamps = new Float64Array(4096);
  #stampNext = 0;
  #last = { ticks: 0, invalid: 0, exits: new Float64Array(EXIT_REASONS.length), tasks: 0, recoveries: 0 };
  #systemTotals: Float64Array | undefined;

  constructor(runner: ShardRunner, sources: MetricsSources) {
    this.#runner = runner;
    const registers = [this.registry];
    const s = runner.shard.state;
    collectDefaultMetrics({ register: this.registry });
    this.#ticks = new Counter({ name: 'townlet_ticks_total', help: 'Ticks simulated by this process', registers });
    this.#tickSeconds = new Histogram({
      name: 'townlet_tick_seconds',
      help: 'Wall time of one tick',
      buckets: BUCKETS,
      registers,
    });
    this.#lateSeconds = new Histogram({
      name: 'townlet_tick_start_late_seconds',
      help: 'With --tick-rate: how late a tick started after its slot',
      buckets: BUCKETS,
      registers,
    });
    this.#systemSeconds = new Histogram({
      name: 'townlet_system_seconds',
      help: 'Wall time of one system in one tick (pool-wait: waiting for worker threads)',
      labelNames: ['system'],
      buckets: BUCKETS,
      registers,
    });
    this.#exits = new Counter({
      name: 'townlet_exits_total',
      help: 'Agents that left the town, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.#invalid = new Counter({
      name: 'townlet_invalid_actions_total',
      help: 'Actions that could not apply and became no-ops',
      registers,
    });
    this.#poolTasks = new Counter({ name: 'townlet_worker_tasks_total', help: 'Row tasks sent to workers', registers });
    this.#poolRecoveries = new Counter({
      name: 'townlet_worker_recoveries_total',
      help: 'Row tasks redone on the tick thread because a worker died',
      registers,
    });
    const stamps = this.#stamps;
    new Gauge({
      name: 'townlet_ticks_per_second',
      help: `Ticks per second over the last ${RATE_WINDOW_MS / 1000} s`,
      registers,
      collect() {
        const now = performance.now();
        let n = 0;
        let oldest = now;
        for (const t of stamps) {
          if (t > 0 && now - t <= RATE_WINDOW_MS) {
            n++;
            if (t < oldest) oldest = t;
          }
        }
        this.set(n < 2 ? 0 : ((n - 1) * 1000) / Math.max(1, now - oldest));
      },
    });
    this.#alive = new Gauge({ name: 'townlet_agents_alive', help: 'Agents alive at the last tick boundary', registers });
    this.#alive.set(runner.shard.liveAgents);
    // Ticks yield mid-way (a scrape may come mid-tick): world-derived gauges are set at the boundary, in afterTick.
    this.#queued = new Gauge({ name: 'townlet_queue_agents', help: 'Agents waiting in object lines at the last tick boundary', registers });
    this.#queued.set(queuedAgents(s));
    new Gauge({
      name: 'townlet_snapshot_age_seconds',
      help: 'Seconds since the last snapshot was written (-1: none yet)',
      registers,
      collect() {
        this.set(sources.lastSnapshotAgeSeconds() ?? -1);
      },
    });
    new Gauge({
      name: 'townlet_worker_threads',
      help: 'Worker threads of the tensor pool (0: inline)',
      registers,
      collect() {
        this.set(runner.shard.workerPool?.threads ?? 0);
      },
    });
    new Gauge({
      name: 'townlet_tick',
      help: 'The last simulated tick',
      registers,
      collect() {
        this.set(runner.lastTick);
      },
    });
    new Gauge({
      name: 'townlet_running',
      help: '1 while the shard ticks, 0 when paused, stopped, finished or faulted',
      registers,
      collect() {
        this.set(runner.status === 'running' ? 1 : 0);
      },
    });
  }

  /** Called after each tick (at the boundary). */
  afterTick(ms: number): void {
    const s = this.#runner.shard.state;
    const totals = s.totals.values;
    this.#stamps[this.#stampNext] = performance.now();
    this.#stampNext = (this.#stampNext + 1) % this.#stamps.length;
    this.#tickSeconds.observe(ms / 1000);
    if (this.#runner.paced) this.#lateSeconds.observe(this.#runner.lastLateMs / 1000);
    const last = this.#last;
    this.#ticks.inc(totals[TOTAL_TICKS]! - last.ticks);
    last.ticks = totals[TOTAL_TICKS]!;
    this.#invalid.inc(totals[TOTAL_INVALID_ACTIONS]! - last.invalid);
    last.invalid = totals[TOTAL_INVALID_ACTIONS]!;
    for (let i = 0; i < EXIT_REASONS.length; i++) {
      const v = totals[TOTAL_EXITS_BASE + i + 1]!;
      if (v !== last.exits[i]) this.#exits.inc({ reason: EXIT_REASONS[i]! }, v - last.exits[i]!);
      last.exits[i] = v;
    }
    const pool = this.#runner.shard.workerPool;
    if (pool) {
      this.#poolTasks.inc(pool.tasks - last.tasks);
      this.#poolRecoveries.inc(pool.recoveries - last.recoveries);
      last.tasks = pool.tasks;
      last.recoveries = pool.recoveries;
    }
    this.#alive.set(this.#runner.shard.liveAgents);
    this.#queued.set(queuedAgents(s));
    // The profiler's own totals: no report objects, no sort, on every tick.
    const profile = this.#runner.shard.profileTotals();
    if (profile) {
      const last = (this.#systemTotals ??= new Float64Array(profile.totalMs.length));
      for (let i = 0; i < last.length; i++) {
        const total = profile.totalMs[i]!;
        this.#systemSeconds.observe({ system: profile.names[i]! }, Math.max(0, total - last[i]!) / 1000);
        last[i] = total;
      }
    }
  }
}

/** Agents waiting in object lines (a sum over the objects, not the agents). */
function queuedAgents(s: ShardState): number {
  let total = 0;
  const length = s.queues.length;
  for (let i = 0; i < length.length; i++) total += length[i]!;
  return total;
}
