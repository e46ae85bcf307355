import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { renderTelemetryJsonSchema } from '../src/telemetry/json-schema.js';
import { NarrationThrottle } from '../src/telemetry/narration.js';
import type { SnapshotPayload } from '../src/telemetry/payload-schemas.js';
import { MemorySink, stepStreamed, streamedTown } from './helpers/telemetry-memory.js';

describe('telemetry payload schema', () => {
  it('docs/telemetry.schema.json is generated from the zod schemas (run `npm run docs:telemetry` after changing them)', () => {
    expect(readFileSync('docs/telemetry.schema.json', 'utf8')).toBe(renderTelemetryJsonSchema());
  });

  it('every payload kind validates against the generated JSON Schema; a broken one does not', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync('docs/telemetry.schema.json', 'utf8')) as object);
    const { shard, stream } = streamedTown(30, 11, 3);
    const sink = new MemorySink();
    stream.addSink(sink);
    for (let t = 0; t < 40; t++) {
      if (t === 20) stream.setPrivacy(true);
      if (t === 10) shard.schedulePerturbation('blackout', { duration: 5 });
      stepStreamed(shard, stream);
    }
    const kinds = new Set<string>();
    for (const p of sink.payloads()) {
      kinds.add(p.payload_type);
      expect(validate(p), JSON.stringify(validate.errors)).toBe(true);
    }
    expect([...kinds].sort()).toEqual(['diff', 'events', 'snapshot']);
    const broken = { ...sink.payloads()[0]!, tick: -1 };
    expect(validate(broken)).toBe(false);
  });
});

describe('privacy mode', () => {
  it('takes effect with the next payload, a full snapshot; ids are salted hashes until it is switched off', () => {
    const { shard, stream } = streamedTown(20, 5, 4);
    const sink = new MemorySink();
    stream.addSink(sink);
    for (let t = 0; t < 6; t++) stepStreamed(shard, stream);
    const before = sink.lines.length;
    stream.setPrivacy(true);
    for (let t = 0; t < 10; t++) stepStreamed(shard, stream);
    const during = sink.payloads().slice(before);
    expect(during[0]).toMatchObject({ payload_type: 'snapshot', privacy: true, tick: 7 });
    expect(during.filter((p) => p.payload_type === 'snapshot')).toHaveLength(1);
    const text = sink.lines.slice(before).join('');
    expect(text).not.toMatch(/"agent-\d+/);
    const ids = Object.keys((during[0] as { agents: Record<string, unknown> }).agents);
    expect(ids).toHaveLength(20);
    for (const id of ids) expect(id).toMatch(/^a-[0-9a-f]{12}$/);
    // The same agent keeps its hash while privacy is on.
    const events = during.filter((p) => p.payload_type === 'events').flatMap((p) => p.events);
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) if (e.agent) expect(ids).toContain(e.agent);
    const off = sink.lines.length;
    stream.setPrivacy(false);
    stepStreamed(shard, stream);
    expect(sink.payloads()[off]).toMatchObject({ payload_type: 'snapshot', privacy: false });
    expect(Object.keys((sink.payloads()[off] as { agents: object }).agents)).toContain('agent-1');
  });
});

describe('the bounded buffer', () => {
  it('drops the oldest ticks when nothing drains it, counts them, and the next payload is a snapshot', () => {
    const { shard, stream } = streamedTown(20, 9, 10);
    Object.assign(stream.config, { buffer_payloads: 8 });
    const sink = new MemorySink();
    stream.addSink(sink);
    stepStreamed(shard, stream);
    // 30 ticks captured without the event loop running the stream in between.
    const eventsBefore = new Map<number, number>();
    let emitted = sink.payloads().flatMap((p) => (p.payload_type === 'events' ? p.events : [])).length;
    for (let t = 0; t < 30; t++) {
      shard.step();
      eventsBefore.set(shard.tick, emitted);
      emitted += shard.state.events.length;
      stream.capture();
    }
    expect(stream.stats().backlog).toBe(8);
    expect(stream.stats().backlog_peak).toBe(8);
    stream.flush();
    const s = stream.stats();
    expect(s.dropped_ticks).toBe(22);
    expect(s.produced).toBe(s.delivered + s.dropped);
    expect(s.dropped).toBeGreaterThanOrEqual(22);
    const states = sink.payloads().filter((p) => p.payload_type !== 'events');
    expect(states.map((p) => p.payload_type)).toEqual(['snapshot', 'snapshot', ...Array(7).fill('diff')]);
    expect(states[1]!.tick).toBe(24);
    // The snapshot after the drop carries agents taken again (the dropped frames held the last sample).
    expect(Object.keys((states[1] as { agents: object }).agents)).toHaveLength(20);
    // Events keep the numbers they would have had: the gap is the dropped ticks' events.
    const later = sink.payloads().filter((p) => p.payload_type === 'events' && p.tick >= 24);
    expect(later.length).toBeGreaterThan(0);
    for (const p of later) if (p.payload_type === 'events') expect(p.events[0]!.seq).toBe(eventsBefore.get(p.tick));
  });
});

describe('narration throttle', () => {
  const item = (tick: number, category: string, key: string, priority = false) => ({
    tick,
    category,
    priority,
    key,
    text: key,
  });

  it('holds the global and per-category limits per window, dedupes, and lets priority lines through', () => {
    const limits = { global_per_window: 5, category_per_window: 2, window_ticks: 10, dedupe_ticks: 4 };
    const t = new NarrationThrottle(limits);
    // Tick 1: three "queues" lines (2 pass), three "social" lines (2 pass), one more category (1 passes: global 5).
    const first = [
      item(1, 'queues', 'q1'),
      item(1, 'queues', 'q2'),
      item(1, 'queues', 'q3'),
      item(1, 'social', 's1'),
      item(1, 'social', 's2'),
      item(1, 'social', 's3'),
      item(1, 'economy', 'e1'),
      item(1, 'economy', 'e2'),
    ].map((i) => t.allow(i));
    expect(first).toEqual([true, true, false, true, true, false, true, false]);
    // A priority line passes the full window; a repeat of its key within 4 ticks does not.
    expect(t.allow(item(2, 'lifecycle', 'faint-1', true))).toBe(true);
    expect(t.allow(item(5, 'lifecycle', 'faint-1', true))).toBe(false);
    expect(t.allow(item(6, 'lifecycle', 'faint-1', true))).toBe(true);
    // Tick 10, window ticks 1..10: the non-priority budget is spent (5 lines, plus the 2 priority ones).
    expect(t.allow(item(10, 'weather', 'w1'))).toBe(false);
    // Tick 12, window 3..12: only the priority line of tick 6 still counts, so 4 more pass and the 5th does not.
    const later = ['a', 'b', 'c', 'd', 'e'].map((k, i) => t.allow(item(12, `cat${i}`, k)));
    expect(later).toEqual([true, true, true, true, false]);
    expect(t.counts).toEqual({ offered: 17, emitted: 11, deduped: 1, limited: 5 });
  });

  it('a stream narrates a faint with the agent and the place', () => {
    const { shard, stream } = streamedTown(10, 2, 5);
    const lines: string[] = [];
    const throttle = new NarrationThrottle(shard.config.telemetry.narration);
    stream.onEvents((p) => {
      for (const e of p.events) {
        if (e.kind === 'agent_faint' && throttle.allow({ tick: p.tick, category: 'lifecycle', priority: true, key: e.kind, text: '' })) {
          lines.push(`${e.agent} ${p.tick}`);
        }
      }
    });
    shard.state.needs.hunger[3] = 0;
    for (let t = 0; t < 3; t++) stepStreamed(shard, stream);
    expect(lines).toEqual(['agent-3 1']);
  });
});

describe('privacy mode hides every clear agent id', () => {
  it('agent-valued `other` fields: named in other_agent (hashed in privacy mode, where other is 0); no slots', () => {
    const { shard, stream } = streamedTown(40, 8, 2);
    const sink = new MemorySink();
    stream.addSink(sink);
    const partnered = (from: number) =>
      sink
        .payloads()
        .slice(from)
        .flatMap((p) => (p.payload_type === 'events' ? p.events : []))
        .filter((e) => e.other_agent !== undefined);
    for (let t = 0; t < 40; t++) stepStreamed(shard, stream);
    const clear = partnered(0);
    expect(clear.length).toBeGreaterThan(0);
    for (const e of clear) if (e.other !== 0) expect(e.other_agent).toBe(shard.state.agentIds.get(e.other));
    const from = sink.lines.length;
    stream.setPrivacy(true);
    for (let t = 0; t < 40; t++) stepStreamed(shard, stream);
    const hidden = partnered(from);
    expect(hidden.length).toBeGreaterThan(0);
    const snapshot = sink.payloads()[from] as SnapshotPayload;
    expect(snapshot).toMatchObject({ payload_type: 'snapshot', privacy: true });
    for (const e of hidden) {
      expect(e.other).toBe(0);
      if (e.other_agent !== null) expect(e.other_agent).toMatch(/^a-[0-9a-f]{12}$/);
    }
    const text = sink.lines.slice(from).join('');
    expect(text).not.toMatch(/agent-\d+/);
    expect(text).not.toMatch(/"slot":/);
    // The hashes name agents of the stream.
    const named = hidden.map((e) => e.other_agent).filter((id) => id !== null && id !== undefined);
    expect(named.some((id) => id! in snapshot.agents)).toBe(true);
  });
});
