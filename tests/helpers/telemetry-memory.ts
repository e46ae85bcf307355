import { loadConfigFile } from '../../src/config/load-config.js';
import { createShard, type Shard } from '../../src/core/shard.js';
import type { TelemetryPayload } from '../../src/telemetry/payload-schemas.js';
import { type Line, lineText, TelemetrySink } from '../../src/telemetry/sink.js';
import { TelemetryStream } from '../../src/telemetry/stream.js';

/** A consumer that keeps every line it is sent (in-process tests). */
export class MemorySink extends TelemetrySink {
  readonly lines: string[] = [];

  constructor(name = 'memory') {
    super(name, Number.MAX_SAFE_INTEGER);
  }

  /** The payloads received, parsed. */
  payloads(): TelemetryPayload[] {
    return this.lines.map((l) => JSON.parse(l) as TelemetryPayload);
  }

  backlogBytes(): number {
    return 0;
  }

  protected ready(): boolean {
    return true;
  }

  protected write(line: Line, done: (ok: boolean) => void): void {
    this.lines.push(lineText(line));
    done(true);
  }

  protected async release(): Promise<void> {}
}

/** A default-town shard of `agents` agents and a stream on it (agent sections every `every` ticks). */
export function streamedTown(agents: number, seed: number, every = 10): { shard: Shard; stream: TelemetryStream } {
  const shard = createShard(loadConfigFile('configs/town.yaml', { agents, seed }));
  const config = { ...shard.config.telemetry, agents_every_ticks: every, buffer_payloads: 1_000_000 };
  const stream = new TelemetryStream(config);
  stream.attach(shard);
  return { shard, stream };
}

/** One tick, its capture, and the stream's encoding (synchronously, as the event loop would between ticks). */
export function stepStreamed(shard: Shard, stream: TelemetryStream): void {
  shard.step();
  stream.capture();
  stream.flush();
}
