import { type Line, type PayloadKind, TelemetrySink } from './sink.js';

/**
 * On the encoder's worker thread, the stand-in for a consumer on the tick's thread (stdout, a WebSocket client):
 * lines go back to that thread, which counts them there. Whether the consumer can take a payload and wants a
 * snapshot is what that thread last said; payloads dropped here are handed back as counts.
 */
export class RelaySink extends TelemetrySink {
  /** Whether the consumer can take payloads, as the tick thread last said. */
  open = true;
  /** Payloads dropped here since the last report. */
  pendingDrops = 0;

  constructor(
    readonly id: number,
    readonly post: (id: number, kind: PayloadKind, line: Line, folded?: number) => void,
  ) {
    super(`relay#${id}`, Number.MAX_SAFE_INTEGER);
  }

  override send(line: Line, kind: PayloadKind = 'diff', _overLimit = false): void {
    this.post(this.id, kind, line);
  }

  /** The tick thread counts the folded payloads (as produced and aggregated) when it hands the summary on. */
  override sendAggregate(line: Line, folded: number): void {
    this.post(this.id, 'aggregate', line, folded);
  }

  override drop(n: number): void {
    this.pendingDrops += n;
    this.wantsSnapshot = true;
  }

  backlogBytes(): number {
    return 0;
  }

  protected ready(): boolean {
    return this.open;
  }

  protected write(): void {}

  protected async release(): Promise<void> {}
}
