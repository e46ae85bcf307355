import { z } from 'zod';
import type { TelemetryStreamLike } from '../../telemetry/stream.js';
import { refuse } from '../codes.js';
import { command, type CommandContext } from '../command.js';

/** The served shard's telemetry stream (refused while there is none). */
function streamOf(ctx: CommandContext): TelemetryStreamLike {
  const stream = ctx.host.telemetry?.stream;
  if (!stream) refuse('conflict', 'this shard has no telemetry stream');
  return stream;
}

/** telemetry_snapshot: a full snapshot payload as of the last tick boundary, in the stream's privacy mode. */
export const telemetrySnapshotCommand = command({
  name: 'telemetry_snapshot',
  summary: 'a full telemetry snapshot payload of the last tick boundary, in the current privacy mode',
  role: 'viewer',
  destructive: false,
  mode: 'read',
  args: z.strictObject({}),
  run: (ctx) => streamOf(ctx).snapshotNow(),
});

/** privacy {mode: on | off}: hashes agent ids in the stream (or stops), from the next payload, a full snapshot. */
export const privacyCommand = command({
  name: 'privacy',
  summary: 'telemetry privacy mode on or off (from the next payload of every consumer: a full snapshot)',
  role: 'admin',
  destructive: true,
  mode: 'read',
  args: z.strictObject({ mode: z.enum(['on', 'off']) }),
  run: (ctx, a) => {
    streamOf(ctx).setPrivacy(a.mode === 'on');
    return { privacy: a.mode, effective: 'next payload (a full snapshot)' };
  },
});

const limit = (max: number) => z.number().int().min(0).max(max).optional();

/** narration_limits {global_per_window?, category_per_window?, window_ticks?, dedupe_ticks?}: the throttle. */
export const narrationLimitsCommand = command({
  name: 'narration_limits',
  summary: 'set the narration throttle: rate limits per window (global, per category), the window, the dedupe window',
  role: 'admin',
  destructive: true,
  mode: 'read',
  args: z
    .strictObject({
      global_per_window: limit(1_000_000),
      category_per_window: limit(1_000_000),
      window_ticks: z.number().int().min(1).max(1_000_000).optional(),
      dedupe_ticks: limit(1_000_000),
    })
    .refine((a) => Object.keys(a).length > 0, 'expected at least one limit'),
  run: (ctx, a) => {
    const stream = streamOf(ctx);
    const now = stream.narrationLimits;
    if (!now) refuse('conflict', 'this shard does not narrate (telemetry.narration.target is none)');
    const limits = { ...now, ...a };
    stream.setNarrationLimits(limits);
    return { narration: limits };
  },
});
