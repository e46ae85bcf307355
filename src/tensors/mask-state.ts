import { sharedUint8 } from '../../components/shared-arrays.js';
import type { ShardState } from '../core/shard-state.js';
import type { TensorState } from './tensor-state.js';

/**
 * What the mask row pass needs beyond the world's typed arrays: `nearby[eid]` = 1 when another live agent stands
 * within Chebyshev distance 1 of live agent eid (the chat rule). Derived every tick by prepareMasks, not hashed.
 */
export function createMaskState(capacity: number) {
  return { nearby: sharedUint8(capacity + 1) };
}
export type MaskState = ReturnType<typeof createMaskState>;

/**
 * The main-thread half of the mask pass: rebuilds the agent index from the end-of-tick positions (which are the
 * next tick's start-of-tick positions the chat rule reads) and sets `nearby` for every slot. O(live agents × 9).
 * The index is stamped -1 so that the next tick's ensure() rebuilds it as usual.
 */
export function prepareMasks(s: ShardState, t: TensorState): void {
  const nearby = t.masks.nearby;
  nearby.fill(0);
  const ids = s.live.ids(s.life.alive);
  const px = s.positions.x;
  const py = s.positions.y;
  const index = s.agentIndex;
  index.build(ids, px, py, -1);
  const { width, height } = s.grid;
  for (let i = 0; i < ids.length; i++) {
    const eid = ids[i]!;
    const x = px[eid]!;
    const y = py[eid]!;
    let found = 0;
    for (let ny = y - 1; ny <= y + 1 && found === 0; ny++) {
      if (ny < 0 || ny >= height) continue;
      for (let nx = x - 1; nx <= x + 1; nx++) {
        if (nx < 0 || nx >= width) continue;
        const first = index.first(ny * width + nx);
        // The lists are ascending: a tile holds someone else if its first agent is not eid, or eid has a next.
        if (first !== 0 && (first !== eid || index.next(eid) !== 0)) {
          found = 1;
          break;
        }
      }
    }
    nearby[eid] = found;
  }
}
