import { z } from 'zod';
import { flag, int, section } from './schema-helpers.js';

/** A telemetry target: `none`, `stdout`, `file:PATH` or `tcp:HOST:PORT` (docs/TELEMETRY.md). */
export const telemetryTarget = z
  .string()
  .regex(/^(none|stdout|file:.+|tcp:[^:]+:\d{1,5})$/, 'expected none, stdout, file:PATH or tcp:HOST:PORT')
  .default('none')
  .describe('where the stream goes: none, stdout, file:PATH (NDJSON, rotated by size) or tcp:HOST:PORT');

/** The `telemetry` section: the stream of snapshots, diffs and events, its buffer, privacy and narration. */
export const telemetrySchema = section(
  {
    transport: telemetryTarget,
    agents_every_ticks: int(1, 100_000, 10, 'agent sections are sent at most every N ticks (world sections every tick)'),
    buffer_payloads: int(2, 1_000_000, 64, 'ticks captured but not yet sent before the oldest is dropped'),
    overflow: z
      .enum(['drop_oldest', 'aggregate'])
      .default('drop_oldest')
      .describe('on overflow: drop_oldest (drop and count, snapshot next) or aggregate (per-N-tick summaries until the backlog drains, then a snapshot)'),
    aggregate_every_ticks: int(1, 1_000_000, 20, 'in aggregate mode, one summary payload per consumer covers at least this many ticks'),
    sink_buffer_bytes: int(1024, 1 << 30, 2 << 20, 'bytes a slow consumer (socket, pipe) may hold unread before payloads are dropped for it'),
    file_max_bytes: int(1024, 2 ** 40, 64 << 20, 'a telemetry file is rotated (PATH.1, PATH.2, …) when it would grow past this size'),
    file_keep: int(1, 10_000, 5, 'rotated telemetry files kept'),
    privacy: flag(false, 'hash agent ids with a per-shard salt (switchable at runtime)'),
    narration: section(
      {
        target: z
          .string()
          .regex(/^(none|stderr|file:.+)$/, 'expected none, stderr or file:PATH')
          .default('none')
          .describe('where narration lines go: none, stderr or file:PATH'),
        global_per_window: int(0, 1_000_000, 10, 'non-priority lines allowed per window, all categories'),
        category_per_window: int(0, 1_000_000, 3, 'non-priority lines allowed per window and category'),
        window_ticks: int(1, 1_000_000, 60, 'the rate-limit window in ticks'),
        dedupe_ticks: int(0, 1_000_000, 20, 'the same line (category and subject) is not repeated within this many ticks'),
      },
      'human-readable event lines with rate limits',
    ),
  },
  'the telemetry stream (docs/TELEMETRY.md)',
);

/** The validated telemetry section. */
export type TelemetryConfig = z.output<typeof telemetrySchema>;
