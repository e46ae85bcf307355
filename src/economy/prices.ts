/**
 * The priced economy keys, in a fixed order: a price's index here is its slot in the economy's price arrays and
 * the `other` column of price_changed events. A manifest affordance names one with `price: <key>`.
 */
export const ECONOMY_PRICES = ['meal_cost', 'ingredients_cost', 'shower_cost'] as const;
export type PriceKey = (typeof ECONOMY_PRICES)[number];
/** Index of each price key (0-based, unlike event codes: it indexes the price arrays). */
export const PriceIndex: Readonly<Record<PriceKey, number>> = Object.fromEntries(
  ECONOMY_PRICES.map((k, i) => [k, i]),
) as Record<PriceKey, number>;

/** Named groups a price spike may target: `market` = food prices, `global` = every price. */
export const PRICE_GROUPS: Readonly<Record<string, readonly PriceKey[]>> = {
  market: ['meal_cost', 'ingredients_cost'],
  global: ECONOMY_PRICES,
};

/** Every price bit set. */
export const ALL_PRICES_MASK = (1 << ECONOMY_PRICES.length) - 1;

/** True when `key` is a price key. */
export function isPriceKey(key: string): key is PriceKey {
  return (ECONOMY_PRICES as readonly string[]).includes(key);
}

/**
 * The bit mask (bit i = ECONOMY_PRICES[i]) of a list of price keys and groups; empty = every price. Returns the
 * first unknown name instead when there is one.
 */
export function priceMask(targets: readonly string[]): number | { unknown: string } {
  if (targets.length === 0) return ALL_PRICES_MASK;
  let mask = 0;
  for (const t of targets) {
    const group = Object.hasOwn(PRICE_GROUPS, t) ? PRICE_GROUPS[t] : undefined;
    if (group) for (const k of group) mask |= 1 << PriceIndex[k];
    else if (isPriceKey(t)) mask |= 1 << PriceIndex[t];
    else return { unknown: t };
  }
  return mask;
}

/** Valid spike targets, for messages. */
export const PRICE_TARGET_NAMES: readonly string[] = [...ECONOMY_PRICES, ...Object.keys(PRICE_GROUPS)];
