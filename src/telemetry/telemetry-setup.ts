import { createWriteStream } from 'node:fs';
import type { Shard } from '../core/shard.js';
import type { TelemetryConfig } from '../config/schema-telemetry.js';
import { inputError } from '../core/errors.js';
import { NarrationThrottle, narratePayload } from './narration.js';
import { type TelemetryStats, TelemetryStream } from './stream.js';
import { parseTarget, sinkFor } from './target.js';

/**
 * Builds a shard's telemetry stream from its config and the command line: the `--telemetry` target (else
 * `telemetry.transport`) and the narration target. Returns undefined when neither streams nor narrates, unless
 * `always` (a served shard keeps a stream for WebSocket consumers). Bad targets are InputError naming where.
 */
export function setupTelemetry(
  shard: Shard,
  option: string | undefined,
  always = false,
): TelemetryStream | undefined {
  const config: TelemetryConfig = shard.config.telemetry;
  const target = option !== undefined ? parseTarget('--telemetry', option) : parseTarget('telemetry.transport', config.transport);
  const narration = config.narration.target;
  if (target.kind === 'none' && narration === 'none' && !always) return undefined;
  const stream = new TelemetryStream(config);
  stream.attach(shard);
  const sink = sinkFor(target, config);
  if (sink) stream.addSink(sink);
  if (narration !== 'none') {
    const throttle = new NarrationThrottle(config.narration);
    const out = narration === 'stderr' ? process.stderr : createWriteStream(narrationPath(narration), { flags: 'a' });
    stream.onEvents((payload) => narratePayload(throttle, payload, (line) => out.write(line)));
  }
  return stream;
}

function narrationPath(target: string): string {
  if (!target.startsWith('file:') || target.length <= 5) inputError('telemetry.narration.target', 'none, stderr or file:PATH', target);
  return target.slice(5);
}

/** Flushes and closes a run's stream; `decorate` adds its counts and profile rows to the run summary. */
export async function finishRunTelemetry(stream: TelemetryStream) {
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
 * ticks, on the same thread), with shares of the systems' total plus these rows; slowest first again.
 */
function addProfileRows(profile: ProfileRow[], stats: TelemetryStats): void {
  const calls = profile.length > 0 && profile[0]!.mean_us > 0 ? (profile[0]!.total_ms * 1000) / profile[0]!.mean_us : 1;
  profile.push(
    { system: 'telemetry-capture', total_ms: stats.capture_ms, mean_us: 0, share: 0 },
    { system: 'telemetry-send', total_ms: stats.send_ms, mean_us: 0, share: 0 },
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
