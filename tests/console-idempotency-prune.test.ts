import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConsoleResponse } from '../src/console/codes.js';
import { IdempotencyStore, KEEP_MS, KEEP_TICKS } from '../src/console/idempotency.js';

const ok: ConsoleResponse = { ok: true, code: 'ok', result: null, tick: 0, state_version: 0 };

describe('IdempotencyStore.prune', () => {
  it('drops exactly the settled entries past both retention bounds, for any day of cmd_ids begun in order', () => {
    // Steps between begins (ticks, ms) and whether each entry settled; then a prune at a random later point.
    const step = fc.record({
      ticks: fc.integer({ min: 0, max: 600 }),
      ms: fc.integer({ min: 0, max: 6 * 60 * 60 * 1000 }),
      settled: fc.boolean(),
    });
    fc.assert(fc.property(fc.array(step, { maxLength: 60 }), fc.nat(4000), fc.nat(2 * KEEP_MS), (steps, dt, dms) => {
      const store = new IdempotencyStore();
      const entries: { id: string; tick: number; wall: number; settled: boolean }[] = [];
      let tick = 0;
      let wall = 1_000_000;
      steps.forEach((s, i) => {
        tick += s.ticks;
        wall += s.ms;
        store.begin(`c${i}`, 'd', tick, wall);
        if (s.settled) store.settle(`c${i}`, ok);
        entries.push({ id: `c${i}`, tick, wall, settled: s.settled });
      });
      const now = { tick: tick + dt, wall: wall + dms };
      store.prune(now.tick, now.wall);
      const kept = entries.filter((e) => !(e.settled && now.tick - e.tick > KEEP_TICKS && now.wall - e.wall > KEEP_MS));
      expect(entries.filter((e) => store.get(e.id) !== undefined).map((e) => e.id)).toEqual(kept.map((e) => e.id));
      expect(store.size).toBe(kept.length);
    }), { numRuns: 300 });
  });
});
