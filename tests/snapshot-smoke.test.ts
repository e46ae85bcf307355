import { expect, it } from 'vitest';
import { createShard } from '../src/core/shard.js';
import { loadSnapshot } from '../src/snapshots/load.js';
import { hashTensors } from '../src/tensors/tensor-hash.js';
import { smallTown } from './helpers/small-town.js';

it('smoke', async () => {
  const a = createShard(smallTown({ population: { count: 30 } }), { tensors: true, workers: 0 });
  a.run(50);
  a.saveSnapshot('/tmp/snapwt/a.tsnap');
  const b = loadSnapshot('/tmp/snapwt/a.tsnap', { workers: 0 });
  expect(b.hash()).toBe(a.hash());
  for (let i = 0; i < 200; i++) {
    a.step();
    b.step();
    expect([b.tick, b.hash(), hashTensors(b.tensors!.buffers)]).toEqual([a.tick, a.hash(), hashTensors(a.tensors!.buffers)]);
  }
  await a.close();
  await b.close();
});
