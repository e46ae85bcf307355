import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard, type Shard } from '../src/core/shard.js';
import { FrameCapture } from '../src/telemetry/frame.js';

// The capture builds prices, wages and perturbations again only when their columns changed; each frame must still
// carry what building them afresh gives, through operator calls and perturbations that start and end on their own.

type Op = { tick: number; kind: 'price' | 'wage' | 'perturb' | 'cancel'; value: number };

const SPECS = ['market_spike', 'blackout', 'water_outage', 'neighbours_meet'];

function applyOp(shard: Shard, op: Op): void {
  if (op.kind === 'price') shard.setPrice('meal_cost', 0.1 + op.value / 500);
  if (op.kind === 'wage') shard.setWage(shard.state.jobIds[op.value % shard.state.jobIds.length]!, op.value / 1000);
  if (op.kind === 'perturb') shard.schedulePerturbation(SPECS[op.value % SPECS.length]!, { duration: 2 + (op.value % 5) });
  if (op.kind === 'cancel') {
    const list = shard.perturbations();
    if (list.length > 0) shard.cancelPerturbation(list[op.value % list.length]!.id);
  }
}

function fresh(shard: Shard) {
  const perturbations: Record<string, unknown> = {};
  for (const p of shard.perturbations()) {
    const { spec, kind, state } = p;
    perturbations[String(p.id)] = { spec, kind, state, starts_at: p.startsAt, ends_at: p.endsAt };
  }
  return { prices: shard.prices(), wages: shard.wages(), perturbations };
}

describe('world sections of a frame', () => {
  it('are what building them afresh gives, every tick, though built again only on a change', () => {
    const op = fc.record({
      tick: fc.integer({ min: 1, max: 30 }),
      kind: fc.constantFrom<Op['kind']>('price', 'wage', 'perturb', 'cancel'),
      value: fc.integer({ min: 0, max: 1000 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.array(op, { maxLength: 10 }), (seed, ops) => {
        const shard = createShard(loadConfigFile('configs/town.yaml', { agents: 8, seed }));
        const capture = new FrameCapture();
        for (let t = 1; t <= 30; t++) {
          for (const o of ops) if (o.tick === t) applyOp(shard, o);
          shard.step();
          const { prices, wages, perturbations } = capture.capture(shard, t % 4 === 0).world;
          const want = fresh(shard);
          expect(JSON.stringify({ prices, wages, perturbations })).toBe(JSON.stringify(want));
        }
      }),
      { numRuns: 30 },
    );
  });
});
