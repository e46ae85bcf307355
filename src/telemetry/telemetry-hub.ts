import type { Shard } from '../core/shard.js';
import { setupTelemetry } from './telemetry-setup.js';
import type { TelemetryStats, TelemetryStreamLike } from './stream.js';

/**
 * The served shard's telemetry: empty while the shard loads, then its stream (always present, so WebSocket
 * consumers can join; it streams to the `--telemetry` target as well when one is given).
 */
export class TelemetryHub {
  stream: TelemetryStreamLike | undefined;
  readonly #option: string | undefined;

  constructor(option: string | undefined) {
    this.#option = option;
  }

  /** Builds the stream for the shard (InputError for a bad target). */
  attach(shard: Shard): TelemetryStreamLike {
    this.stream = setupTelemetry(shard, this.#option, true)!;
    return this.stream;
  }

  /** The counts for /health (null while loading). */
  health(): TelemetryStats | null {
    return this.stream?.stats() ?? null;
  }

  /** Flushes and closes every consumer (the drain). */
  async close(): Promise<void> {
    await this.stream?.close();
  }
}
