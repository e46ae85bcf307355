import { performance } from 'node:perf_hooks';
import type { TelemetryConfig } from '../config/schema-telemetry.js';
import type { Shard } from '../core/shard.js';
import { FileSink } from './file-sink.js';
import { type Frame, FrameCapture } from './frame.js';
import type { TelemetrySink } from './sink.js';
import { StateEncoder } from './state-encoder.js';
import type { EventsPayload } from './payload-schemas.js';

/** Encoding time the stream may take in one turn of the event loop before it lets a tick run. */
const TURN_BUDGET_MS = 8;

/** Counts of the whole stream, summed over its consumers (plus its own frame buffer). */
export interface TelemetryStats {
  /** Payloads meant for consumers (each consumer counts its own). */
  produced: number;
  delivered: number;
  dropped: number;
  /** Ticks captured but not yet encoded, and their bound. */
  backlog: number;
  backlog_bound: number;
  /** The most ticks the buffer ever held. */
  backlog_peak: number;
  /** Bytes held for slow consumers. */
  backlog_bytes: number;
  /** Ticks the full buffer dropped before they were encoded. */
  dropped_ticks: number;
  consumers: number;
  privacy: boolean;
  /** Wall time on the tick thread (capture) and between ticks (encoding, sending), in ms since the start. */
  capture_ms: number;
  send_ms: number;
}

/**
 * The telemetry stream of one shard. At each tick boundary `capture()` copies the observable columns into a
 * bounded buffer of frames (the only work on the tick); between ticks, on the event loop, the frames are encoded
 * into payloads (a snapshot, then per-field diffs and the tick's events) and handed to every consumer. A full
 * buffer drops its oldest frame and counts it for every consumer (whose next payload is then a snapshot); a
 * consumer that does not keep up has its own payloads dropped and counted the same way, so
 * produced = delivered + dropped once everything has been flushed.
 */
export class TelemetryStream {
  readonly config: TelemetryConfig;
  readonly #sinks: TelemetrySink[] = [];
  readonly #frames: Frame[] = [];
  readonly #capture = new FrameCapture();
  #shard: Shard | undefined;
  #encoder: StateEncoder | undefined;
  #lastAgents = -Infinity;
  #scheduled = false;
  #privacy: boolean;
  #pendingPrivacy: boolean | undefined;
  #droppedTicks = 0;
  #closedStats = { produced: 0, delivered: 0, dropped: 0 };
  #captureMs = 0;
  #sendMs = 0;
  #backlogPeak = 0;
  readonly #eventListeners: ((payload: EventsPayload) => void)[] = [];

  constructor(config: TelemetryConfig) {
    this.config = config;
    this.#privacy = config.privacy;
  }

  /** Binds the stream to its shard (once, before the first capture). */
  attach(shard: Shard): void {
    this.#shard = shard;
    this.#encoder = new StateEncoder(shard.state, this.#privacy);
  }

  /** Adds a consumer; its first state payload is a snapshot. */
  addSink(sink: TelemetrySink): void {
    this.#sinks.push(sink);
  }

  /** Removes (and closes) a consumer, keeping its counts in the totals. */
  async removeSink(sink: TelemetrySink): Promise<void> {
    const i = this.#sinks.indexOf(sink);
    if (i < 0) return;
    this.#sinks.splice(i, 1);
    await sink.close();
    this.#closedStats.produced += sink.stats.produced;
    this.#closedStats.delivered += sink.stats.delivered;
    this.#closedStats.dropped += sink.stats.dropped;
  }

  get sinks(): readonly TelemetrySink[] {
    return this.#sinks;
  }

  /** Calls `listener` with every events payload, before any consumer could drop it (narration). */
  onEvents(listener: (payload: EventsPayload) => void): void {
    this.#eventListeners.push(listener);
  }

  /** Privacy mode (agent ids hashed with the shard's salt). */
  get privacy(): boolean {
    return this.#pendingPrivacy ?? this.#privacy;
  }

  /** Switches privacy mode: the next payload of every consumer is a full snapshot in the new mode. */
  setPrivacy(on: boolean): void {
    this.#pendingPrivacy = on;
  }

  /** Tick thread, at a tick boundary: copies the columns into the buffer (dropping the oldest frame when full). */
  capture(): void {
    const shard = this.#shard;
    if (!shard) throw new Error('TelemetryStream.capture before attach');
    if (this.#sinks.length === 0 && this.#eventListeners.length === 0) {
      // Nobody listens (a served shard without consumers): nothing to copy. Whoever joins gets a snapshot, so the
      // next frame carries the agents again.
      this.#lastAgents = -Infinity;
      return;
    }
    const start = performance.now();
    const tick = shard.tick;
    const withAgents = tick - this.#lastAgents >= this.config.agents_every_ticks;
    if (withAgents) this.#lastAgents = tick;
    this.#frames.push(this.#capture.capture(shard, withAgents));
    if (this.#frames.length > this.config.buffer_payloads) this.#dropOldest();
    if (this.#frames.length > this.#backlogPeak) this.#backlogPeak = this.#frames.length;
    this.#captureMs += performance.now() - start;
    this.#schedule();
  }

  #dropOldest(): void {
    const frame = this.#frames.shift()!;
    // A dropped frame carried the agent section: the next frame takes it again.
    if (frame.agents) this.#lastAgents = -Infinity;
    this.#droppedTicks++;
    this.#capture.recycle(frame);
    const payloads = frame.events.kind.length > 0 ? 2 : 1;
    for (const sink of this.#sinks) sink.drop(payloads, true);
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#pump(TURN_BUDGET_MS);
    });
  }

  /** Encodes and sends buffered frames for up to `budgetMs` (Infinity: all of them). */
  #pump(budgetMs: number): void {
    const start = performance.now();
    while (this.#frames.length > 0) {
      this.#send(this.#frames.shift()!);
      if (performance.now() - start >= budgetMs) break;
    }
    this.#sendMs += performance.now() - start;
    if (this.#frames.length > 0) this.#schedule();
  }

  #send(frame: Frame): void {
    const encoder = this.#encoder!;
    if (this.#pendingPrivacy !== undefined) {
      this.#privacy = this.#pendingPrivacy;
      this.#pendingPrivacy = undefined;
      encoder.mask.enabled = this.#privacy;
      for (const sink of this.#sinks) sink.wantsSnapshot = true;
    }
    // With nobody able to take a payload the state only moves on (a consumer that joins or catches up later gets
    // a snapshot); a consumer that cannot take anything now costs a count, not an encoding.
    const takers = this.#sinks.filter((sink) => sink.canTake());
    const payloads = frame.events.kind.length > 0 ? 2 : 1;
    for (const sink of this.#sinks) if (!takers.includes(sink)) sink.drop(payloads, true);
    const { diff, events, released } = encoder.apply(frame, takers.length > 0 || this.#eventListeners.length > 0);
    this.#capture.recycle(released);
    if (events) for (const listener of this.#eventListeners) listener(events);
    let diffLine: string | undefined;
    let snapshotLine: string | undefined;
    const eventsLine = events && takers.length > 0 ? `${JSON.stringify(events)}\n` : undefined;
    for (const sink of takers) {
      if (sink instanceof FileSink) sink.beforeTick();
      if (sink.wantsSnapshot) {
        sink.wantsSnapshot = false;
        sink.send((snapshotLine ??= `${JSON.stringify(encoder.snapshot())}\n`));
      } else {
        sink.send((diffLine ??= `${JSON.stringify(diff)}\n`));
      }
      if (eventsLine) sink.send(eventsLine);
    }
  }

  /** Encodes and sends everything buffered now (the end of a run, a drain). */
  flush(): void {
    this.#pump(Infinity);
  }

  /** Flushes, then closes every consumer (unflushed payloads count as dropped). */
  async close(): Promise<void> {
    this.flush();
    for (const sink of [...this.#sinks]) await this.removeSink(sink);
  }

  stats(): TelemetryStats {
    const s = { ...this.#closedStats };
    let bytes = 0;
    for (const sink of this.#sinks) {
      s.produced += sink.stats.produced;
      s.delivered += sink.stats.delivered;
      s.dropped += sink.stats.dropped;
      bytes += sink.backlogBytes();
    }
    return {
      ...s,
      backlog: this.#frames.length,
      backlog_bound: this.config.buffer_payloads,
      backlog_peak: this.#backlogPeak,
      backlog_bytes: bytes,
      dropped_ticks: this.#droppedTicks,
      consumers: this.#sinks.length,
      privacy: this.privacy,
      capture_ms: this.#captureMs,
      send_ms: this.#sendMs,
    };
  }
}
