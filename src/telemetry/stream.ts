import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { TelemetryConfig } from '../config/schema-telemetry.js';
import type { Shard } from '../core/shard.js';
import { encoderTables } from './encoder-tables.js';
import { FramePipeline, type PipelineStats } from './frame-pipeline.js';
import { FrameCapture } from './frame.js';
import { type NarrationLimits, NarrationThrottle } from './narration.js';
import { attachNarration } from './narration-out.js';
import type { EventsPayload, SnapshotPayload } from './payload-schemas.js';
import type { TelemetrySink } from './sink.js';
import { snapshotNow } from './snapshot-now.js';

/** Counts of the whole stream, summed over its consumers (plus its frame buffer). */
export interface TelemetryStats extends Omit<PipelineStats, 'consumed'> {
  privacy: boolean;
  /** Wall time on the tick's thread: copying columns at tick boundaries, and relaying lines to its consumers. */
  capture_ms: number;
  send_ms: number;
  /** Wall time a headless run held its next tick for the encoder to catch up (0 in process and when serving). */
  wait_ms: number;
  /** Wall time encoding and writing on the encoder's worker thread (0 in process). */
  encode_ms: number;
  /** The most frames ever in flight to the worker (its port and buffer; frames beyond twice the bound drop). */
  in_flight_peak: number;
}

/**
 * What a shard's owner (run, serve, the console) uses of a stream, whichever thread encodes it: the capture at
 * each tick boundary, consumers on this thread, privacy and narration switches, a snapshot now, the counts.
 */
export interface TelemetryStreamLike {
  readonly config: TelemetryConfig;
  /** Consumers on the tick's thread (stdout, WebSocket clients). */
  readonly sinks: readonly TelemetrySink[];
  readonly privacy: boolean;
  capture(): void;
  /** Between ticks (a run's loop): lets the stream work; a headless run may wait here for the encoder. */
  settle(): Promise<void>;
  /** Resolves once the stream can encode (its worker thread started). */
  ready(): Promise<void>;
  addSink(sink: TelemetrySink): void;
  removeSink(sink: TelemetrySink): Promise<void>;
  setPrivacy(on: boolean): void;
  /** The narration limits in force (undefined when the stream does not narrate). */
  readonly narrationLimits: NarrationLimits | undefined;
  setNarrationLimits(limits: NarrationLimits): void;
  /** A full snapshot of the shard now (a tick boundary) in the privacy mode of the next payload. */
  snapshotNow(): SnapshotPayload;
  stats(): TelemetryStats;
  close(): Promise<void>;
}

/**
 * The telemetry stream of one shard, encoded on the tick's own thread between ticks (tests, and tools that want
 * the payloads in process; `townlet run` and `serve` use ThreadedTelemetryStream). At each tick boundary
 * `capture()` copies the observable columns into a frame; the pipeline encodes frames on later turns of the event
 * loop (or at once with `flush()`).
 */
export class TelemetryStream implements TelemetryStreamLike {
  readonly config: TelemetryConfig;
  readonly #capture = new FrameCapture();
  readonly #salt = randomBytes(16);
  #shard: Shard | undefined;
  #pipeline: FramePipeline | undefined;
  #throttle: NarrationThrottle | undefined;
  #lastAgents = -Infinity;
  #captureMs = 0;
  readonly #privacy: boolean;

  constructor(config: TelemetryConfig) {
    this.config = config;
    this.#privacy = config.privacy;
  }

  /** Binds the stream to its shard (once, before the first capture). */
  attach(shard: Shard): void {
    this.#shard = shard;
    this.#pipeline = new FramePipeline({
      config: this.config,
      tables: encoderTables(shard),
      salt: this.#salt,
      privacy: this.#privacy,
      recycle: (released) => this.#capture.recycle(released),
      onAgentsLost: () => (this.#lastAgents = -Infinity),
    });
  }

  get #p(): FramePipeline {
    if (!this.#pipeline) throw new Error('TelemetryStream used before attach');
    return this.#pipeline;
  }

  /** Writes narration lines (config telemetry.narration) with `write`. */
  narrate(write: (line: string) => void): void {
    this.#throttle = attachNarration(this.#p, new NarrationThrottle(this.config.narration), write);
  }

  addSink(sink: TelemetrySink): void {
    this.#p.addSink(sink);
  }

  removeSink(sink: TelemetrySink): Promise<void> {
    return this.#p.removeSink(sink);
  }

  get sinks(): readonly TelemetrySink[] {
    return this.#p.sinks;
  }

  /** Calls `listener` with every events payload, before any consumer could drop it. */
  onEvents(listener: (payload: EventsPayload) => void): void {
    this.#p.onEvents(listener);
  }

  get privacy(): boolean {
    return this.#pipeline?.privacy ?? this.#privacy;
  }

  setPrivacy(on: boolean): void {
    this.#p.setPrivacy(on);
  }

  get narrationLimits(): NarrationLimits | undefined {
    return this.#throttle?.limits;
  }

  setNarrationLimits(limits: NarrationLimits): void {
    this.#throttle?.setLimits(limits);
  }

  snapshotNow(): SnapshotPayload {
    return snapshotNow(this.#shard!, this.#salt, this.privacy);
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  async settle(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Tick thread, at a tick boundary: copies the columns into a frame for the pipeline. */
  capture(): void {
    const shard = this.#shard;
    if (!shard) throw new Error('TelemetryStream.capture before attach');
    if (!this.#p.listened) {
      // Nobody listens: nothing to copy. Whoever joins gets a snapshot, so the next frame carries the agents again.
      this.#lastAgents = -Infinity;
      return;
    }
    const start = performance.now();
    const withAgents = shard.tick - this.#lastAgents >= this.config.agents_every_ticks;
    if (withAgents) this.#lastAgents = shard.tick;
    this.#p.push(this.#capture.capture(shard, withAgents));
    this.#captureMs += performance.now() - start;
  }

  /** Encodes and sends everything buffered now. */
  flush(): void {
    this.#p.flush();
  }

  async close(): Promise<void> {
    await this.#p.close();
  }

  stats(): TelemetryStats {
    const { consumed: _consumed, ...s } = this.#p.stats();
    const thread = { wait_ms: 0, encode_ms: 0, in_flight_peak: s.backlog_peak };
    return { ...s, privacy: this.privacy, capture_ms: this.#captureMs, ...thread };
  }
}
