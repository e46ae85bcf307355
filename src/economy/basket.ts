import type { ShardState } from '../core/shard-state.js';
import { PriceIndex } from './prices.js';

/**
 * Agent `eid`'s basket cost: what a day's essentials cost it at current prices: a meal scaled by how fast it gets
 * hungry (current meal_cost × personality.hungerDecay) + one shower (shower_cost) + one cooked meal's ingredients
 * (ingredients_cost). Reads economy.prices and personality; writes economy.basket[eid].
 */
export function updateBasket(s: ShardState, eid: number): void {
  const p = s.economy.prices;
  s.economy.basket[eid] =
    p[PriceIndex.meal_cost]! * s.personality.hungerDecay[eid]! +
    p[PriceIndex.shower_cost]! +
    p[PriceIndex.ingredients_cost]!;
}

/** Recomputes every live agent's basket cost (after a price change). */
export function updateAllBaskets(s: ShardState): void {
  const ids = s.live.ids(s.life.alive);
  for (let i = 0; i < ids.length; i++) updateBasket(s, ids[i]!);
}
