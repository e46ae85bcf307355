import { Action, MOVE_DX, MOVE_DY, USE_BASE } from '../actions/action-space.js';
import { adjacentObject } from '../affordances/adjacent-object.js';
import type { ShardState } from '../core/shard-state.js';
import { TILE_AGENTS } from './observer-state.js';
import type { TensorState } from './tensor-state.js';

/**
 * The row half of the mask pass (docs/TENSORS.md "Masks"): the action-mask rows of agent slots [from, to)
 * (row = slot − 1, one byte per action id) for the end of `tick`, which the policy acts on in tick + 1. It mirrors
 * systems/actions.ts: 1 = the action system would accept the action (moves, release, chat: never an
 * invalid_action), and for `use` also that it would start (below). Empty slots get zeros. Reads typed arrays,
 * numbers, the compiled preconditions and the tile bytes of prepareObservations (agent counts at the end-of-tick
 * positions); writes only its rows. No allocation.
 *
 * - noop: 1. A busy agent (running affordance k): noop, release and use k only.
 * - moves: the target tile is in the grid and walkable. release: holding an object or waiting in a line.
 * - chat: another live agent within Chebyshev distance 1 and the speaker's chat cooldown over by tick + 1.
 * - use k: an object of k's type is beside the agent (north, south, east, west), the agent is not waiting in
 *   the line of an object of that type (the engine answers "queued"), and the object the engine would pick is
 *   granted (shared affordance; held by the agent; or free with an empty line and not in the agent's cooldown)
 *   and passes every compiled precondition of k for this agent and object.
 */
export function writeMasks(s: ShardState, t: TensorState, tick: number, from: number, to: number): void {
  const masks = t.buffers.masks;
  const n = t.buffers.nActions;
  const count = s.manifest.table.count;
  const alive = s.life.alive;
  const busyWith = s.activity.affordance;
  const { holds, waitingFor } = s.queues;
  const tileCode = t.observer.tileCode;
  const chatReadyAt = s.social.chatReadyAt;
  const px = s.positions.x;
  const py = s.positions.y;
  const { width, height, walkable } = s.grid;
  const index = s.objectIndex;
  const objectType = s.objects.type;
  const affordanceType = s.manifest.table.objectType;
  masks.fill(0, (from - 1) * n, (to - 1) * n); // one memset for the range, then the ones
  for (let eid = from; eid < to; eid++) {
    if (alive[eid] !== 1) continue;
    const base = (eid - 1) * n;
    masks[base + Action.noop] = 1;
    const busy = busyWith[eid]!;
    if (busy >= 0) {
      masks[base + Action.release] = 1;
      masks[base + USE_BASE + busy] = 1;
      continue;
    }
    const x = px[eid]!;
    const y = py[eid]!;
    // Types of the objects north, south, east and west (-1 = none), kept in locals: no allocation.
    let t0 = -1;
    let t1 = -1;
    let t2 = -1;
    let t3 = -1;
    for (let d = 0; d < 4; d++) {
      const nx = x + MOVE_DX[d]!;
      const ny = y + MOVE_DY[d]!;
      if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
      const tile = ny * width + nx;
      if (walkable[tile] === 1) {
        masks[base + Action.moveNorth + d] = 1;
        continue;
      }
      const object = index[tile]!;
      if (object < 0) continue;
      const type = objectType[object]!;
      if (d === 0) t0 = type;
      else if (d === 1) t1 = type;
      else if (d === 2) t2 = type;
      else t3 = type;
    }
    if (holds[eid]! >= 0 || waitingFor[eid]! >= 0) masks[base + Action.release] = 1;
    if (tick + 1 >= chatReadyAt[eid]! && someoneNear(tileCode, width, height, x, y)) masks[base + Action.chat] = 1;
    if (t0 < 0 && t1 < 0 && t2 < 0 && t3 < 0) continue;
    for (let k = 0; k < count; k++) {
      const type = affordanceType[k]!;
      if (type !== t0 && type !== t1 && type !== t2 && type !== t3) continue;
      if (useWouldStart(s, eid, k, tick + 1)) masks[base + USE_BASE + k] = 1;
    }
  }
}

/**
 * The chat rule's neighbour test: another live agent within Chebyshev distance 1 of the agent on (x, y), read from
 * the tile bytes' agent counts (the agent itself is one of its own tile's).
 */
function someoneNear(tileCode: Uint8Array, width: number, height: number, x: number, y: number): boolean {
  if ((tileCode[y * width + x]! & TILE_AGENTS) >= 2) return true;
  for (let ny = y - 1; ny <= y + 1; ny++) {
    if (ny < 0 || ny >= height) continue;
    for (let nx = x - 1; nx <= x + 1; nx++) {
      if (nx < 0 || nx >= width || (nx === x && ny === y)) continue;
      if ((tileCode[ny * width + nx]! & TILE_AGENTS) !== 0) return true;
    }
  }
  return false;
}

/**
 * Whether `use` of affordance k by idle agent eid in tick `next` would start it, on the world as it stands:
 * the object choice and the request of systems/actions.ts and queue-ops.ts, then the compiled preconditions.
 */
function useWouldStart(s: ShardState, eid: number, k: number, next: number): boolean {
  const table = s.manifest.table;
  const type = table.objectType[k]!;
  const q = s.queues;
  const waiting = q.waitingFor[eid]!;
  if (waiting >= 0 && s.objects.type[waiting] === type) return false;
  const object = adjacentObject(s, eid, type, next);
  if (object < 0) return false;
  if (table.exclusive[k] === 1) {
    const holder = s.reservations.holder[object]!;
    const granted =
      holder === eid ||
      (holder === 0 && q.length[object] === 0 && !(q.cooldownObject[eid] === object && next < q.cooldownUntil[eid]!));
    if (!granted) return false;
  }
  const preconds = table.preconds[k]!;
  for (let i = 0; i < preconds.length; i++) if (!preconds[i]!.evaluate(eid, object)) return false;
  return true;
}
