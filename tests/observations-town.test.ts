import { describe, expect, it } from 'vitest';
import { createShard } from '../src/core/shard.js';
import { embeddingReport } from '../src/tensors/embedding-allocator.js';
import { smallTown } from './helpers/small-town.js';

describe('observations in a small town', () => {
  it('are deterministic, finite, and give every live agent its own embedding slot', () => {
    const run = () => {
      const shard = createShard(smallTown(), { tensors: true });
      shard.run(60);
      return shard;
    };
    const a = run();
    const b = run();
    expect(a.hash()).toBe(b.hash());
    const obs = a.tensors!.buffers.observations!;
    expect(obs).toEqual(b.tensors!.buffers.observations);
    expect(obs.every(Number.isFinite)).toBe(true);
    const { alive } = a.state.life;
    const slots = new Set<number>();
    for (let eid = 1; eid < alive.length; eid++) if (alive[eid] === 1) slots.add(a.tensors!.embeddings.slotOf[eid]!);
    expect(slots.size).toBe(a.state.live.count(alive));
    expect(slots.has(-1)).toBe(false);
    expect(embeddingReport(a.tensors!.embeddings, 0.05).forced_reuse_count).toBe(0);
  });
});
