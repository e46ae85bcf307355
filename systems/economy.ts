import { EventKind } from '../src/core/event-kinds.js';
import type { ShardState } from '../src/core/shard-state.js';

/**
 * Economy (tick phase 9, after employment): the restock. On ticks divisible by economy.restock_period_ticks,
 * every stove gains stove_stock_replenish ingredients and every fridge fridge_restock meals, up to
 * fridge_capacity (a fridge already at or above it gets none); one stock_restocked event (other = objects that
 * gained stock, value = units added). Reads config economy, object types; writes objects.meals/ingredients.
 * Other ticks cost one modulo. Prices change only through setPrice and price spikes (never per tick).
 */
export function economySystem(s: ShardState, tick: number): void {
  const e = s.config.economy;
  if (tick % e.restock_period_ticks !== 0) return;
  const stove = s.objectTypes.code('stove');
  const fridge = s.objectTypes.code('fridge');
  const { type, meals, ingredients } = s.objects;
  let objects = 0;
  let units = 0;
  for (let row = 0; row < s.layout.objectCount; row++) {
    let add = 0;
    if (type[row] === stove) {
      add = e.stove_stock_replenish;
      ingredients[row]! += add;
    } else if (type[row] === fridge) {
      add = Math.max(0, Math.min(e.fridge_restock, e.fridge_capacity - meals[row]!));
      meals[row]! += add;
    }
    if (add > 0) {
      objects++;
      units += add;
    }
  }
  s.events.emit(EventKind.stock_restocked, 0, 0, objects, units);
}
