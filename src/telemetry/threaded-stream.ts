import { randomBytes } from 'node:crypto';
import { openSync, closeSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { TelemetryConfig } from '../config/schema-telemetry.js';
import { packageRoot } from '../core/package-root.js';
import type { Shard } from '../core/shard.js';
import { assertWorkerBuild, recordedBuildId, runningBuildId } from '../workers/build-id.js';
import { countKinds } from './aggregate-window.js';
import { encoderTables } from './encoder-tables.js';
import type { PipelineStats } from './frame-pipeline.js';
import { columnBuffers, type Frame, FrameCapture } from './frame.js';
import type { NarrationLimits } from './narration.js';
import type { SnapshotPayload } from './payload-schemas.js';
import type { RelayItem } from './relay-outbox.js';
import { RelayQueue } from './relay-queue.js';
import type { PayloadKind, TelemetrySink } from './sink.js';
import { snapshotNow } from './snapshot-now.js';
import type { TelemetryStats, TelemetryStreamLike } from './stream.js';
import type { TelemetryTarget } from './target.js';
import type { EncoderWorkerInit, FromWorker, ToWorker } from './worker-protocol.js';

/** A consumer on the tick's thread and what the worker was last told about it. */
interface Relay {
  id: number;
  sink: TelemetrySink;
  /** Whether it can take payloads, as last told. */
  ready: boolean;
  /** A snapshot was asked for since the last one came. */
  asked: boolean;
}

/** Frames go to the worker in batches: at most this many, at least every POST_EVERY_MS. */
const POST_BATCH = 16;
const POST_EVERY_MS = 40;
/** Ticks not captured (no consumer could take them) are reported to the worker at least this often. */
const SKIP_REPORT_TICKS = 64;

const NO_STATS: PipelineStats = {
  produced: 0,
  delivered: 0,
  dropped: 0,
  aggregated: 0,
  backlog: 0,
  backlog_bound: 0,
  backlog_peak: 0,
  backlog_bytes: 0,
  dropped_ticks: 0,
  consumers: 0,
  send_ms: 0,
  consumed: 0,
};

/** Ticks counted and not captured (no consumer could take them), to report to the worker. */
type Skipped = { ticks: number; payloads: number; events: number; from?: number; to?: number; byKind: number[] };

function newSkipped(): Skipped {
  return { ticks: 0, payloads: 0, events: 0, byKind: [] };
}

/**
 * The telemetry stream of `townlet run` and `serve`, encoded on a worker thread (node:worker_threads: one
 * long-lived thread that keeps the encoder's state, which a task pool would not). At each tick boundary the tick
 * thread copies columns into a frame and transfers its buffers to the worker (no copy, no serialisation); the
 * worker diffs, stringifies and writes the file or TCP consumer itself, and hands back lines for the consumers
 * that live on the tick's thread (stdout, WebSocket clients of `serve`). Frames in flight are bounded: past twice
 * `buffer_payloads` the tick thread drops the frame itself (the worker drops the oldest past `buffer_payloads`);
 * every drop is counted, so produced = delivered + dropped once closed.
 */
export class ThreadedTelemetryStream implements TelemetryStreamLike {
  readonly config: TelemetryConfig;
  readonly #shard: Shard;
  readonly #capture = new FrameCapture();
  readonly #salt = randomBytes(16);
  readonly #worker: Worker;
  readonly #relays = new Map<number, Relay>();
  readonly #relayBySink = new Map<TelemetrySink, Relay>();
  readonly #ownConsumers: number;
  #nextRelay = 1;
  #privacy: boolean;
  #narration: NarrationLimits | undefined;
  #lastAgents = -Infinity;
  #posted = 0;
  #ownStalled = false;
  #skipped = newSkipped();
  readonly #outbox: Frame[] = [];
  #lastPost = 0;
  #flushTimer: NodeJS.Timeout | undefined;
  #worst = 0;
  #droppedHere = 0;
  #captureMs = 0;
  #relayMs = 0;
  #workerStats: PipelineStats = NO_STATS;
  #closedRelays = { produced: 0, delivered: 0, dropped: 0, aggregated: 0 };
  #failed: string | undefined;
  #stopped = false;
  #closing: Promise<void> | undefined;
  #closed: (() => void) | undefined;
  readonly #ready: Promise<void>;
  readonly #waits: boolean;
  /** telemetry.overflow is aggregate: lost ticks carry their event counts by kind. */
  readonly #aggregates: boolean;
  readonly #waiters: (() => void)[] = [];
  #waitMs = 0;
  #started: (() => void) | undefined;
  /**
   * A served shard hands lines to this thread's consumers after a tick (when the slot's work is done) and in short
   * slices, not when they arrive, so socket writes do not push the next tick back.
   */
  readonly #relayQueue = new RelayQueue((id, item) => this.#relayLine(id, item.kind, item.bytes, item.folded));

  /**
   * Starts the worker; `target` is the consumer it writes itself (file, TCP) or none. With `waits` (a headless run)
   * `settle()` holds the next tick while a full buffer of frames waits for the worker, so files are complete;
   * otherwise (a served shard) the stream never waits (frames are dropped and counted) and the worker runs below
   * the tick thread's priority.
   */
  constructor(shard: Shard, config: TelemetryConfig, target: TelemetryTarget, waits = false) {
    this.#waits = waits;
    this.#aggregates = config.overflow === 'aggregate';
    assertWorkerBuild(runningBuildId(), recordedBuildId());
    this.config = config;
    this.#shard = shard;
    this.#privacy = config.privacy;
    const { target: narrationTarget, ...limits } = config.narration;
    this.#narration = narrationTarget === 'none' ? undefined : limits;
    // A file that cannot be made is the caller's bad input, reported here rather than lost on the worker.
    if (target.kind === 'file') {
      mkdirSync(dirname(target.path), { recursive: true });
      closeSync(openSync(target.path, 'a'));
    }
    this.#ownConsumers = target.kind === 'none' ? 0 : 1;
    const tables = encoderTables(shard);
    const init: EncoderWorkerInit = { config, tables, salt: this.#salt, privacy: this.#privacy, target, nice: !waits };
    this.#worker = new Worker(join(packageRoot(), 'dist', 'src', 'telemetry', 'encoder-worker.js'), { workerData: init });
    this.#worker.unref();
    this.#ready = new Promise((resolve) => (this.#started = resolve));
    this.#worker.on('message', (m: FromWorker) => this.#onMessage(m));
    this.#worker.on('error', (err) => {
      this.#failed = err.message;
      for (const wake of this.#waiters.splice(0)) wake();
      process.stderr.write(`telemetry: the encoder thread failed: ${err.message}\n`);
      this.#closed?.();
      this.#started?.();
    });
    this.#worker.on('exit', () => {
      this.#closed?.();
      this.#started?.();
    });
  }

  #post(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    // Frames waiting in the outbox go first: the worker sees frames and switches in the order they happened.
    if (message.t !== 'frames') this.#sendOutbox();
    if (!this.#failed && !this.#stopped) this.#worker.postMessage(message, transfer);
  }

  /**
   * Posts the frames captured since the last post in one message. Each post may wake the worker, and on a busy
   * machine a wake-up can cost the tick thread far more than the copy: frames go in batches at most every
   * POST_EVERY_MS (or POST_BATCH frames), and a timer sends a batch that waits longer (a slow or paused shard).
   */
  #sendOutbox(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    if (this.#outbox.length === 0) return;
    const frames = this.#outbox.splice(0);
    this.#lastPost = performance.now();
    const buffers = frames.flatMap((f) => columnBuffers(f.agents, f.objects, f.events));
    this.#post({ t: 'frames', frames }, buffers);
  }

  /** A batch posted by its timer (a slow or paused shard): still the tick thread's time, counted as capture. */
  #timedPost(): void {
    const start = performance.now();
    this.#sendOutbox();
    this.#captureMs += performance.now() - start;
  }

  /** Resolves once the worker runs (frames captured before then wait in its port, counted as in flight). */
  ready(): Promise<void> {
    return this.#ready;
  }

  get sinks(): readonly TelemetrySink[] {
    return [...this.#relayBySink.keys()];
  }

  /** Adds a consumer on the tick's thread; its first payload is a snapshot. */
  addSink(sink: TelemetrySink): void {
    const relay: Relay = { id: this.#nextRelay++, sink, ready: true, asked: true };
    this.#relays.set(relay.id, relay);
    this.#relayBySink.set(sink, relay);
    this.#post({ t: 'relay-add', id: relay.id });
  }

  async removeSink(sink: TelemetrySink): Promise<void> {
    const relay = this.#relayBySink.get(sink);
    if (!relay) return;
    this.#relayBySink.delete(sink);
    this.#relays.delete(relay.id);
    this.#post({ t: 'relay-remove', id: relay.id });
    await sink.close();
    this.#closedRelays.produced += sink.stats.produced;
    this.#closedRelays.delivered += sink.stats.delivered;
    this.#closedRelays.dropped += sink.stats.dropped;
    this.#closedRelays.aggregated += sink.stats.aggregated;
  }

  get privacy(): boolean {
    return this.#privacy;
  }

  setPrivacy(on: boolean): void {
    this.#privacy = on;
    this.#post({ t: 'privacy', on });
  }

  get narrationLimits(): NarrationLimits | undefined {
    return this.#narration;
  }

  setNarrationLimits(limits: NarrationLimits): void {
    if (!this.#narration) return;
    this.#narration = { ...this.#narration, ...limits };
    this.#post({ t: 'narration', limits: this.#narration });
  }

  snapshotNow(): SnapshotPayload {
    return snapshotNow(this.#shard, this.#salt, this.#privacy);
  }

  /** Tick thread, at a tick boundary: copies the columns into a frame and transfers it to the worker. */
  capture(): void {
    this.#captureFrame();
    // The tick is done: now is the time for this thread's socket writes.
    this.#relayQueue.release();
  }

  #captureFrame(): void {
    if (this.#closing) return;
    if (this.#ownConsumers === 0 && this.#relays.size === 0 && !this.#narration) {
      // Nobody listens: nothing to copy. Whoever joins gets a snapshot, so the next frame carries the agents again.
      this.#lastAgents = -Infinity;
      return;
    }
    const start = performance.now();
    const shard = this.#shard;
    if (!this.#narration && (this.#ownConsumers === 0 || this.#ownStalled) && !this.#anyRelayTakes()) {
      // No consumer can take a payload now: nothing is copied, the tick is only counted (dropped for every
      // consumer, with its events, so sequence numbers show the gap). The next frame carries the agents again.
      this.#lastAgents = -Infinity;
      const events = shard.state.events.length;
      const skipped = this.#skipped;
      skipped.from ??= shard.tick;
      skipped.to = shard.tick;
      skipped.ticks++;
      skipped.payloads += events > 0 ? 2 : 1;
      skipped.events += events;
      // Aggregate mode counts them by kind in its summaries.
      if (this.#aggregates && events > 0) countKinds(shard.state.events.kind.subarray(0, events), skipped.byKind);
      if (this.#skipped.ticks >= SKIP_REPORT_TICKS) this.#reportSkipped();
      this.#captureMs += performance.now() - start;
      return;
    }
    this.#reportSkipped();
    const withAgents = shard.tick - this.#lastAgents >= this.config.agents_every_ticks;
    if (withAgents) this.#lastAgents = shard.tick;
    const frame = this.#capture.capture(shard, withAgents);
    this.#tellRelayStates();
    const inFlight = this.#posted - this.#workerStats.consumed;
    if (this.#failed || inFlight >= 2 * this.config.buffer_payloads) {
      // The worker is behind by more than its own buffer (or gone): this frame is dropped here. The worker counts
      // it for every consumer (and sends each a snapshot next); without a worker, the count is made here.
      const payloads = frame.events.kind.length > 0 ? 2 : 1;
      this.#droppedHere++;
      if (frame.agents) this.#lastAgents = -Infinity;
      const eventBuffer = frame.events.agent.buffer as ArrayBuffer;
      this.#capture.recycle({ agents: frame.agents, objects: frame.objects, events: eventBuffer });
      if (this.#failed) for (const relay of this.#relays.values()) relay.sink.drop(payloads, true);
      const events = frame.events.kind.length;
      const byKind = this.#aggregates ? countKinds(frame.events.kind) : [];
      const tick = frame.tick;
      const { idChanges, tables } = frame;
      const drop = { ticks: 1, payloads, events, idChanges, tables, from: tick, to: tick, byKind, overflow: true };
      this.#post({ t: 'dropped', drop });
    } else {
      this.#posted++;
      this.#worst = Math.max(this.#worst, inFlight + 1);
      this.#outbox.push(frame);
      if (this.#outbox.length >= POST_BATCH || performance.now() - this.#lastPost >= POST_EVERY_MS) this.#sendOutbox();
      else this.#flushTimer ??= setTimeout(() => this.#timedPost(), POST_EVERY_MS).unref();
    }
    this.#captureMs += performance.now() - start;
  }

  /**
   * Between ticks: lets the event loop turn (lines reach this thread's consumers, counts come back) and, in a run
   * that waits, holds the next tick while `buffer_payloads` frames are still in flight to the worker.
   */
  async settle(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (!this.#waits) return;
    const start = performance.now();
    if (this.#posted - this.#workerStats.consumed >= this.config.buffer_payloads) this.#sendOutbox();
    while (!this.#failed && this.#posted - this.#workerStats.consumed >= this.config.buffer_payloads) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    this.#waitMs += performance.now() - start;
  }

  #anyRelayTakes(): boolean {
    for (const relay of this.#relays.values()) if (relay.sink.canTake()) return true;
    return false;
  }

  /** Hands the ticks counted but not captured to the worker, which counts them for every consumer. */
  #reportSkipped(): void {
    const s = this.#skipped;
    if (s.ticks === 0) return;
    this.#post({ t: 'dropped', drop: { ...s, idChanges: [] } });
    this.#skipped = newSkipped();
  }

  /** Tells the worker which tick-thread consumers stopped or resumed taking payloads. */
  #tellRelayStates(): void {
    for (const relay of this.#relays.values()) {
      const ready = relay.sink.canTake();
      if (ready === relay.ready) continue;
      relay.ready = ready;
      this.#post({ t: 'relay-state', id: relay.id, ready, wantsSnapshot: relay.asked });
    }
  }

  #onMessage(m: FromWorker): void {
    const start = performance.now();
    switch (m.t) {
      case 'ready':
        this.#started?.();
        break;
      case 'lines':
        if (this.#waits) this.#relayItems(m.items);
        else this.#relayQueue.hold(m.items);
        break;
      case 'stats':
      case 'closed':
        this.#workerStats = m.stats;
        for (const wake of this.#waiters.splice(0)) wake();
        for (const [id, n] of m.relayDrops) {
          // Dropped on the worker, which sends that consumer a snapshot next: only the count is kept here.
          const sink = this.#relays.get(id)?.sink;
          if (!sink) continue;
          sink.stats.produced += n;
          sink.stats.dropped += n;
        }
        if (m.t === 'closed') this.#closed?.();
        break;
      case 'recycle':
        for (const columns of m.released) this.#capture.recycle(columns);
        break;
      case 'agents-lost':
        this.#lastAgents = -Infinity;
        break;
      case 'stalled':
        this.#ownStalled = m.on;
    }
    this.#relayMs += performance.now() - start;
  }

  #relayItems(items: RelayItem[]): void {
    for (const item of items) for (const id of item.ids) this.#relayLine(id, item.kind, item.bytes, item.folded);
  }

  /** Hands a line to its consumer; after a drop, lines are dropped (and counted) until the next snapshot. */
  #relayLine(id: number, kind: PayloadKind, line: Uint8Array, folded: number): void {
    const relay = this.#relays.get(id);
    if (!relay) return;
    const sink = relay.sink;
    if (kind === 'aggregate') {
      // A summary stands alone (it needs no earlier payload), so it passes even while a snapshot is due.
      sink.sendAggregate(line, folded);
    } else if (kind === 'snapshot') {
      sink.wantsSnapshot = false;
      relay.asked = false;
    } else if (sink.wantsSnapshot) {
      sink.drop(1, true);
      return;
    }
    if (kind !== 'aggregate') sink.send(line, kind, this.#aggregates && kind === 'events');
    if (sink.wantsSnapshot && !relay.asked) {
      // It could not take this one: the worker sends it a snapshot once it takes payloads again.
      relay.asked = true;
      relay.ready = sink.canTake();
      this.#post({ t: 'relay-state', id, ready: relay.ready, wantsSnapshot: true });
    }
  }

  /** Lets the worker encode and write everything in flight, closes every consumer and stops the worker. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (!this.#failed) {
        const closed = new Promise<void>((resolve) => (this.#closed = resolve));
        this.#reportSkipped();
        this.#post({ t: 'close' });
        await closed;
      }
      this.#stopped = true;
      this.#relayQueue.drain();
      for (const sink of [...this.#relayBySink.keys()]) await this.removeSink(sink);
      await this.#worker.terminate();
    })();
    return this.#closing;
  }

  stats(): TelemetryStats {
    const w = this.#workerStats;
    const s = { produced: w.produced, delivered: w.delivered, dropped: w.dropped, aggregated: w.aggregated };
    let bytes = w.backlog_bytes;
    for (const part of [this.#closedRelays, ...[...this.#relayBySink.keys()].map((sink) => sink.stats)]) {
      s.produced += part.produced;
      s.delivered += part.delivered;
      s.dropped += part.dropped;
      s.aggregated += part.aggregated;
    }
    for (const sink of this.#relayBySink.keys()) bytes += sink.backlogBytes();
    return {
      ...s,
      backlog: Math.max(0, this.#posted - w.consumed),
      backlog_bound: this.config.buffer_payloads,
      backlog_peak: w.backlog_peak,
      in_flight_peak: this.#worst,
      backlog_bytes: bytes,
      dropped_ticks: w.dropped_ticks + this.#droppedHere,
      consumers: w.consumers + this.#relayBySink.size,
      privacy: this.#privacy,
      capture_ms: this.#captureMs,
      send_ms: this.#relayMs + this.#relayQueue.ms,
      wait_ms: this.#waitMs,
      encode_ms: w.send_ms,
    };
  }
}
