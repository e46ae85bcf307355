import type { Shard } from '../core/shard.js';
import type { TelemetryConfig } from '../config/schema-telemetry.js';
import { checkNarrationTarget } from './narration-out.js';
import { StdoutSink } from './stream-sink.js';
import type { TelemetryStats, TelemetryStreamLike } from './stream.js';
import { parseTarget } from './target.js';
import { ThreadedTelemetryStream } from './threaded-stream.js';

/**
 * Builds a shard's telemetry stream from its config and the command line: the `--telemetry` target (else
 * `telemetry.transport`) and the narration target. Returns undefined when neither streams nor narrates, unless
 * `always` (a served shard keeps a stream for WebSocket consumers). Bad targets are InputError naming where.
 * The stream encodes on a worker thread, which writes a file or TCP target itself; stdout stays on this thread.
 */
export function setupTelemetry(
  shard: Shard,
  option: string | undefined,
  always = false,
): TelemetryStreamLike | undefined {
  const config: TelemetryConfig = shard.config.telemetry;
  const target = option !== undefined ? parseTarget('--telemetry', option) : parseTarget('telemetry.transport', config.transport);
  const narration = config.narration.target;
  if (target.kind === 'none' && narration === 'none' && !always) return undefined;
  // Checked here, so a bad narration target is bad input before any thread starts.
  checkNarrationTarget(narration);
  // A served shard never waits for its stream; a headless run (no clock to keep) waits rather than drop.
  const waits = !always;
  const stream = new ThreadedTelemetryStream(shard, config, target.kind === 'stdout' ? { kind: 'none' } : target, waits);
  if (target.kind === 'stdout') stream.addSink(new StdoutSink(config.sink_buffer_bytes));
  return stream;
}

/** Flushes and closes a run's stream; `decorate` adds its counts and profile rows to the run summary. */
export async function finishRunTelemetry(stream: TelemetryStreamLike) {
  await stream.close();
  const stats = stream.stats();
  return {
    stats,
    decorate(summary: { telemetry?: Record<string, number | boolean>; profile?: ProfileRow[] }): void {
      summary.telemetry = { ...stats };
      if (summary.profile) addProfileRows(summary.profile, stats);
    },
  };
}

interface ProfileRow {
  system: string;
  total_ms: number;
  mean_us: number;
  share: number;
}

/**
 * Adds the stream's rows to a run profile: `telemetry-capture` (on the tick) and `telemetry-send` (between
 * ticks, on the same thread: lines relayed to stdout), with shares of the systems' total plus these rows; slowest
 * first again; `telemetry-wait` is the time a run held its next tick for the encoder's worker to catch up. The
 * worker's own time is not in the profile (it is `encode_ms` in the counts).
 */
function addProfileRows(profile: ProfileRow[], stats: TelemetryStats): void {
  const calls = profile.length > 0 && profile[0]!.mean_us > 0 ? (profile[0]!.total_ms * 1000) / profile[0]!.mean_us : 1;
  profile.push(
    { system: 'telemetry-capture', total_ms: stats.capture_ms, mean_us: 0, share: 0 },
    { system: 'telemetry-send', total_ms: stats.send_ms, mean_us: 0, share: 0 },
    { system: 'telemetry-wait', total_ms: stats.wait_ms, mean_us: 0, share: 0 },
  );
  const sum = profile.reduce((a, r) => a + r.total_ms, 0) || 1;
  for (const row of profile) {
    row.share = Math.round((row.total_ms / sum) * 10000) / 10000;
    if (row.system.startsWith('telemetry-')) {
      row.total_ms = Math.round(row.total_ms * 1000) / 1000;
      row.mean_us = Math.round((row.total_ms * 1000 * 100) / calls) / 100;
    }
  }
  profile.sort((a, b) => b.total_ms - a.total_ms);
}
