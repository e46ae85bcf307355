import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import { createShard, type Shard } from '../src/core/shard.js';
import { loadSnapshot } from '../src/snapshots/load.js';
import { registerMigration } from '../src/snapshots/migrations.js';
import { smallTown } from './helpers/small-town.js';
import { rewriteHeader } from './helpers/snapshot-files.js';
import { tempDir, writeTemp } from './helpers/temp-files.js';

const dir = tempDir('townlet-snap-guards-');
const open: Shard[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

function savedTown(name: string, ticks = 25): { shard: Shard; path: string; bytes: Buffer } {
  const shard = createShard(smallTown());
  open.push(shard);
  shard.run(ticks);
  const path = join(dir, name);
  shard.saveSnapshot(path);
  return { shard, path, bytes: readFileSync(path) };
}

/** The InputError loadSnapshot throws for `path` (fails the test when it loads). */
function refusal(path: string, options: Parameters<typeof loadSnapshot>[1] = {}): InputError {
  try {
    open.push(loadSnapshot(path, options));
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error(`${path} loaded`);
}

describe('loading a damaged or foreign snapshot', () => {
  const good = savedTown('good.tsnap');

  it('refuses every truncation with a message naming the file, and leaves the file as it was', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: good.bytes.length - 1 }), (length) => {
        const path = writeTemp(dir, 'truncated.tsnap', good.bytes.subarray(0, length));
        expect(refusal(path).message).toMatch(
          /truncated\.tsnap: (expected a snapshot file, found an empty file|expected a snapshot file \(starting|checksum: expected SHA-256)/,
        );
        expect(readFileSync(path).length).toBe(length);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a file with any one bit flipped anywhere', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: good.bytes.length - 1 }), fc.integer({ min: 0, max: 7 }), (at, bit) => {
        const edited = Buffer.from(good.bytes);
        edited[at]! ^= 1 << bit;
        const path = writeTemp(dir, 'flipped.tsnap', edited);
        expect(refusal(path).message).toMatch(/flipped\.tsnap(: checksum|: expected a snapshot file \(starting|: prefix|: header|: array_bytes)/);
      }),
      { numRuns: 150 },
    );
  });

  it('names the checksum when a byte of the body changed (an edited file)', () => {
    const edited = Buffer.from(good.bytes);
    edited[edited.length - 5]! ^= 0xff;
    const path = writeTemp(dir, 'edited.tsnap', edited);
    expect(refusal(path).message).toMatch(/edited\.tsnap: checksum: expected SHA-256 [0-9a-f]{64} of the body, found [0-9a-f]{64} \(a truncated or edited file\)/);
  });

  it('refuses an empty file, a directory, a missing file and a file that is not a snapshot', () => {
    expect(refusal(writeTemp(dir, 'empty.tsnap', '')).message).toMatch(/empty\.tsnap: expected a snapshot file, found an empty file/);
    const folder = join(dir, 'a-folder.tsnap');
    mkdirSync(folder);
    expect(refusal(folder).message).toMatch(/a-folder\.tsnap: expected a snapshot file, found a directory/);
    expect(refusal(join(dir, 'missing.tsnap')).message).toMatch(/missing\.tsnap: expected a readable snapshot file, found no such file/);
    expect(refusal(writeTemp(dir, 'config.tsnap', 'config_id: x\nseed: 1\n'.repeat(5))).message).toMatch(
      /config\.tsnap: expected a snapshot file \(starting with "TWNLSNAP"\), found 105 bytes of something else/,
    );
  });

  it('refuses a newer schema version and a header that does not fit the schema', () => {
    const newer = join(dir, 'newer.tsnap');
    rewriteHeader(good.path, newer, (h) => {
      h['schema_version'] = 99;
    });
    expect(refusal(newer).message).toMatch(/newer\.tsnap: schema_version: expected a snapshot schema version this build reads \(≤ 1\), found 99 \(written by a newer build\)/);
    const odd = join(dir, 'odd.tsnap');
    rewriteHeader(good.path, odd, (h) => {
      delete h['tick'];
    });
    expect(refusal(odd).message).toMatch(/odd\.tsnap: header\.tick/);
  });

  it('refuses another build\'s state layout, naming the entries that differ', () => {
    const other = join(dir, 'other-build.tsnap');
    rewriteHeader(good.path, other, (h) => {
      const entries = h['entries'] as { name: string }[];
      entries.find((e) => e.name === 'needs.hunger')!.name = 'needs.appetite';
    });
    const message = refusal(other).message;
    expect(message).toMatch(/other-build\.tsnap: layout_digest: expected this build's state layout [0-9a-f]{16}/);
    expect(message).toMatch(/state needs\.appetite: expected no such entry, found Float32Array\[11\]/);
    expect(message).toMatch(/state needs\.hunger: expected Float32Array\[11\], found no such entry/);
  });

  it('refuses a target config of the same config_id but another size (another layout)', () => {
    expect(refusal(good.path, { config: smallTown({ population: { count: 20 } }) }).message).toMatch(/layout_digest/);
  });

  it('refuses tensors the snapshot does not hold', () => {
    expect(refusal(good.path, { tensors: true }).message).toMatch(
      /good\.tsnap: tensors: expected a snapshot with tensor state \(as asked\), found one saved without/,
    );
  });

  it('refuses another config_id unless a migration is registered for the pair, then applies it', async () => {
    const target = smallTown({ config_id: 'test-town-v2' });
    expect(refusal(good.path, { config: target }).message).toMatch(
      /good\.tsnap: config_id: expected test-town-v2 \(the target config's\), or a migration registered for test-town → test-town-v2, found test-town, with no such migration/,
    );
    const unregister = registerMigration({
      from: 'test-town',
      to: 'test-town-v2',
      description: 'v2 counts money in cents',
      migrate(snapshot) {
        const arrays = new Map(snapshot.arrays);
        arrays.set('wallet.balance', (arrays.get('wallet.balance') as Float32Array).map((v) => v * 100));
        return { ...snapshot, arrays };
      },
    });
    try {
      const migrated = loadSnapshot(good.path, { config: target });
      open.push(migrated);
      expect(migrated.config.config_id).toBe('test-town-v2');
      expect(migrated.tick).toBe(good.shard.tick);
      const before = good.shard.state.wallets.balance;
      const after = migrated.state.wallets.balance;
      for (let eid = 1; eid < before.length; eid++) expect(after[eid]).toBeCloseTo(before[eid]! * 100, 2);
      migrated.run(5);
      expect(migrated.tick).toBe(good.shard.tick + 5);
    } finally {
      unregister();
    }
    expect(refusal(good.path, { config: target }).message).toMatch(/with no such migration/);
  });

  it('leaves a good snapshot loadable after all the refusals, with the saved hash', () => {
    const restored = loadSnapshot(good.path);
    open.push(restored);
    expect(restored.hash()).toBe(good.shard.hash());
    expect(readFileSync(good.path).equals(good.bytes)).toBe(true);
  });

  it('refuses to save into a folder that does not exist, writing nothing', () => {
    const path = join(dir, 'no-such-folder', 'x.tsnap');
    expect(() => good.shard.saveSnapshot(path)).toThrow(/x\.tsnap: expected a writable snapshot path in an existing folder, found a folder that does not exist/);
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
  });
});
