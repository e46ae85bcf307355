import { z } from 'zod';
import { telemetryHealth } from '../telemetry/health-schema.js';

/** The HTTP API's payloads: one zod schema each, the single source of the route types and of /openapi.json. */

export const livezResponse = z.object({ ok: z.literal(true) }).describe('the process answers');

export const readyzResponse = z
  .object({
    ready: z.boolean(),
    status: z.enum(['loading', 'restoring', 'running', 'paused', 'faulted', 'finished', 'stopped', 'draining']),
    tick: z.number().int(),
  })
  .describe('200 only while the shard is built and ticking; 503 otherwise, with the status');

const snapshotInfo = z.object({
  path: z.string(),
  tick: z.number().int(),
  age_seconds: z.number(),
});

export const healthResponse = z
  .object({
    status: readyzResponse.shape.status,
    tick: z.number().int(),
    ticks_this_process: z.number().int(),
    live_agents: z.number().int(),
    survival_rate: z.number().nullable().describe('live agents ÷ (live agents + exits): lives not ended'),
    violation_rate: z.number().nullable().describe('refused actions ÷ agent-steps'),
    tick_ms: z.object({
      p50: z.number(),
      p99: z.number(),
      window: z.number().int().describe('ticks the percentiles are taken over (the last ones)'),
    }),
    tick_slice_ms: z
      .object({ p50: z.number(), p99: z.number(), max: z.number() })
      .describe('per tick, the longest stretch it held the event loop between two yields, over the same window: ' +
        'how long a request arriving mid-tick waits before it is read'),
    tick_start_late_ms: z
      .object({
        p50: z.number(),
        p99: z.number(),
        within_5ms: z.number().describe('share of the window\'s ticks that started at most 5 ms after their slot'),
        window: z.number().int(),
      })
      .nullable()
      .describe('with --tick-rate: how late ticks started after their slot (null: no tick rate)'),
    last_snapshot: snapshotInfo.nullable(),
    world_hash: z.string().describe('the world hash at the last tick boundary'),
    workers: z.number().int(),
    error: z.string().nullable().describe('the error of a faulted tick'),
    audit_head: z.string().nullable().describe('the console audit log\'s head hash (null: no console)'),
    telemetry: telemetryHealth.optional(),
  })
  .describe('the health checklist, from real timings');

export const stateResponse = z
  .object({
    tick: z.number().int(),
    live_agents: z.number().int(),
    kpis: z.record(z.string(), z.unknown()),
    counters: z.record(z.string(), z.unknown()),
    prices: z.record(z.string(), z.number()),
    wages: z.record(z.string(), z.number()),
    perturbations: z.array(z.record(z.string(), z.unknown())),
  })
  .describe('KPIs, counters, prices and perturbations taken at the last tick boundary');

export const errorResponse = z.object({ error: z.string() });

/** The status vocabulary of /readyz and /health. */
export type ServeStatus = z.infer<typeof readyzResponse>['status'];
export type HealthReport = z.infer<typeof healthResponse>;
export type SnapshotInfo = z.infer<typeof snapshotInfo>;
