import { describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import {
  allocateEmbedding,
  createEmbeddingAllocator,
  embeddingReport,
  releaseEmbedding,
} from '../src/tensors/embedding-allocator.js';
import { stoveScene } from './helpers/obs-scene.js';

describe('embedding allocator', () => {
  it('hands out never-used slots first, then the oldest release once it has cooled down', () => {
    const e = createEmbeddingAllocator(3, 4, 100);
    expect([1, 2, 3].map((eid) => allocateEmbedding(e, eid, 0, 0))).toEqual([0, 1, 2]);
    releaseEmbedding(e, 2, 10); // slot 1
    releaseEmbedding(e, 1, 20); // slot 0
    expect(allocateEmbedding(e, 1, 1, 30)).toBe(3); // never used beats released
    releaseEmbedding(e, 3, 40); // slot 2
    // Slot 1 (released at 10) has rested 100 ticks at tick 110: a normal reuse.
    expect(allocateEmbedding(e, 2, 1, 110)).toBe(1);
    expect(embeddingReport(e, 0.05)).toEqual({
      max_slots: 4, in_use: 2, allocations_total: 5, forced_reuse_count: 0, forced_reuse_rate: 0, reuse_warning: false,
    });
  });

  it('forces reuse of the oldest release when none has cooled down, and counts it', () => {
    const e = createEmbeddingAllocator(2, 2, 100);
    allocateEmbedding(e, 1, 0, 0);
    allocateEmbedding(e, 2, 0, 0);
    releaseEmbedding(e, 2, 5); // slot 1
    releaseEmbedding(e, 1, 6); // slot 0
    expect(allocateEmbedding(e, 2, 1, 50)).toBe(1); // rested 45 < 100: forced
    expect(allocateEmbedding(e, 1, 1, 106)).toBe(0); // rested exactly 100: not forced
    const report = embeddingReport(e, 0.05);
    expect([report.allocations_total, report.forced_reuse_count, report.forced_reuse_rate]).toEqual([4, 1, 0.25]);
    expect(report.reuse_warning).toBe(true);
    expect(embeddingReport(e, 0.25).reuse_warning).toBe(false); // warns above the threshold only
  });

  it('under steady churn, forced reuse starts when exits outrun (max_slots − live) ÷ cooldown', () => {
    // 100 agents, 125 slots, cooldown 50: the 25 spare slots cover 0.5 exits a tick.
    const churn = (everyTicks: number) => {
      const e = createEmbeddingAllocator(100, 125, 50);
      for (let eid = 1; eid <= 100; eid++) allocateEmbedding(e, eid, 0, 0);
      let eid = 1;
      for (let tick = 1; tick <= 4000; tick += everyTicks) {
        releaseEmbedding(e, eid, tick);
        allocateEmbedding(e, eid, 1, tick); // the replacement, same tick
        eid = (eid % 100) + 1;
      }
      const r = embeddingReport(e, 0.05);
      return r.forced_reuse_count / (r.allocations_total - 125); // rate among reuses
    };
    expect(churn(2)).toBe(0); // 0.5 a tick: the oldest release is exactly 50 ticks old
    expect(churn(1)).toBe(1); // 1 a tick: every reuse is 25 ticks old, forced
  });

  it('in a shard: max_slots defaults to capacity + 25%; fewer slots than agents is an error', () => {
    expect(stoveScene().tensors!.embeddings.maxSlots).toBe(3);
    expect(() => stoveScene({ embedding_allocator: { max_slots: 1 } })).toThrow(InputError);
    expect(() => stoveScene({ embedding_allocator: { max_slots: 1 } })).toThrow(/max_slots.*capacity \(2\)/);
  });
});
