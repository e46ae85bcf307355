import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard } from '../src/core/shard.js';
import { prepareObservations } from '../src/tensors/observation-prepare.js';
import { writeObservations } from '../src/tensors/observations.js';
import { uncachedRows } from './helpers/full-rows.js';

type Variant = 'hybrid' | 'full' | 'compact';

describe('the observation writer\'s window cache', () => {
  it('gives the rows of building every window, with agents piled on a few tiles and colliding cache entries', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.constantFrom<Variant>('hybrid', 'full', 'compact'),
        fc.constantFrom('float32' as const, 'uint8' as const),
        fc.integer({ min: 0, max: 40 }),
        // Piles: a few tiles (by index into the walkable tiles, or a multiple of 64 apart: the same cache entry).
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { minLength: 0, maxLength: 80 }),
        fc.array(fc.nat(), { minLength: 0, maxLength: 10 }),
        (seed, variant, dtype, ticks, piles, moves, kills) => {
          if (variant === 'full' && dtype === 'uint8') return;
          const loaded = loadConfigFile('configs/town.yaml', { agents: 90, seed });
          loaded.config.features.systems.observations = variant;
          loaded.config.observations.map_dtype = dtype;
          loaded.config.observations.hybrid.include_targets = seed % 2 === 0;
          loaded.config.observations.compact.include_targets = seed % 2 === 0;
          loaded.config.observations.compact.object_channels = ['fridge', 'bed'];
          const shard = createShard(loaded, { tensors: true });
          try {
            shard.run(ticks + 1);
            const s = shard.state;
            const { walkable, width } = s.grid;
            const open: number[] = [];
            for (let tile = 0; tile < walkable.length; tile++) if (walkable[tile] === 1) open.push(tile);
            const pileTiles = piles.map((p, i) => {
              const first = open[p % open.length]!;
              // Every other pile a multiple of 64 tiles after the previous one, when that tile is open.
              const collide = first + 64 * (1 + (p % 5));
              return i % 2 === 1 && walkable[collide] === 1 ? collide : first;
            });
            moves.forEach((m, i) => {
              const eid = 1 + (m % s.layout.capacity);
              const tile = pileTiles[i % pileTiles.length]!;
              s.positions.x[eid] = tile % width;
              s.positions.y[eid] = Math.floor(tile / width);
            });
            for (const k of kills) s.life.alive[1 + (k % s.layout.capacity)] = 0;
            const t = shard.tensors!;
            const tick = s.clock[0]!;
            prepareObservations(s, t, tick);
            writeObservations(s, t, tick, 1, s.layout.capacity + 1);
            const want = uncachedRows(shard);
            const b = t.buffers;
            expect(Buffer.from((b.observations ?? b.obsFeatures!).buffer).equals(Buffer.from(want.obs.buffer))).toBe(
              true,
            );
            if (b.obsMap) expect(Buffer.from(b.obsMap.buffer).equals(Buffer.from(want.map.buffer))).toBe(true);
          } finally {
            void shard.close();
          }
        },
      ),
      { seed: 20261202, numRuns: 24 },
    );
  });
});
