import { performance } from 'node:perf_hooks';
import type { TelemetryConfig } from '../config/schema-telemetry.js';
import { Aggregator, countKinds } from './aggregate-window.js';
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
  /** Per-tick payloads an aggregate summary stood for (aggregate mode). */
  aggregated: number;
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
  /** The ticks' range and event counts by kind code (aggregate mode folds them into its summaries). */
  from?: number;
  to?: number;
  byKind?: number[];
  /** Lost to a full buffer (rather than skipped while no consumer could take anything). */
  overflow?: boolean;
}

/** Columns the pipeline no longer reads (the capture may reuse them). */
export type Released = {
  agents?: AgentColumns | undefined;
  objects?: ObjectColumns | undefined;
  /** The buffer under a frame's event columns. */
  events?: ArrayBuffer | undefined;
};

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
  /** Told when the payloads of one frame (or of ticks lost upstream) have all been sent. */
  onFrameSent?: () => void;
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
  #closedStats = { produced: 0, delivered: 0, dropped: 0, aggregated: 0 };
  /** Aggregate mode's windows (telemetry.overflow: aggregate), and whether the buffer overflowed and is not drained. */
  readonly #aggregator: Aggregator | undefined;
  #overflowing = false;
  #sendMs = 0;
  #backlogPeak = 0;
  readonly #eventListeners: ((payload: EventsPayload) => void)[] = [];

  constructor(options: PipelineOptions) {
    this.config = options.config;
    this.#options = options;
    this.#encoder = new StateEncoder(options.tables, new AgentIdMask(options.privacy, options.salt));
    if (options.config.overflow === 'aggregate') this.#aggregator = new Aggregator(options.config.aggregate_every_ticks);
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
    this.#aggregator?.finish(sink, this.#frames.length);
    await sink.close();
    this.#closedStats.produced += sink.stats.produced;
    this.#closedStats.delivered += sink.stats.delivered;
    this.#closedStats.dropped += sink.stats.dropped;
    this.#closedStats.aggregated += sink.stats.aggregated;
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

  /**
   * Takes a captured frame and schedules its encoding. When the buffer is full the oldest frame is dropped, or in
   * aggregate mode folded at once into every consumer's summary (cheap: nothing is encoded).
   */
  push(frame: Frame): void {
    this.#frames.push(frame);
    if (this.#frames.length > this.config.buffer_payloads) {
      if (this.#aggregator) {
        this.#overflowing = true;
        this.#consumed++;
        this.#send(this.#frames.shift()!);
      } else {
        this.#dropOldest();
      }
    }
    if (this.#frames.length > this.#backlogPeak) this.#backlogPeak = this.#frames.length;
    this.#schedule();
  }

  #dropOldest(): void {
    const frame = this.#frames.shift()!;
    this.#consumed++;
    // A dropped frame carried the agent section: the next frame takes it again.
    if (frame.agents) this.#options.onAgentsLost?.();
    this.#droppedTicks++;
    const events = frame.events.kind.length;
    this.#options.recycle?.({ agents: frame.agents, objects: frame.objects, events: eventBuffer(frame) });
    this.#encoder.skip(frame.idChanges, frame.tables, events);
    for (const sink of this.#sinks) sink.drop(events > 0 ? 2 : 1, true);
    for (const d of frame.after ?? []) this.#applyDrop(d);
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
    // Those ticks came after the frames still buffered: they are counted once those frames are through.
    const last = this.#frames.at(-1);
    if (last) (last.after ??= []).push(d);
    else this.#applyDrop(d);
  }

  #applyDrop(d: UpstreamDrop): void {
    const firstSeq = this.#encoder.seq;
    this.#encoder.skip(d.idChanges, d.tables, d.events);
    const aggregator = this.#aggregator;
    if (!aggregator || d.from === undefined || d.to === undefined) {
      this.#droppedTicks += d.ticks;
      for (const sink of this.#sinks) sink.drop(d.payloads, true);
      return;
    }
    if (d.overflow) this.#overflowing = true;
    const { from, to, ticks, payloads } = d;
    aggregator.fold(this.#sinks, { from, to, ticks, payloads, firstSeq, byKind: d.byKind ?? [] });
    for (const sink of this.#sinks) aggregator.emit(sink, this.#frames.length, this.#drained());
    this.#options.onFrameSent?.();
  }

  /** The backlog is down to half the buffer and no frame was lost to overflow since: summaries may stop. */
  #drained(): boolean {
    if (this.#overflowing && this.#frames.length <= this.config.buffer_payloads / 2) this.#overflowing = false;
    return !this.#overflowing;
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
    // a snapshot); a consumer that cannot take anything now costs a count (or in aggregate mode a fold), not an
    // encoding.
    const payloads = frame.events.kind.length > 0 ? 2 : 1;
    const aggregator = this.#aggregator;
    const takers: TelemetrySink[] = [];
    const folders: TelemetrySink[] = [];
    for (const sink of this.#sinks) {
      if (aggregator && (this.#overflowing || aggregator.has(sink) || !sink.canTake())) folders.push(sink);
      else if (sink.canTake()) takers.push(sink);
      else sink.drop(payloads, true);
    }
    const firstSeq = encoder.seq;
    const encode = takers.length > 0 || this.#eventListeners.length > 0;
    const { diff, events, released } = encoder.apply(frame, encode);
    if (aggregator && folders.length > 0) {
      const byKind = countKinds(frame.events.kind);
      const tick = frame.tick;
      aggregator.fold(folders, { from: tick, to: tick, ticks: 1, payloads, firstSeq, byKind, kpis: frame.world.kpis });
      const drained = this.#drained();
      for (const sink of folders) aggregator.emit(sink, this.#frames.length, drained);
    }
    // The frame's event columns are read (encoded, counted) by now: they go back with the columns it replaced.
    this.#options.recycle?.({ ...released, events: eventBuffer(frame) });
    if (events && this.#eventListeners.length > 0) {
      const parsed = parseEvents(events);
      for (const listener of this.#eventListeners) listener(parsed);
    }
    // Lines are UTF-8 bytes with their newline, one copy each, shared by every consumer that takes them.
    let snapshotLine: Uint8Array | undefined;
    for (const sink of takers) {
      if (sink instanceof FileSink) sink.beforeTick();
      if (sink.wantsSnapshot) {
        sink.wantsSnapshot = false;
        sink.send((snapshotLine ??= encoder.snapshotLine()), 'snapshot');
      } else {
        sink.send(diff!, 'diff');
      }
      if (events) sink.send(events, 'events', aggregator !== undefined);
    }
    this.#options.onFrameSent?.();
    // Ticks lost after this one come after it (the encoder's ids and event numbers move on in order).
    for (const d of frame.after ?? []) this.#applyDrop(d);
  }

  /** Encodes and sends everything buffered now (the end of a run, a drain). */
  flush(): void {
    this.#pump(Infinity);
  }

  /** Flushes, then closes every consumer (unflushed payloads count as dropped; open summaries go out if they can). */
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
      s.aggregated += sink.stats.aggregated;
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

function eventBuffer(frame: Frame): ArrayBuffer {
  return frame.events.agent.buffer as ArrayBuffer;
}
