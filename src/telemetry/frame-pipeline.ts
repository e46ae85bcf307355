import { performance } from 'node:perf_hooks';
import type { TelemetryConfig } from '../config/schema-telemetry.js';
import type { EncoderTables } from './encoder-tables.js';
import { FileSink } from './file-sink.js';
import type { AgentColumns, Frame, ObjectColumns } from './frame.js';
import type { EventsPayload, SnapshotPayload } from './payload-schemas.js';
import { AgentIdMask } from './privacy.js';
import type { TelemetrySink } from './sink.js';
import { parseEvents, StateEncoder } from './state-encoder.js';

/** Encoding time the pipeline may take in one turn of the event loop before it lets other work run. */
const TURN_BUDGET_MS = 8;

/** Counts of a pipeline, summed over its consumers (plus its own frame buffer). */
export interface PipelineStats {
  produced: number;
  delivered: number;
  dropped: number;
  /** Ticks buffered and not yet encoded, the bound, and the most ever held. */
  backlog: number;
  backlog_bound: number;
  backlog_peak: number;
  /** Bytes held for slow consumers. */
  backlog_bytes: number;
  /** Ticks the full buffer dropped before they were encoded. */
  dropped_ticks: number;
  consumers: number;
  /** Wall time spent encoding and sending, in ms. */
  send_ms: number;
  /** Frames taken off the buffer so far (encoded or dropped). */
  consumed: number;
}

/** Ticks lost before the pipeline: their payloads, events, and the slot ids and tables their frames carried. */
export interface UpstreamDrop {
  ticks: number;
  payloads: number;
  events: number;
  idChanges: Frame['idChanges'];
  tables?: EncoderTables | undefined;
}

/** Columns the pipeline no longer reads (the capture may reuse them). */
export type Released = { agents?: AgentColumns | undefined; objects?: ObjectColumns | undefined };

/** How a pipeline is built: its config, the shard's tables, the privacy salt and where released columns go. */
export interface PipelineOptions {
  config: TelemetryConfig;
  tables: EncoderTables;
  salt: Buffer;
  privacy: boolean;
  recycle?: (released: Released) => void;
  /** Told when a dropped frame carried the agent section (the next frame should carry it again). */
  onAgentsLost?: () => void;
  /** Told after each turn of encoding (the worker reports its counts then). */
  onPumped?: () => void;
}

/**
 * The encoding half of the stream, on whichever thread runs it: a bounded buffer of frames, encoded between
 * turns of the event loop into payloads (a snapshot, then per-field diffs and the tick's events) and handed to
 * every consumer. A full buffer drops its oldest frame and counts it for every consumer (whose next payload is
 * then a snapshot); a consumer that does not keep up has its own payloads dropped and counted the same way, so
 * produced = delivered + dropped once everything has been flushed.
 */
export class FramePipeline {
  readonly config: TelemetryConfig;
  readonly #sinks: TelemetrySink[] = [];
  readonly #frames: Frame[] = [];
  readonly #encoder: StateEncoder;
  readonly #options: PipelineOptions;
  #scheduled = false;
  #pendingPrivacy: boolean | undefined;
  #droppedTicks = 0;
  #consumed = 0;
  #closedStats = { produced: 0, delivered: 0, dropped: 0 };
  #sendMs = 0;
  #backlogPeak = 0;
  readonly #eventListeners: ((payload: EventsPayload) => void)[] = [];

  constructor(options: PipelineOptions) {
    this.config = options.config;
    this.#options = options;
    this.#encoder = new StateEncoder(options.tables, new AgentIdMask(options.privacy, options.salt));
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

  /** Whether anyone takes payloads or events (else frames need not be captured). */
  get listened(): boolean {
    return this.#sinks.length > 0 || this.#eventListeners.length > 0;
  }

  /** Calls `listener` with every events payload, before any consumer could drop it (narration). */
  onEvents(listener: (payload: EventsPayload) => void): void {
    this.#eventListeners.push(listener);
  }

  /** Privacy mode, as the next payload will have it. */
  get privacy(): boolean {
    return this.#pendingPrivacy ?? this.#encoder.mask.enabled;
  }

  /** Switches privacy mode: the next payload of every consumer is a full snapshot in the new mode. */
  setPrivacy(on: boolean): void {
    this.#pendingPrivacy = on;
  }

  /** Takes a captured frame (dropping the oldest when the buffer is full) and schedules its encoding. */
  push(frame: Frame): void {
    this.#frames.push(frame);
    if (this.#frames.length > this.config.buffer_payloads) this.#dropOldest();
    if (this.#frames.length > this.#backlogPeak) this.#backlogPeak = this.#frames.length;
    this.#schedule();
  }

  #dropOldest(): void {
    const frame = this.#frames.shift()!;
    this.#consumed++;
    // A dropped frame carried the agent section: the next frame takes it again.
    if (frame.agents) this.#options.onAgentsLost?.();
    this.#droppedTicks++;
    this.#options.recycle?.({ agents: frame.agents, objects: frame.objects });
    const events = frame.events.kind.length;
    this.#encoder.skip(frame.idChanges, frame.tables, events);
    for (const sink of this.#sinks) sink.drop(events > 0 ? 2 : 1, true);
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
      this.#consumed++;
      this.#send(this.#frames.shift()!);
      if (performance.now() - start >= budgetMs) break;
    }
    this.#sendMs += performance.now() - start;
    if (this.#frames.length > 0) this.#schedule();
    this.#options.onPumped?.();
  }

  /**
   * Counts ticks dropped before they reached this pipeline (another thread's full buffer, or ticks not captured
   * while no consumer could take anything) for every consumer, and what the encoder must still learn of them.
   */
  droppedUpstream(d: UpstreamDrop): void {
    this.#droppedTicks += d.ticks;
    this.#encoder.skip(d.idChanges, d.tables, d.events);
    for (const sink of this.#sinks) sink.drop(d.payloads, true);
  }

  /** The whole state as of the last frame, in the current privacy mode. */
  snapshot(): SnapshotPayload {
    return this.#encoder.snapshot();
  }

  #send(frame: Frame): void {
    const encoder = this.#encoder;
    if (this.#pendingPrivacy !== undefined) {
      encoder.setPrivacy(this.#pendingPrivacy);
      this.#pendingPrivacy = undefined;
      for (const sink of this.#sinks) sink.wantsSnapshot = true;
    }
    // With nobody able to take a payload the state only moves on (a consumer that joins or catches up later gets
    // a snapshot); a consumer that cannot take anything now costs a count, not an encoding.
    const takers = this.#sinks.filter((sink) => sink.canTake());
    const payloads = frame.events.kind.length > 0 ? 2 : 1;
    for (const sink of this.#sinks) if (!takers.includes(sink)) sink.drop(payloads, true);
    const encode = takers.length > 0 || this.#eventListeners.length > 0;
    const { diffJson, eventsJson, released } = encoder.apply(frame, encode);
    this.#options.recycle?.(released);
    if (eventsJson && this.#eventListeners.length > 0) {
      const events = parseEvents(eventsJson);
      for (const listener of this.#eventListeners) listener(events);
    }
    let diffLine: string | undefined;
    let snapshotLine: string | undefined;
    const eventsLine = eventsJson && takers.length > 0 ? `${eventsJson}\n` : undefined;
    for (const sink of takers) {
      if (sink instanceof FileSink) sink.beforeTick();
      if (sink.wantsSnapshot) {
        sink.wantsSnapshot = false;
        sink.send((snapshotLine ??= `${JSON.stringify(encoder.snapshot())}\n`), 'snapshot');
      } else {
        sink.send((diffLine ??= `${diffJson}\n`), 'diff');
      }
      if (eventsLine) sink.send(eventsLine, 'events');
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

  /** The counts, summed over consumers (those in `except` left out: another thread counts them). */
  stats(except?: (sink: TelemetrySink) => boolean): PipelineStats {
    const s = { ...this.#closedStats };
    let bytes = 0;
    let consumers = 0;
    for (const sink of this.#sinks) {
      if (except?.(sink)) continue;
      consumers++;
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
      consumers,
      send_ms: this.#sendMs,
      consumed: this.#consumed,
    };
  }
}
