import { z } from 'zod';

/** The telemetry section of /health: the stream's counts (produced = delivered + dropped + aggregated once flushed). */
export const telemetryHealth = z
  .object({
    produced: z.number(),
    delivered: z.number(),
    dropped: z.number(),
    aggregated: z.number().describe('per-tick payloads aggregate summaries stood for (telemetry.overflow: aggregate)'),
    backlog: z.number().int().describe('ticks captured and not yet encoded'),
    backlog_bound: z.number().int(),
    backlog_peak: z.number().int().describe('the most ticks the encoder\'s buffer held'),
    in_flight_peak: z.number().int().describe('the most frames ever on their way to the encoder\'s thread'),
    backlog_bytes: z.number().int().describe('bytes held for slow consumers'),
    dropped_ticks: z.number().int(),
    consumers: z.number().int(),
    privacy: z.boolean(),
    capture_ms: z.number().describe('ms on the tick thread copying frames'),
    send_ms: z.number().describe('ms on the tick thread relaying lines to its consumers (WebSocket, stdout)'),
    wait_ms: z.number(),
    encode_ms: z.number().describe('ms on the encoder\'s worker thread'),
  })
  .nullable()
  .describe('the telemetry stream (null while the shard loads)');
