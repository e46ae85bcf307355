import { sharedUint8 } from '../../components/shared-arrays.js';
import type { ShardState } from '../core/shard-state.js';
import { stepDownAt, UNREACHABLE } from '../world/tile-field.js';
import type { ObserverState } from './observer-state.js';

/** The needs in feature order (hunger, hygiene, energy: the manifest's `serves` index). */
export const HINT_NEEDS = 3;

/**
 * Makes sure the path-hint tables rows read are built: `o.pathHint[need]` holds, for each tile, the first move
 * (an Action code, 0 = none) one step down the distance field of the object type that serves `need`: the first
 * reachable type in the manifest's order for that need (largest effect first); 0 on a tile beside such an object
 * and where none is reachable. A row then reads one byte where it read up to a field per type and four
 * neighbours (the fields are 4 bytes a tile and several of them; the tables stay in the cache). Rebuilt only when
 * one of the need's distance fields was rebuilt (the map changed). Serial (the prepare step); workers receive
 * the tables (derived-arrays.ts).
 */
export function ensurePathHints(s: ShardState, o: ObserverState): void {
  const table = s.manifest.table;
  const width = s.grid.width;
  for (let need = 0; need < HINT_NEEDS; need++) {
    const types = [...new Set(Array.from(table.serves[need] ?? [], (k) => table.objectType[k]!))];
    const fields = types.map((type) => s.fields.field(type));
    const source = o.pathHintSource[need];
    if (o.pathHint[need] && source && sameFields(source, fields)) continue;
    o.pathHint[need] = buildHints(fields, width, s.grid.walkable.length);
    o.pathHintSource[need] = fields;
  }
}

function buildHints(fields: readonly Int32Array[], width: number, tiles: number): Uint8Array {
  const hint = sharedUint8(tiles);
  for (let tile = 0; tile < tiles; tile++) {
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      const d = field[tile]!;
      if (d === UNREACHABLE) continue;
      if (d > 0) hint[tile] = stepDownAt(field, tile, tile % width, d, width);
      break;
    }
  }
  return hint;
}

function sameFields(a: readonly Int32Array[], b: readonly Int32Array[]): boolean {
  return a.length === b.length && a.every((field, i) => field === b[i]);
}
