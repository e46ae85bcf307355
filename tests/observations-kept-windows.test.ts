import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard, type Shard } from '../src/core/shard.js';
import { prepareObservations } from '../src/tensors/observation-prepare.js';
import { writeObservations } from '../src/tensors/observations.js';
import { uncachedRows } from './helpers/full-rows.js';

type Variant = 'hybrid' | 'full' | 'compact';

/** What happens between two checks of the rows. */
type Step =
  { kind: 'tick' } |
  // Agent `agent` stands at (dx, dy) from an anchor agent (up to one tile past the window's edge), then comes back.
  { kind: 'nudge'; agent: number; anchor: number; dx: number; dy: number } |
  { kind: 'kill'; agent: number } |
  // A prepare step with no rows, the world changed: the next pass must not trust rows written before it.
  { kind: 'gap' } |
  // The rows of one pass in two ranges, the later range first, then the whole range again.
  { kind: 'split'; at: number };

const step = (reach: number): fc.Arbitrary<Step> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant<Step>({ kind: 'tick' }) },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('nudge' as const),
        agent: fc.nat(),
        anchor: fc.nat(),
        dx: fc.integer({ min: -reach, max: reach }),
        dy: fc.integer({ min: -reach, max: reach }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('kill' as const), agent: fc.nat() }) },
    { weight: 1, arbitrary: fc.constant<Step>({ kind: 'gap' }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('split' as const), at: fc.nat() }) },
  );

/** The shard's observation tensors equal rows written whole from scratch. */
function expectFullRows(shard: Shard, label: string): void {
  const want = uncachedRows(shard);
  const b = shard.tensors!.buffers;
  const obs = b.observations ?? b.obsFeatures!;
  expect(Buffer.from(obs.buffer).equals(Buffer.from(want.obs.buffer)), `${label}: features`).toBe(true);
  if (b.obsMap) expect(Buffer.from(b.obsMap.buffer).equals(Buffer.from(want.map.buffer)), `${label}: map`).toBe(true);
}

/** Prepare and rows of the current tick again (the world as it now stands), [from, to) then the rest. */
function pass(shard: Shard, split?: number): void {
  const s = shard.state;
  const t = shard.tensors!;
  const end = s.layout.capacity + 1;
  const tick = s.clock[0]!;
  prepareObservations(s, t, tick);
  if (split === undefined) {
    writeObservations(s, t, tick, 1, end);
    return;
  }
  writeObservations(s, t, tick, split, end);
  writeObservations(s, t, tick, 1, split);
  writeObservations(s, t, tick, 1, end);
}

describe('kept windows (rows whose window did not change keep their map)', () => {
  it('give the bytes of rows written whole, tick after tick, under moves at the window edge, deaths and gaps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.constantFrom<Variant>('hybrid', 'hybrid', 'full', 'compact'),
        fc.constantFrom('float32' as const, 'uint8' as const),
        fc.constantFrom(5, 7, 11, 15),
        fc.array(step(8), { minLength: 4, maxLength: 24 }),
        (seed, variant, dtype, window, steps) => {
          if (variant === 'full' && dtype === 'uint8') return;
          const loaded = loadConfigFile('configs/town.yaml', { agents: 70, seed });
          loaded.config.features.systems.observations = variant;
          loaded.config.observations.map_dtype = dtype;
          loaded.config.observations.hybrid.local_window = window;
          loaded.config.observations.compact.map_window = window;
          const shard = createShard(loaded, { tensors: true });
          try {
            const s = shard.state;
            const n = s.layout.capacity;
            const { walkable, width, height } = s.grid;
            const open = (x: number, y: number) =>
              x >= 0 && y >= 0 && x < width && y < height && walkable[y * width + x] === 1;
            /** Agent `eid` stands on (x, y) (after a prepare step without rows when `gap`), then back; rows checked. */
            const visit = (eid: number, x: number, y: number, label: string, gap: boolean) => {
              const ox = s.positions.x[eid]!;
              const oy = s.positions.y[eid]!;
              s.positions.x[eid] = x;
              s.positions.y[eid] = y;
              if (gap) prepareObservations(s, shard.tensors!, s.clock[0]!);
              pass(shard);
              expectFullRows(shard, `${label} there`);
              s.positions.x[eid] = ox;
              s.positions.y[eid] = oy;
              pass(shard);
              expectFullRows(shard, `${label} back`);
            };
            shard.run(30);
            expectFullRows(shard, 'start');
            steps.forEach((st, i) => {
              const label = `step ${i} (${st.kind})`;
              if (st.kind === 'tick') {
                shard.run(1);
                expectFullRows(shard, label);
              } else if (st.kind === 'nudge') {
                const eid = 1 + (st.agent % n);
                const anchor = 1 + (st.anchor % n);
                const x = s.positions.x[anchor]! + st.dx;
                const y = s.positions.y[anchor]! + st.dy;
                if (eid !== anchor && open(x, y)) visit(eid, x, y, label, false);
              } else if (st.kind === 'kill') {
                const eid = 1 + (st.agent % n);
                if (s.life.alive[eid] !== 1) return;
                s.life.alive[eid] = 0;
                pass(shard);
                expectFullRows(shard, `${label} dead`);
                s.life.alive[eid] = 1;
                pass(shard);
                expectFullRows(shard, `${label} back`);
              } else if (st.kind === 'gap') {
                // The world changes around a row during a prepare step that writes no rows; the next pass sees no
                // change since that step, but the rows were written before it.
                const eid = 1 + (i % n);
                const ox = s.positions.x[eid]!;
                const oy = s.positions.y[eid]!;
                const to = ([[1, 0], [-1, 0], [0, 1], [0, -1]] as const).find(([dx, dy]) => open(ox + dx, oy + dy));
                if (to) visit(eid, ox + to[0], oy + to[1], label, true);
              } else {
                pass(shard, 1 + (st.at % n));
                expectFullRows(shard, label);
              }
            });
          } finally {
            void shard.close();
          }
        },
      ),
      { seed: 20261203, numRuns: 40 },
    );
  });
});
