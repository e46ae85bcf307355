import { statSync } from 'node:fs';
import { join } from 'node:path';
import { assertWritableDir } from '../cli/writable-path.js';
import type { Shard } from '../core/shard.js';
import { PeriodicSnapshots } from '../snapshots/periodic.js';
import { keepNewest, listSnapshots, snapshotFileName } from '../snapshots/rotation.js';
import { healthReport } from './health.js';
import { ServeMetrics } from './metrics.js';
import type { HealthReport, ServeStatus, SnapshotInfo } from './schemas.js';
import { ShardRunner, type RunnerOptions } from './shard-runner.js';
import type { TelemetryHub } from '../telemetry/telemetry-hub.js';

/** Where and how often the served shard saves itself. */
export interface ServeSnapshots {
  dir: string;
  /** Newest snapshots kept (periodic, on request and at the drain alike). */
  keep: number;
  /** Periodic saves every N shard ticks (off the tick thread but for the copy); undefined: none. */
  every?: number;
}

/** State a feature keeps outside the shard (the console): in every snapshot's extra section, its head in /health. */
export interface AttachedState {
  extra: () => Record<string, unknown>;
  auditHead: () => string;
  /**
   * Called with the drain's last snapshot, right after its extra section was taken: what the feature records from
   * then on would not be in the state a resume continues from (the console then refuses, unrecorded).
   */
  seal?: () => void;
}

/** A control call's answer: the new status, or an HTTP error code and message. */
export type ControlResult =
  | { status: ServeStatus; tick: number; snapshot?: SnapshotInfo | null } |
  { code: 409 | 503; error: string };

/**
 * The shard behind `townlet serve` and everything the HTTP API asks of it: status (loading until the shard is
 * built, draining once a stop began), the runner, the metrics, snapshots (periodic, on request, at the drain).
 */
export class ServedShard {
  #runner: ShardRunner | undefined;
  #metrics: ServeMetrics | undefined;
  #draining = false;
  #restoring = false;
  readonly #snapshots: ServeSnapshots;
  readonly #periodic: PeriodicSnapshots | undefined;
  #attached: AttachedState | undefined;
  readonly #onStart: ((runner: ShardRunner, metrics: ServeMetrics) => void)[] = [];
  /** Feature sections added to /health (telemetry). */
  healthExtra: (() => Partial<HealthReport>) | undefined;
  /** The telemetry hub, for the console's telemetry commands (set when telemetry plugs in). */
  telemetry: TelemetryHub | undefined;

  /** Throws InputError when the snapshot folder cannot be made. */
  constructor(snapshots: ServeSnapshots) {
    this.#snapshots = snapshots;
    // Made now (or refused as bad input), so a drain never finds it missing.
    assertWritableDir('--snapshot-dir', snapshots.dir);
    this.#periodic = snapshots.every
      ? new PeriodicSnapshots({
          dir: snapshots.dir,
          every: snapshots.every,
          keep: snapshots.keep,
          extra: () => this.#extra(),
        })
      : undefined;
  }

  /** Takes the built shard and starts ticking (`drain` runs inside each tick at its console-drain point). */
  start(shard: Shard, options: RunnerOptions, onFinish: () => void, drain?: () => void): ShardRunner {
    const runner = new ShardRunner(shard, options);
    if (drain) runner.atDrain(drain);
    const metrics = new ServeMetrics(runner, { lastSnapshotAgeSeconds: () => this.lastSnapshot()?.age_seconds });
    runner.onTick(async (_tick, ms) => {
      metrics.afterTick(ms);
      await this.#periodic?.afterTick(runner.shard);
      if (runner.ticked === options.ticks) onFinish();
    });
    this.#runner = runner;
    this.#metrics = metrics;
    for (const hook of this.#onStart) hook(runner, metrics);
    runner.start();
    return runner;
  }

  /** Attaches the console's state: every snapshot carries it, /health shows its audit head. */
  attach(state: AttachedState): void {
    this.#attached = state;
  }

  /** The tick loop, once the shard is built. */
  runner(): ShardRunner | undefined {
    return this.#runner;
  }

  /** Calls `hook` once the runner and metrics exist, before the first tick (features plug in tick listeners). */
  onStart(hook: (runner: ShardRunner, metrics: ServeMetrics) => void): void {
    this.#onStart.push(hook);
  }

  /** The shard, once built. */
  shard(): Shard | undefined {
    return this.#runner?.shard;
  }

  /** Marks the shard as being restored from a snapshot (until it starts). */
  restoring(): void {
    this.#restoring = true;
  }

  status(): ServeStatus {
    if (this.#draining) return 'draining';
    return this.#runner?.status ?? (this.#restoring ? 'restoring' : 'loading');
  }

  tick(): number {
    return this.#runner?.lastTick ?? 0;
  }

  metrics(): ServeMetrics | undefined {
    return this.#metrics;
  }

  /** The newest snapshot in the folder (periodic or not) with its age by its modification time. */
  lastSnapshot(): SnapshotInfo | null {
    const newest = listSnapshots(this.#snapshots.dir)[0];
    if (!newest) return null;
    try {
      const age = (Date.now() - statSync(newest.path).mtimeMs) / 1000;
      return { path: newest.path, tick: newest.tick, age_seconds: Math.max(0, age) };
    } catch {
      return null;
    }
  }

  async health(): Promise<HealthReport | undefined> {
    const runner = this.#runner;
    if (!runner) return undefined;
    const auditHead = this.#attached?.auditHead() ?? null;
    return runner.atBoundary(() => ({
      ...healthReport(runner, this.status(), this.lastSnapshot()),
      audit_head: auditHead,
      ...this.healthExtra?.(),
    }));
  }

  async state() {
    const runner = this.#runner;
    if (!runner) return undefined;
    return runner.atBoundary(() => {
      const shard = runner.shard;
      return {
        tick: shard.tick,
        live_agents: shard.liveAgents,
        kpis: shard.kpis() as unknown as Record<string, unknown>,
        counters: shard.counters() as unknown as Record<string, unknown>,
        prices: shard.prices(),
        wages: shard.wages(),
        perturbations: shard.perturbations() as unknown as Record<string, unknown>[],
      };
    });
  }

  async pause(): Promise<ControlResult> {
    const runner = this.#controllable();
    if ('error' in runner) return runner;
    runner.pause();
    return runner.atBoundary(() => ({ status: this.status(), tick: runner.shard.tick }));
  }

  async resume(): Promise<ControlResult> {
    const runner = this.#controllable();
    if ('error' in runner) return runner;
    runner.start();
    return { status: this.status(), tick: runner.lastTick };
  }

  async snapshotNow(): Promise<ControlResult> {
    const runner = this.#runner;
    if (!runner) return { code: 503, error: 'the shard is loading' };
    if (runner.status === 'faulted') return { code: 409, error: `the shard faulted: ${runner.fault?.message}` };
    const snapshot = await this.#save();
    return { status: this.status(), tick: snapshot?.tick ?? runner.lastTick, snapshot };
  }

  /**
   * The drain: readiness turns 503, the tick in flight finishes, no tick starts after it, a snapshot is written.
   * Returns the tick, the world hash and the snapshot path.
   */
  async drain(): Promise<{ tick: number; world_hash: string; snapshot: string | null }> {
    this.#draining = true;
    const runner = this.#runner;
    if (!runner) return { tick: 0, world_hash: '', snapshot: null };
    await runner.stop();
    // A faulted shard is mid-tick: a snapshot of it would not resume; the last good one stays.
    const snapshot = runner.status === 'faulted' ? null : (await this.#save(true))?.path ?? null;
    // A faulted shard resumes from its last periodic snapshot: nothing after this belongs to either.
    this.#attached?.seal?.();
    return { tick: runner.shard.tick, world_hash: runner.shard.hash(), snapshot };
  }

  /** Writes a snapshot now, between two ticks, after any periodic write in flight (none of a faulted shard). */
  async #save(last = false): Promise<SnapshotInfo | null> {
    const runner = this.#runner;
    if (!runner || runner.status === 'faulted') return null;
    await this.#periodic?.flush();
    const { dir, keep } = this.#snapshots;
    return runner.atBoundary(() => {
      const path = join(dir, snapshotFileName(runner.shard.tick));
      runner.shard.saveSnapshot(path, this.#extra());
      if (last) this.#attached?.seal?.();
      keepNewest(dir, keep);
      return { path, tick: runner.shard.tick, age_seconds: 0 };
    });
  }

  /** Stops the periodic writer thread (after its write in flight). */
  async close(): Promise<void> {
    await this.#periodic?.close();
  }

  #extra(): Record<string, unknown> {
    return this.#attached?.extra() ?? {};
  }

  #controllable(): ShardRunner | { code: 409 | 503; error: string } {
    const runner = this.#runner;
    if (!runner) return { code: 503, error: 'the shard is loading' };
    if (this.#draining) return { code: 409, error: 'the shard is draining' };
    if (runner.status === 'faulted') return { code: 409, error: `the shard faulted: ${runner.fault?.message}` };
    if (runner.status === 'finished' || runner.status === 'stopped') return { code: 409, error: `the shard has ${runner.status}` };
    return runner;
  }
}
