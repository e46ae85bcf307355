import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard } from '../src/core/shard.js';

/**
 * The hybrid map from first principles (docs/TENSORS.md "Map channels"), cell by cell, for the agent of slot `eid`:
 * self at the centre, agents where a live agent stands, objects on object tiles, reservations on held objects.
 */
function expectedMap(shard: ReturnType<typeof createShard>, eid: number): number[] {
  const s = shard.state;
  const { width, height } = s.grid;
  const window = shard.tensors!.spec.window;
  const r = window >> 1;
  const area = window * window;
  const agentsAt = new Set<number>();
  for (let a = 1; a <= s.layout.capacity; a++) {
    if (s.life.alive[a] === 1) agentsAt.add(s.positions.y[a]! * width + s.positions.x[a]!);
  }
  const objectAt = new Map<number, boolean>();
  for (let row = 0; row < s.objects.x.length; row++) {
    objectAt.set(s.objects.y[row]! * width + s.objects.x[row]!, s.reservations.holder[row] !== 0);
  }
  const out = new Array<number>(4 * area).fill(0);
  out[r * window + r] = 1;
  const cx = s.positions.x[eid]!;
  const cy = s.positions.y[eid]!;
  for (let row = 0; row < window; row++) {
    for (let col = 0; col < window; col++) {
      const x = cx + col - r;
      const y = cy + row - r;
      if (x < 0 || y < 0 || x >= width || y >= height) continue;
      const tile = y * width + x;
      const cell = row * window + col;
      if (agentsAt.has(tile)) out[area + cell] = 1;
      if (objectAt.has(tile)) out[2 * area + cell] = 1;
      if (objectAt.get(tile)) out[3 * area + cell] = 1;
    }
  }
  return out;
}

describe('hybrid map windows (occupancy bits)', () => {
  it('equal a cell-by-cell reading of the world for windows narrower and wider than 32 tiles', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.constantFrom(3, 11, 31, 33, 41, 63),
        fc.integer({ min: 0, max: 30 }),
        (seed, window, ticks) => {
          const loaded = loadConfigFile('configs/town.yaml', { agents: 60, seed });
          loaded.config.observations.hybrid.local_window = window;
          const shard = createShard(loaded, { tensors: true });
          try {
            shard.run(ticks + 1);
            const t = shard.tensors!;
            const { obsDim, mapSize } = t.spec;
            const obs = t.buffers.observations!;
            for (let eid = 1; eid <= shard.state.layout.capacity; eid++) {
              if (shard.state.life.alive[eid] !== 1) continue;
              const row = Array.from(obs.subarray((eid - 1) * obsDim, (eid - 1) * obsDim + mapSize));
              expect(row).toEqual(expectedMap(shard, eid));
            }
          } finally {
            void shard.close();
          }
        },
      ),
      { seed: 20261204, numRuns: 8 },
    );
  });
});
