import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDiff } from '../src/telemetry/apply-diff.js';
import type { SnapshotPayload, TelemetryPayload } from '../src/telemetry/payload-schemas.js';
import { MemorySink, stepStreamed, streamedTown } from './helpers/telemetry-memory.js';

type Op = { tick: number; kind: 'price' | 'perturb' | 'starve' | 'cancel'; value: number };

const opArb = fc.record({
  tick: fc.integer({ min: 1, max: 40 }),
  kind: fc.constantFrom<Op['kind']>('price', 'perturb', 'starve', 'cancel'),
  value: fc.integer({ min: 0, max: 1000 }),
});

const SPECS = ['market_spike', 'blackout', 'water_outage', 'neighbours_meet'];

/** Operator calls and hand-made faints between ticks: prices, perturbations, deaths and respawns. */
function applyOp(shard: ReturnType<typeof streamedTown>['shard'], op: Op): void {
  if (op.kind === 'price') shard.setPrice('meal_cost', 0.1 + op.value / 500);
  if (op.kind === 'perturb') shard.schedulePerturbation(SPECS[op.value % SPECS.length]!, { duration: 3 + (op.value % 9) });
  if (op.kind === 'cancel') {
    const list = shard.perturbations();
    if (list.length > 0) shard.cancelPerturbation(list[op.value % list.length]!.id);
  }
  if (op.kind === 'starve') {
    const slot = 1 + (op.value % shard.state.layout.capacity);
    if (shard.state.life.alive[slot] === 1) shard.state.needs.hunger[slot] = 0;
  }
}

const states = (payloads: TelemetryPayload[]) => payloads.filter((p) => p.payload_type !== 'events');

describe('telemetry diffs', () => {
  it('applying the diffs to the first snapshot gives every later snapshot, for a late consumer too', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 4, max: 30 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 5, max: 45 }),
        fc.integer({ min: 1, max: 45 }),
        fc.array(opArb, { maxLength: 12 }),
        (seed, agents, every, ticks, lateAt, ops) => {
          const { shard, stream } = streamedTown(agents, seed, every);
          const diffs = new MemorySink('diffs');
          const full = new MemorySink('full');
          const late = new MemorySink('late');
          stream.addSink(diffs);
          stream.addSink(full);
          for (let t = 1; t <= ticks; t++) {
            for (const op of ops) if (op.tick === t) applyOp(shard, op);
            if (t === lateAt) stream.addSink(late);
            full.wantsSnapshot = true;
            stepStreamed(shard, stream);
          }
          const truth = new Map<number, SnapshotPayload>();
          for (const p of states(full.payloads())) truth.set(p.tick, p as SnapshotPayload);
          for (const sink of [diffs, late]) {
            const got = states(sink.payloads());
            if (sink === late && lateAt > ticks) continue;
            expect(got[0]!.payload_type).toBe('snapshot');
            let state = got[0] as SnapshotPayload;
            expect(state).toEqual(truth.get(state.tick));
            for (const p of got.slice(1)) {
              expect(p.payload_type).toBe('diff');
              if (p.payload_type !== 'diff') continue;
              state = applyDiff(state, p);
              expect(state).toEqual(truth.get(p.tick));
            }
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('sends the agent section at most every agents_every_ticks; needs changes below 1e-3 do not count', () => {
    const { shard, stream } = streamedTown(20, 3, 5);
    const sink = new MemorySink();
    stream.addSink(sink);
    for (let t = 0; t < 30; t++) stepStreamed(shard, stream);
    const withAgents = states(sink.payloads()).filter((p) => p.payload_type === 'diff' && p.agents_tick !== undefined);
    expect(withAgents.map((p) => p.tick)).toEqual([6, 11, 16, 21, 26]);
    for (const p of states(sink.payloads())) {
      if (p.payload_type !== 'diff' || !p.agents?.set) continue;
      for (const fields of Object.values(p.agents.set)) {
        for (const need of ['hunger', 'hygiene', 'energy']) {
          const v = fields[need];
          if (typeof v === 'number') expect(Math.abs(v * 1000 - Math.round(v * 1000))).toBeLessThan(1e-6);
        }
      }
    }
  });
});
