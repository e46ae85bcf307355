import { z } from 'zod';

/** The telemetry section of /health: the stream's counts (produced = delivered + dropped once flushed). */
export const telemetryHealth = z
  .object({
    produced: z.number(),
    delivered: z.number(),
    dropped: z.number(),
    backlog: z.number().int().describe('ticks captured and not yet encoded'),
    backlog_bound: z.number().int(),
    backlog_peak: z.number().int(),
    backlog_bytes: z.number().int().describe('bytes held for slow consumers'),
    dropped_ticks: z.number().int(),
    consumers: z.number().int(),
    privacy: z.boolean(),
    capture_ms: z.number(),
    send_ms: z.number(),
  })
  .nullable()
  .describe('the telemetry stream (null while the shard loads)');
