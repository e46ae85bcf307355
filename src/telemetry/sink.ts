/** Which payload a line is (a relay to another thread needs to know where snapshots begin). */
export type PayloadKind = 'snapshot' | 'diff' | 'events';

/** Payload counts of one consumer: produced = delivered + dropped + in flight. */
export interface SinkStats {
  produced: number;
  delivered: number;
  dropped: number;
}

/**
 * One consumer of the stream (stdout, a file, a TCP peer, a WebSocket client). It never blocks: a payload it
 * cannot take now (disconnected, or more than `limitBytes` unread) is dropped and counted, and the next state
 * payload it gets is a full snapshot.
 */
export abstract class TelemetrySink {
  readonly stats: SinkStats = { produced: 0, delivered: 0, dropped: 0 };
  /** The next state payload must be a snapshot (set at start, after a drop, a reconnect, a rotation). */
  wantsSnapshot = true;
  #inFlight = 0;
  #closed = false;

  constructor(
    readonly name: string,
    protected readonly limitBytes: number,
  ) {}

  /** Bytes handed to the consumer's socket or pipe and not yet flushed. */
  abstract backlogBytes(): number;
  /** Can take a payload now (connected). */
  protected abstract ready(): boolean;
  /** Hands one line over; `done(ok)` once it is flushed or failed. */
  protected abstract write(line: string, done: (ok: boolean) => void): void;
  /** Releases the consumer. */
  protected abstract release(): Promise<void>;

  /** Payloads handed over and not yet flushed. */
  get inFlight(): number {
    return this.#inFlight;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Whether a payload sent now would be taken (connected, not over its byte limit). */
  canTake(): boolean {
    return !this.#closed && this.ready() && this.backlogBytes() <= this.limitBytes;
  }

  /** Sends one NDJSON line (or counts it dropped). `kind` says which payload it is. */
  send(line: string, _kind?: PayloadKind): void {
    this.stats.produced++;
    if (!this.canTake()) {
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
