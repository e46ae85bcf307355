import type { TownConfigInput } from '../../src/config/schema.js';
import { createShard, type Shard } from '../../src/core/shard.js';
import { featureOffset } from '../../src/tensors/observation-spec.js';
import { scene } from './scene.js';

/**
 * The observation scene: a 9×9 grid (floor 1..7) with a stove at (4, 2); ann (slot 1) at (2, 4), hungry, and her
 * neighbour bob (slot 2) one tile east at (3, 4). Tensors on; the caller writes the actions (all noop).
 */
export function stoveScene(over: Partial<TownConfigInput> = {}): Shard {
  return createShard(
    scene({
      width: 9,
      height: 9,
      objects: [{ id: 'stove', type: 'stove', position: [4, 2] }],
      agents: [
        { id: 'ann', position: [2, 4], needs: { hunger: 0.2, hygiene: 0.9, energy: 0.8 }, wallet: 10 },
        { id: 'bob', position: [3, 4], needs: { hunger: 0.9, hygiene: 0.9, energy: 0.9 }, wallet: 5 },
      ],
      over,
    }),
    { policy: 'external', tensors: true },
  );
}

/** The observation row of slot `eid` (a view). */
export function row(shard: Shard, eid: number): Float32Array {
  const t = shard.tensors!;
  const dim = t.spec.obsDim;
  return t.buffers.observations!.subarray((eid - 1) * dim, eid * dim);
}

/** Feature `name` of slot `eid`. */
export function feature(shard: Shard, eid: number, name: string): number {
  return row(shard, eid)[featureOffset(shard.tensors!.spec, name)]!;
}

/** Row offsets of the non-zero entries of channel `channel` in slot `eid`'s map, as [row, col] cells. */
export function litCells(shard: Shard, eid: number, channel: string): [number, number][] {
  const spec = shard.tensors!.spec;
  const w = spec.window;
  const c = spec.channels.indexOf(channel);
  if (c < 0) throw new RangeError(`no channel ${channel}`);
  const r = row(shard, eid);
  const out: [number, number][] = [];
  for (let i = 0; i < w * w; i++) if (r[c * w * w + i] !== 0) out.push([Math.floor(i / w), i % w]);
  return out;
}
