import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Shard } from '../src/core/shard.js';
import { loadSnapshot } from '../src/snapshots/load.js';
import { hashTensors } from '../src/tensors/tensor-hash.js';
import { snapshotTown, stepOnce } from './helpers/snapshot-town.js';
import { tempDir } from './helpers/temp-files.js';

const dir = tempDir('townlet-snap-resume-');

const hashes = (s: Shard) => ({ tick: s.tick, world: s.hash(), tensors: hashTensors(s.tensors!.buffers) });

describe('a restored shard', () => {
  it('continues with the world and tensor hashes of the uninterrupted run, every tick, for any save tick and any worker counts', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 0, max: 10_000 }),
          agents: fc.integer({ min: 5, max: 60 }),
          // The first day ends at tick 1440: saves on both sides of the nightly reset and of day-level schedules.
          saveAt: fc.integer({ min: 0, max: 1_500 }),
          after: fc.integer({ min: 1, max: 160 }),
          workersBefore: fc.constantFrom(0, 1, 2),
          workersAfter: fc.constantFrom(0, 1, 2),
          // A hand-scheduled perturbation that may be pending, active or over at the save.
          blackoutAt: fc.option(fc.integer({ min: 0, max: 1_500 }), { nil: undefined }),
        }),
        async (c) => {
          const original = snapshotTown(c.agents, c.seed, c.workersBefore);
          const path = join(dir, `resume-${run++}.tsnap`);
          let restored: Shard | undefined;
          try {
            for (let t = 0; t < c.saveAt; t++) {
              if (t === c.blackoutAt) original.schedulePerturbation('blackout', { startsIn: 3, duration: 40 });
              await stepOnce(original);
            }
            original.saveSnapshot(path);
            restored = loadSnapshot(path, { workers: c.workersAfter });
            expect(restored.hash()).toBe(original.hash());
            expect(restored.workerPool?.threads ?? 0).toBe(c.workersAfter);
            for (let t = 0; t < c.after; t++) {
              await stepOnce(original);
              await stepOnce(restored);
              expect(hashes(restored)).toEqual(hashes(original));
            }
            expect(restored.counters()).toMatchObject({ tick: original.tick, events: original.counters().events });
          } finally {
            await original.close();
            await restored?.close();
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});
