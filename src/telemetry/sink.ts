import { performance } from 'node:perf_hooks';
/** Which payload a line is (a relay to another thread needs to know where snapshots begin). */
export type PayloadKind = 'snapshot' | 'diff' | 'events' | 'aggregate';

/** One NDJSON line (with its newline): text, or its UTF-8 bytes (lines relayed from the encoder's thread). */
export type Line = string | Uint8Array;

/** A line as text. */
export function lineText(line: Line): string {
  return typeof line === 'string' ? line : Buffer.from(line.buffer, line.byteOffset, line.byteLength).toString('utf8');
}

/**
 * Payload counts of one consumer: produced = delivered + dropped + aggregated + in flight. `aggregated` counts
 * per-tick payloads a summary (aggregate mode) stood for; the summary itself is produced and delivered or dropped.
 */
export interface SinkStats {
  produced: number;
  delivered: number;
  dropped: number;
  aggregated: number;
}

/** A consumer whose unflushed bytes did not shrink for this long takes no more payloads until they do. */
const STUCK_MS = 250;

/**
 * One consumer of the stream (stdout, a file, a TCP peer, a WebSocket client). It never blocks: a payload it
 * cannot take now (disconnected, or more than `limitBytes` unread) is dropped and counted, and the next state
 * payload it gets is a full snapshot.
 */
export abstract class TelemetrySink {
  readonly stats: SinkStats = { produced: 0, delivered: 0, dropped: 0, aggregated: 0 };
  /** The next state payload must be a snapshot (set at start, after a drop, a reconnect, a rotation). */
  wantsSnapshot = true;
  #inFlight = 0;
  #closed = false;
  /** The backlog when last looked at, and when it last shrank or was empty (ms, performance.now). */
  #lastBacklog = 0;
  #lastProgress = 0;

  constructor(
    readonly name: string,
    protected readonly limitBytes: number,
  ) {}

  /** Bytes handed to the consumer's socket or pipe and not yet flushed. */
  abstract backlogBytes(): number;
  /** Can take a payload now (connected). */
  protected abstract ready(): boolean;
  /** Hands one line over; `done(ok)` once it is flushed or failed. */
  protected abstract write(line: Line, done: (ok: boolean) => void): void;
  /** Releases the consumer. */
  protected abstract release(): Promise<void>;

  /** Payloads handed over and not yet flushed. */
  get inFlight(): number {
    return this.#inFlight;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Whether a payload sent now would be taken: connected, not over its byte limit, and not stuck: a consumer whose
   * unflushed bytes have not shrunk for STUCK_MS stops taking payloads at once (nothing more is encoded for it)
   * rather than after it filled its whole byte limit.
   */
  canTake(): boolean {
    if (this.#closed || !this.ready()) return false;
    const backlog = this.backlogBytes();
    if (backlog > this.limitBytes) return false;
    if (backlog === 0) {
      this.#lastBacklog = 0;
      return true;
    }
    const now = performance.now();
    if (this.#lastBacklog === 0 || backlog < this.#lastBacklog) this.#lastProgress = now;
    this.#lastBacklog = backlog;
    return now - this.#lastProgress < STUCK_MS;
  }

  /**
   * Sends one NDJSON line (or counts it dropped). `kind` says which payload it is. With `overLimit` the line goes
   * out even past the byte limit (a tick's events after its state payload, in aggregate mode: a tick is sent whole
   * or summarized, never half lost).
   */
  send(line: Line, _kind?: PayloadKind, overLimit = false): void {
    this.stats.produced++;
    if (overLimit ? this.#closed || !this.ready() : !this.canTake()) {
      this.drop(1);
      return;
    }
    this.#inFlight++;
    this.write(line, (ok) => {
      if (this.#closed) return;
      this.#inFlight--;
      if (ok) this.stats.delivered++;
      else this.drop(1);
    });
  }

  /** Sends a summary standing for `folded` per-tick payloads, which count as produced and aggregated. */
  sendAggregate(line: Line, folded: number): void {
    this.stats.produced += folded;
    this.stats.aggregated += folded;
    this.send(line, 'aggregate');
  }

  /** Counts `n` payloads that never reached the consumer (also those dropped before they were encoded). */
  drop(n: number, produced = false): void {
    if (produced) this.stats.produced += n;
    this.stats.dropped += n;
    this.wantsSnapshot = true;
  }

  /** Closes the consumer; payloads still unflushed count as dropped. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.release();
    this.#closed = true;
    this.stats.dropped += this.#inFlight;
    this.#inFlight = 0;
  }
}
