import type { ShardState } from '../core/shard-state.js';
import { specAt } from '../perturbations/scheduler.js';

/**
 * What a command's `validate` may read: the facts of a shard that never change while it runs (the map's
 * walkable tiles, the job ids, the perturbation specs of the config and their kinds). A manifest hot reload keeps
 * the placed objects (so the map), and a served shard has no config reload: built once per shard (after a build or
 * a restore), these stay true for its whole life. Plain data, so it travels to the front-desk thread as is.
 */
export interface ShardFacts {
  readonly width: number;
  readonly height: number;
  /** 1 = walkable, one byte per tile, row-major (a copy: the front thread never sees the shard's memory). */
  readonly walkable: Uint8Array;
  readonly jobIds: readonly string[];
  /** Perturbation spec names under perturbations.events, in config order, with their kinds. */
  readonly specs: readonly { name: string; kind: string }[];
}

const cache = new WeakMap<ShardState, ShardFacts>();

/** The facts of a shard's state (made once per state). */
export function shardFacts(s: ShardState): ShardFacts {
  let facts = cache.get(s);
  if (!facts) {
    facts = {
      width: s.grid.width,
      height: s.grid.height,
      walkable: Uint8Array.from(s.grid.walkable),
      jobIds: [...s.jobIds],
      specs: s.perturbations.specs.map((name, i) => ({ name, kind: specAt(s, i).kind })),
    };
    cache.set(s, facts);
  }
  return facts;
}

/** True when (x, y) is on the map and walkable. */
export function walkableIn(f: ShardFacts, x: number, y: number): boolean {
  return x >= 0 && y >= 0 && x < f.width && y < f.height && f.walkable[y * f.width + x] === 1;
}
