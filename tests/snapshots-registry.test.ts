import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createShard, type Shard } from '../src/core/shard.js';
import { loadSnapshot } from '../src/snapshots/load.js';
import { readSnapshot } from '../src/snapshots/reader.js';
import { snapshotTown } from './helpers/snapshot-town.js';
import { smallTown } from './helpers/small-town.js';
import { tempDir } from './helpers/temp-files.js';

const dir = tempDir('townlet-snap-registry-');
const open: Shard[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('snapshots and the state registry', () => {
  it('hold every registered array byte for byte and every registered block, in registration order', () => {
    const shard = snapshotTown(40, 3, 0);
    open.push(shard);
    shard.run(200);
    const path = join(dir, 'all.tsnap');
    shard.saveSnapshot(path);
    const snap = readSnapshot(path);
    const registry = shard.state.registry;
    expect(snap.header.entries.map((e) => e.name)).toEqual(registry.names());
    const blocks = new Map(snap.header.entries.flatMap((e) => (e.type === 'block' ? [[e.name, e.state]] : [])));
    registry.forEach((name, array, block) => {
      if (array) expect(bytesOf(snap.arrays.get(name)!).equals(bytesOf(array)), name).toBe(true);
      else expect(blocks.get(name), name).toEqual(block!.exportState());
    });
    // The tensor bookkeeping is registered too when the shard keeps tensors.
    expect(registry.names()).toEqual(expect.arrayContaining(['rewards.episode_total', 'embeddings.slot_of', 'rng']));
  });

  it('copy arrays into the new shard in place and import every block (a changed entry shows after loading)', () => {
    const shard = createShard(smallTown({ population: { count: 12 } }));
    open.push(shard);
    shard.run(30);
    const path = join(dir, 'in-place.tsnap');
    shard.saveSnapshot(path);
    const restored = loadSnapshot(path);
    open.push(restored);
    const fresh = createShard(smallTown({ population: { count: 12 } }));
    open.push(fresh);
    // Every entry of the restored shard matches the saved one; most differ from a fresh shard's.
    let differFromFresh = 0;
    restored.state.registry.forEach((name, array, block) => {
      const saved = shard.state.registry;
      if (array) {
        expect(bytesOf(array).equals(bytesOf(saved.array(name)!)), name).toBe(true);
        if (!bytesOf(array).equals(bytesOf(fresh.state.registry.array(name)!))) differFromFresh++;
      } else {
        expect(block!.exportState(), name).toEqual(saved.block(name)!.exportState());
      }
    });
    expect(differFromFresh).toBeGreaterThan(10);
    // References taken before loading stay the registry's arrays (copied in place, not replaced).
    expect(restored.state.registry.array('needs.hunger')).toBe(restored.state.needs.hunger);
    expect(restored.actions).toBe(restored.state.actions.buffer);
  });

  it('refuse a snapshot whose registry lacks an entry this build registers (state added without snapshots)', () => {
    const shard = createShard(smallTown());
    open.push(shard);
    const path = join(dir, 'older-layout.tsnap');
    shard.saveSnapshot(path);
    // A build that registers one more array: its shards cannot take this snapshot, and say which entry.
    shard.state.registry.addField('extra.counter', { counter: new Int32Array(new SharedArrayBuffer(12)) }, 'counter');
    const newerPath = join(dir, 'newer-layout.tsnap');
    shard.saveSnapshot(newerPath);
    expect(() => loadSnapshot(newerPath)).toThrow(/layout_digest: expected this build's state layout[^]*extra\.counter: expected no such entry, found Int32Array\[3\]/);
    expect(() => loadSnapshot(path)).not.toThrow();
  });

  it('do not disturb the shard that saves: its hashes are those of a shard that never saves', () => {
    const saving = createShard(smallTown({ seed: 11, population: { count: 15 } }));
    const plain = createShard(smallTown({ seed: 11, population: { count: 15 } }));
    open.push(saving, plain);
    for (let t = 1; t <= 120; t++) {
      saving.step();
      plain.step();
      if (t % 7 === 0) saving.saveSnapshot(join(dir, 'undisturbed.tsnap'));
      expect(saving.hash(), `tick ${t}`).toBe(plain.hash());
    }
  });

  it('keep `extra` outside the world hash and give it back as saved', () => {
    const shard = createShard(smallTown());
    open.push(shard);
    shard.run(5);
    const a = join(dir, 'extra-a.tsnap');
    const b = join(dir, 'extra-b.tsnap');
    shard.saveSnapshot(a, { audit_head: 'abc', pause_latches: [1, 2] });
    shard.saveSnapshot(b);
    expect(readSnapshot(a).header.extra).toEqual({ audit_head: 'abc', pause_latches: [1, 2] });
    expect(readSnapshot(b).header.extra).toEqual({});
    expect(readSnapshot(a).header.world_hash).toBe(shard.hash());
    expect(readSnapshot(b).header.world_hash).toBe(shard.hash());
  });
});
