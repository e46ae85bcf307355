import { performance } from 'node:perf_hooks';
import type { Shard, TickHooks } from '../core/shard.js';
import { TickWindow } from './tick-window.js';

/** What the runner is doing. */
export type RunnerStatus = 'running' | 'paused' | 'faulted' | 'finished' | 'stopped';

/** Called after every tick, at the boundary (the shard is between ticks): metrics, periodic snapshots. */
export type TickListener = (tick: number, ms: number) => void | Promise<void>;

/** Options of the tick loop. */
export interface RunnerOptions {
  /** Cap on ticks per second (undefined: as fast as possible). */
  tickRate?: number;
  /** Stop after this many ticks of this process (undefined: until stopped). */
  ticks?: number;
  /** Test hook (TOWNLET_SERVE_FAULT_TICK): the tick with this number throws, as a system bug would. */
  faultAtTick?: number;
}

/**
 * The served shard's tick loop: ticks as fast as allowed (or at `tickRate`), one at a time, yielding to the event
 * loop between ticks and between the phases of a tick, so the HTTP server answers within about one phase. Work
 * that must see a whole tick (reads for /state and /health, a snapshot, console reads and checks) goes through
 * `atBoundary`: it runs between two ticks, never inside one. Mutations apply only at a tick's drain point
 * (`atDrain`). The yields change when requests are read, never the tick's bytes.
 * A tick that throws pauses the loop in the `faulted` state with its error (the world is mid-tick: it must not go
 * on); the server keeps answering.
 */
export class ShardRunner {
  readonly shard: Shard;
  readonly window = new TickWindow();
  /** With a tick rate: how late each tick started after its slot (ms), over the last ticks. */
  readonly lateness = new TickWindow();
  /** With a tick rate: how late the last tick started after its slot (ms). */
  lastLateMs = 0;
  /**
   * The longest stretch each tick held the event loop without a yield (ms): a request that arrives mid-tick waits
   * at most that long before it is read (the wait the console's acceptance time cannot go under on this thread).
   */
  readonly slices = new TickWindow();
  #status: RunnerStatus = 'paused';
  readonly #statusListeners: ((status: RunnerStatus) => void)[] = [];
  /** The error of a faulted tick. */
  fault: Error | undefined;
  /** Ticks stepped by this process. */
  ticked = 0;
  readonly #options: RunnerOptions;
  readonly #listeners: TickListener[] = [];
  readonly #drainHooks: (() => void)[] = [];
  readonly #hooks: TickHooks;
  readonly #boundary: (() => void)[] = [];
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #inTick = false;
  /** Start of the synchronous stretch in flight, and the longest of the tick so far (ms). */
  #sliceStart = 0;
  #longestSlice = 0;

  constructor(shard: Shard, options: RunnerOptions = {}) {
    this.shard = shard;
    this.#options = options;
    this.#hooks = {
      drain: () => {
        for (const hook of this.#drainHooks) hook();
      },
      yieldBetweenPhases: () => this.#yieldMidTick(),
    };
  }

  /** What the loop is doing; a change calls the status listeners at once (synchronously). */
  get status(): RunnerStatus {
    return this.#status;
  }

  set status(status: RunnerStatus) {
    if (status === this.#status) return;
    this.#status = status;
    for (const listener of this.#statusListeners) listener(status);
  }

  /** Adds a listener called on every status change (the front desk's view of the runner follows it). */
  onStatus(listener: (status: RunnerStatus) => void): void {
    this.#statusListeners.push(listener);
  }

  /** Adds a listener called after every tick. */
  onTick(listener: TickListener): void {
    this.#listeners.push(listener);
  }

  /**
   * Adds a hook run inside every tick at its console-drain point (phase 2 of the schedule, Shard's TickHooks): the
   * console applies its queued mutations there, so their events land in that tick's event buffer.
   */
  atDrain(hook: () => void): void {
    this.#drainHooks.push(hook);
  }

  /** True when ticks are paced by a tick rate (they have slots). */
  get paced(): boolean {
    return (this.#options.tickRate ?? 0) > 0;
  }

  /** True while a tick is in flight (it yields between phases: the event loop runs mid-tick). */
  get inTick(): boolean {
    return this.#inTick;
  }

  /** The last whole tick: the shard's tick between ticks, the one before it while a tick is in flight. */
  get lastTick(): number {
    return this.#inTick ? this.shard.tick - 1 : this.shard.tick;
  }

  /** Starts (or resumes) ticking. */
  start(): void {
    if (this.status !== 'paused') return;
    this.status = 'running';
    this.#loop ??= this.#run();
    this.#wake?.();
  }

  /** Pauses after the tick in flight (resume with start). */
  pause(): void {
    if (this.status === 'running') this.status = 'paused';
  }

  /**
   * Stops the loop for good and resolves once the tick in flight has finished (a drain): no tick starts after it.
   */
  async stop(): Promise<void> {
    if (this.status !== 'faulted' && this.status !== 'finished') this.status = 'stopped';
    this.#wake?.();
    await this.#loop;
    this.#drainBoundary();
  }

  /** Runs `fn` between two ticks (at once when the loop is not inside a tick) and returns its result. */
  atBoundary<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job = () => {
        try {
          resolve(fn());
        } catch (err) {
          reject(err);
        }
      };
      if (this.#inTick) this.#boundary.push(job);
      else job();
    });
  }

  async #run(): Promise<void> {
    const rate = this.#options.tickRate;
    const period = rate ? 1000 / rate : 0;
    let next = performance.now();
    // The slot of the coming tick on the rate's grid (before a late tick moves the grid).
    let slot = next;
    for (;;) {
      if (this.status === 'paused') {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        this.#wake = undefined;
        next = performance.now();
        slot = next;
        continue;
      }
      if (this.status !== 'running') return;
      if (this.#options.ticks !== undefined && this.ticked >= this.#options.ticks) {
        this.status = 'finished';
        return;
      }
      const start = performance.now();
      if (period > 0) {
        this.lastLateMs = Math.max(0, start - slot);
        this.lateness.add(this.lastLateMs);
      }
      this.#inTick = true;
      this.#sliceStart = start;
      this.#longestSlice = 0;
      try {
        if (this.shard.tick + 1 === this.#options.faultAtTick) throw new Error(`injected fault in tick ${this.#options.faultAtTick}`);
        // The one schedule, yielding to the event loop between phases: a request waits one phase, not one tick.
        await this.shard.stepAsync(this.#hooks);
      } catch (err) {
        this.fault = err instanceof Error ? err : new Error(String(err));
        this.status = 'faulted';
        this.#inTick = false;
        this.#drainBoundary();
        return;
      }
      this.#inTick = false;
      const ms = performance.now() - start;
      this.ticked++;
      this.window.add(ms);
      for (const listener of this.#listeners) await listener(this.shard.tick, ms);
      this.#drainBoundary();
      this.slices.add(Math.max(this.#longestSlice, performance.now() - this.#sliceStart));
      // Yield to the event loop (HTTP requests) between ticks; with a tick rate, wait for the next slot.
      next += period;
      slot = next;
      const wait = Math.max(0, next - performance.now());
      if (period > 0 && wait === 0) next = performance.now();
      // stop() cuts a rate-limited wait short: a drain never waits for the next slot.
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        if (wait > 0) setTimeout(resolve, wait);
        else setImmediate(resolve);
      });
      this.#wake = undefined;
    }
  }

  #drainBoundary(): void {
    const jobs = this.#boundary.splice(0);
    for (const job of jobs) job();
  }

  /** Resolves on a macrotask (after pending I/O callbacks): HTTP requests that arrived mid-tick are read there. */
  async #yieldMidTick(): Promise<void> {
    this.#longestSlice = Math.max(this.#longestSlice, performance.now() - this.#sliceStart);
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.#sliceStart = performance.now();
  }
}
