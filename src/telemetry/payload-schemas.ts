import { z } from 'zod';

/**
 * The telemetry payloads (docs/TELEMETRY.md): one zod schema each, the single source of the types and of the
 * generated JSON Schema (docs/telemetry.schema.json). Every payload carries schema_version, tick and payload_type.
 */

/** Bumped when a consumer would misread a payload of the previous version. */
export const TELEMETRY_SCHEMA_VERSION = '1.2.0';

const json: z.ZodType<unknown> = z.unknown();
const stamp = {
  schema_version: z.literal(TELEMETRY_SCHEMA_VERSION),
  tick: z.number().int().min(0).describe('the tick whose end the payload describes'),
};

/** One agent as the stream shows it. Needs are quantized to 1e-3, money to 1e-4. */
export const agentRecord = z.strictObject({
  slot: z.number().int().min(1).optional().describe('entity id (tensor row + 1); absent in privacy mode'),
  x: z.number().int(),
  y: z.number().int(),
  hunger: z.number(),
  hygiene: z.number(),
  energy: z.number(),
  wallet: z.number(),
  job: z.string().nullable(),
  shift: z.string().describe('shift state (docs/EMPLOYMENT.md)'),
  activity: z.string().nullable().describe('the affordance running, if any'),
});

/** One interactive object and its reservation and line. */
export const objectRecord = z.strictObject({
  type: z.string(),
  x: z.number().int(),
  y: z.number().int(),
  occupant: z.string().nullable().describe('agent running an exclusive affordance on it'),
  holder: z.string().nullable().describe('agent holding its reservation'),
  queue: z.number().int().min(0).describe('agents waiting in its line'),
  meals: z.number().int(),
  power: z.boolean(),
  water: z.boolean(),
});

/** World sections: flat records of values, sent every tick (only what changed in a diff). */
export const WORLD_SECTIONS = ['prices', 'wages', 'utilities', 'perturbations', 'kpis', 'counters', 'employment'] as const;
export type WorldSection = (typeof WORLD_SECTIONS)[number];
const worldShape = Object.fromEntries(WORLD_SECTIONS.map((k) => [k, z.record(z.string(), json)])) as Record<
  WorldSection,
  z.ZodRecord<z.ZodString, typeof json>
>;
export const worldState = z.strictObject(worldShape);

/** A change to a map of records: fields set (a whole record for a new key) and keys removed. */
const keyedDiff = z.strictObject({
  set: z.record(z.string(), z.record(z.string(), json)).optional(),
  removed: z.array(z.string()).optional(),
});
/** A change to a flat record: keys set to new values and keys removed. */
const flatDiff = z.strictObject({
  set: z.record(z.string(), json).optional(),
  removed: z.array(z.string()).optional(),
});

export const snapshotPayload = z
  .strictObject({
    ...stamp,
    payload_type: z.literal('snapshot'),
    agents_tick: z.number().int().min(0).describe('the tick the agent section was taken at'),
    privacy: z.boolean().describe('agent ids are salted hashes'),
    agents: z.record(z.string(), agentRecord),
    objects: z.record(z.string(), objectRecord),
    world: worldState,
  })
  .describe('the whole observable state: the first payload, and the next one after a drop, a reconnect or a privacy switch');

export const diffPayload = z
  .strictObject({
    ...stamp,
    payload_type: z.literal('diff'),
    agents_tick: z.number().int().min(0).optional().describe('present when the agent section was taken this tick'),
    agents: keyedDiff.optional(),
    objects: keyedDiff.optional(),
    world: z.strictObject(Object.fromEntries(WORLD_SECTIONS.map((k) => [k, flatDiff.optional()]))).optional(),
  })
  .describe('what changed since the previous payload, per field');

export const eventRecord = z.strictObject({
  seq: z.number().int().min(0).describe('index of the event since the stream began: gaps mean drops'),
  kind: z.string(),
  agent: z.string().nullable(),
  object: z.string().nullable(),
  other: z.number().describe('kind-dependent (EVENT_KINDS); 0 in privacy mode where other_agent is present'),
  value: z.number(),
  other_agent: z
    .string()
    .nullable()
    .optional()
    .describe('for kinds whose other is an agent (partner, rival, holder): that agent as the stream shows agents'),
});

export const eventsPayload = z
  .strictObject({
    ...stamp,
    payload_type: z.literal('events'),
    events: z.array(eventRecord),
  })
  .describe('the events of one tick, in the order they were written');

/** A KPI over the captured ticks of an aggregate's window. */
const kpiRange = z.strictObject({ min: z.number(), max: z.number(), last: z.number() });

export const aggregatePayload = z
  .strictObject({
    ...stamp,
    payload_type: z.literal('aggregate'),
    from_tick: z.number().int().min(0).describe('the first tick the summary covers (`tick` is the last)'),
    ticks: z.number().int().min(1).describe('ticks covered: tick − from_tick + 1'),
    payloads: z
      .number()
      .int()
      .min(0)
      .describe('state and events payloads of those ticks that were not sent: this summary stands for them (counted as aggregated)'),
    events: z
      .strictObject({
        first_seq: z.number().int().min(0).describe('the seq of the first event covered'),
        count: z.number().int().min(0).describe('events covered: seq first_seq … first_seq + count − 1'),
        by_kind: z.record(z.string(), z.number().int().min(1)),
      })
      .describe('the events of the covered ticks, counted (not sent one by one)'),
    kpis: z
      .record(z.string(), kpiRange)
      .describe('each KPI over the covered ticks whose agent section was captured (empty if none was)'),
    backlog: z.number().int().min(0).describe('frames waiting for the encoder when the summary was written'),
  })
  .describe('aggregate mode (telemetry.overflow: aggregate): a summary of ticks a consumer was not sent one by one');

/** Any payload of the stream. */
export const telemetryPayload = z.discriminatedUnion('payload_type', [snapshotPayload, diffPayload, eventsPayload, aggregatePayload]);

export type AgentRecord = z.infer<typeof agentRecord>;
export type ObjectRecord = z.infer<typeof objectRecord>;
export type WorldState = z.infer<typeof worldState>;
export type SnapshotPayload = z.infer<typeof snapshotPayload>;
export type DiffPayload = z.infer<typeof diffPayload>;
export type EventsPayload = z.infer<typeof eventsPayload>;
export type AggregatePayload = z.infer<typeof aggregatePayload>;
export type TelemetryPayload = z.infer<typeof telemetryPayload>;
export type KeyedDiff = z.infer<typeof keyedDiff>;
export type FlatDiff = z.infer<typeof flatDiff>;
