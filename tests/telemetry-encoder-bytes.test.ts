import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/config/load-config.js';
import { EVENT_KINDS } from '../src/core/event-kinds.js';
import { createShard } from '../src/core/shard.js';
import type { EncoderTables } from '../src/telemetry/encoder-tables.js';
import { type AgentColumns, type EventColumns, type Frame, FrameCapture, type ObjectColumns } from '../src/telemetry/frame.js';
import { AgentIdMask } from '../src/telemetry/privacy.js';
import { StateEncoder } from '../src/telemetry/state-encoder.js';
import { TextStateEncoder } from './helpers/text-encoder-reference.js';

// The encoder writes payloads as bytes; the stream's bytes must stay what the former text encoder wrote
// (tests/helpers/text-encoder-reference.ts, kept as the oracle): every diff, events and snapshot line, compared
// byte for byte over generated frames (edge values included) and over seeded towns with faints and privacy switches.

const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : Buffer.from(b).toString('utf8'));
const line = (s: string | undefined) => (s === undefined ? undefined : `${s}\n`);

/** Two encoders fed the same frames (each its own copy, as the worker gets them); every output compared. */
function lockstep(tables: EncoderTables, privacy: boolean) {
  const salt = Buffer.from('0123456789abcdef');
  const reference = new TextStateEncoder(tables, new AgentIdMask(privacy, salt));
  const encoder = new StateEncoder(tables, new AgentIdMask(privacy, salt));
  return {
    step(frame: Frame, encode: boolean) {
      const want = reference.apply(structuredClone(frame), encode);
      const got = encoder.apply(structuredClone(frame), encode);
      expect(text(got.diff)).toBe(line(want.diffJson));
      expect(text(got.events)).toBe(line(want.eventsJson));
      expect(encoder.seq).toBe(reference.seq);
      expect(text(encoder.snapshotLine())).toBe(`${reference.snapshotJson()}\n`);
      expect(encoder.snapshotJson()).toBe(reference.snapshotJson());
    },
    skip(frame: Frame) {
      reference.skip(frame.idChanges, frame.tables, frame.events.kind.length);
      encoder.skip(frame.idChanges, frame.tables, frame.events.kind.length);
    },
    privacy(on: boolean) {
      reference.setPrivacy(on);
      encoder.setPrivacy(on);
    },
  };
}

// Edge values: signed zeros, non-finite numbers, halves at the quantization steps, huge and tiny magnitudes.
const float32 = fc.oneof(
  fc.float({ noDefaultInfinity: false, noNaN: false }),
  fc.constantFrom(0, -0, 0.0005, -0.0005, 0.9995, 1, 1.0005, 2.5e-7, 1e7, 9999999, 1e21, -1e21, 3.4e38, -1.5),
  fc.integer({ min: -2000, max: 2000 }).map((k) => Math.fround(k / 1000)),
  fc.integer({ min: -20_000_000, max: 20_000_000 }).map((k) => Math.fround(k)),
);
const float64 = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -0, 0.00005, -0.00005, 0.00015, 1e-7, 1e11, 99_999_999_999.99995, 1e15, 1e21, 1.7e308, -123.45675),
  fc.integer({ min: -10_000_000, max: 10_000_000 }).map((k) => k / 100),
  fc.integer({ min: -10_000_000, max: 10_000_000 }).map((k) => k / 10000 + 0.00005),
);
const name = fc.oneof(
  fc.constantFrom('agent-1', 'fridge_3', '7', '0', '01', 'a"b', 'tab\there', 'é', '😀', '\ud800', ''),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);

const tablesArb = fc
  .record({
    capacity: fc.integer({ min: 1, max: 10 }),
    objectIds: fc.array(name, { minLength: 0, maxLength: 20 }),
    jobIds: fc.array(name, { maxLength: 3 }),
    affordanceIds: fc.array(name, { maxLength: 3 }),
  })
  .chain((t) =>
    fc.record({
      capacity: fc.constant(t.capacity),
      objectIds: fc.constant(t.objectIds),
      objectTypes: fc.array(name, { minLength: t.objectIds.length, maxLength: t.objectIds.length }),
      objectX: fc.array(float64, { minLength: t.objectIds.length, maxLength: t.objectIds.length }),
      objectY: fc.array(float64, { minLength: t.objectIds.length, maxLength: t.objectIds.length }),
      jobIds: fc.constant(t.jobIds),
      affordanceIds: fc.constant(t.affordanceIds),
    }),
  );

function column<T extends { length: number }>(make: (n: number) => T, arb: fc.Arbitrary<number>, n: number) {
  return fc.array(arb, { minLength: n, maxLength: n }).map((values) => {
    const out = make(n) as unknown as number[];
    values.forEach((v, i) => (out[i] = v));
    return out as unknown as T;
  });
}

function agentsArb(t: EncoderTables): fc.Arbitrary<AgentColumns> {
  const n = t.capacity + 1;
  return fc.record({
    alive: column((k) => new Uint8Array(k), fc.constantFrom(0, 1, 1, 1, 2), n),
    x: column((k) => new Int16Array(k), fc.oneof(fc.integer({ min: -3, max: 40 }), fc.constantFrom(-32768, 32767)), n),
    y: column((k) => new Int16Array(k), fc.integer({ min: -32768, max: 32767 }), n),
    hunger: column((k) => new Float32Array(k), float32, n),
    hygiene: column((k) => new Float32Array(k), float32, n),
    energy: column((k) => new Float32Array(k), float32, n),
    wallet: column((k) => new Float64Array(k), float64, n),
    job: column((k) => new Int16Array(k), fc.integer({ min: -2, max: t.jobIds.length + 1 }), n),
    shift: column((k) => new Uint8Array(k), fc.integer({ min: 0, max: 8 }), n),
    activity: column((k) => new Int16Array(k), fc.integer({ min: -2, max: t.affordanceIds.length + 1 }), n),
  });
}

function objectsArb(t: EncoderTables): fc.Arbitrary<ObjectColumns> {
  const n = t.objectIds.length;
  const eid = fc.integer({ min: 0, max: t.capacity + 2 });
  return fc.record({
    occupant: column((k) => new Uint32Array(k), eid, n),
    holder: column((k) => new Uint32Array(k), eid, n),
    queue: column((k) => new Int32Array(k), fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer()), n),
    meals: column((k) => new Int32Array(k), fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer()), n),
    power: column((k) => new Uint8Array(k), fc.integer({ min: 0, max: 2 }), n),
    water: column((k) => new Uint8Array(k), fc.integer({ min: 0, max: 2 }), n),
  });
}

/** Kinds whose `other` is an agent's entity id: a slot or 0 (the shard writes nothing else there). */
const OTHER_AGENT_KINDS = new Set(
  ['queue_conflict', 'queue_handover', 'chat', 'chat_failure', 'shared_meal', 'rivalry_changed', 'relationship_changed',
    'rival_avoided'].map((k) => EVENT_KINDS.findIndex((e) => e.name === k) + 1),
);

function eventsArb(t: EncoderTables): fc.Arbitrary<EventColumns> {
  const eids = t.capacity + 3;
  return fc.integer({ min: 0, max: 6 }).chain((n) =>
    fc.record({
      kind: column((k) => new Uint16Array(k), fc.integer({ min: 0, max: EVENT_KINDS.length + 2 }), n),
      agent: column((k) => new Uint32Array(k), fc.integer({ min: 0, max: t.capacity + 2 }), n),
      object: column((k) => new Uint32Array(k), fc.integer({ min: 0, max: t.objectIds.length + 1 }), n),
      other: column((k) => new Int32Array(k), fc.oneof(fc.integer({ min: 0, max: t.capacity + 2 }), fc.integer()), n),
      value: column((k) => new Float32Array(k), float32, n),
    }).map((e) => {
      e.other.forEach((v, i) => {
        if (OTHER_AGENT_KINDS.has(e.kind[i]!)) e.other[i] = Math.abs(v % eids);
      });
      return e;
    }),
  );
}

const worldArb = fc.record(
  {
    prices: fc.dictionary(name, float64, { maxKeys: 3 }),
    counters: fc.dictionary(name, fc.integer(), { maxKeys: 3 }),
    perturbations: fc.dictionary(name, fc.record({ spec: name, ends_at: fc.integer() }), { maxKeys: 2 }),
    employment: fc.record({ pending_exits: fc.array(name, { maxLength: 3 }) }),
    kpis: fc.dictionary(name, fc.oneof(float64, fc.constant(null)), { maxKeys: 3 }),
  },
  { requiredKeys: [] },
);

type Step = { frame: Frame; encode: boolean; dropped: boolean; privacy: boolean | undefined };

function stepsArb(t: EncoderTables): fc.Arbitrary<Step[]> {
  const step = fc.record({
    agents: fc.option(agentsArb(t), { nil: undefined }),
    idChanges: fc.array(fc.tuple(fc.integer({ min: 1, max: t.capacity }), name), { maxLength: 3 }),
    objects: objectsArb(t),
    events: eventsArb(t),
    world: worldArb,
    encode: fc.integer({ min: 0, max: 6 }).map((v) => v > 0),
    dropped: fc.boolean(),
    privacy: fc.option(fc.boolean(), { nil: undefined }),
  });
  return fc.array(step, { minLength: 1, maxLength: 6 }).map((list) =>
    list.map((s, i) => ({
      frame: { tick: i + 1, agents: s.agents, idChanges: s.idChanges, objects: s.objects, events: s.events,
        world: s.world },
      encode: s.encode,
      dropped: s.dropped && i > 0,
      privacy: s.privacy,
    })),
  );
}

describe('telemetry byte encoder', () => {
  it('writes every payload exactly as the text encoder did: generated frames with edge values', () => {
    fc.assert(
      fc.property(
        tablesArb.chain((t) => fc.tuple(fc.constant(t), fc.boolean(), stepsArb(t))),
        ([tables, privacy, steps]) => {
          const both = lockstep(tables as EncoderTables, privacy);
          for (const s of steps) {
            if (s.privacy !== undefined) both.privacy(s.privacy);
            if (s.dropped) both.skip(s.frame);
            else both.step(s.frame, s.encode);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('writes every payload exactly as the text encoder did: seeded towns with faints and privacy switches', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 3 }),
        (seed, agents, ticks, starved, switches) => {
          const shard = createShard(loadConfigFile('configs/town.yaml', { agents, seed }));
          const capture = new FrameCapture();
          let both: ReturnType<typeof lockstep> | undefined;
          let privacy = false;
          for (let t = 1; t <= ticks; t++) {
            for (const slot of starved) if (slot <= agents && t % 5 === slot % 5) shard.state.needs.hunger[slot] = 0;
            shard.step();
            const frame = capture.capture(shard, t % 3 === 1);
            both ??= lockstep(frame.tables!, privacy);
            if (switches.includes(t)) both.privacy((privacy = !privacy));
            both.step(frame, true);
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});
