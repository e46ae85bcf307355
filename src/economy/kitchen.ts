import type { ShardState } from '../core/shard-state.js';

/**
 * Where meals cooked on the stove at object row `stove` go: the fridge (lowest row) of the same building,
 * else -1 (the stove keeps them). Objects with building -1 (scenario and manifest objects) count as one shared
 * building. Reads objects.type and objects.building; the answer for every row is built once, on the first
 * call, into economy.derived (the map never changes while a shard runs).
 */
export function kitchenFridge(s: ShardState, stove: number): number {
  const derived = s.economy.derived;
  let table = derived.kitchenFridge;
  if (!table) {
    table = buildKitchenTable(s);
    derived.kitchenFridge = table;
  }
  return table[stove]!;
}

function buildKitchenTable(s: ShardState): Int32Array {
  const { type, building } = s.objects;
  const fridge = s.objectTypes.code('fridge');
  const firstFridge = new Map<number, number>();
  for (let row = 0; row < s.layout.objectCount; row++) {
    if (type[row] === fridge && !firstFridge.has(building[row]!)) firstFridge.set(building[row]!, row);
  }
  const table = new Int32Array(s.layout.objectCount);
  for (let row = 0; row < table.length; row++) table[row] = firstFridge.get(building[row]!) ?? -1;
  return table;
}
