import { sharedFloat32, sharedFloat64 } from '../../components/shared-arrays.js';
import type { TownConfig } from '../config/schema.js';
import type { StateRegistry } from '../core/state-registry.js';
import { ECONOMY_PRICES } from './prices.js';

/**
 * The shard's economy: wages, prices and each agent's basket cost. Registered state (all but `derived`).
 * - `wages[j]`: job j's wage per tick on shift now (jobs.*.wage_rate, or economy.wage_income when that is 0);
 *   employment pays it, setWage changes it.
 * - `baseline[p]`: price p (ECONOMY_PRICES order) as configured or set by setPrice.
 * - `prices[p]`: what price p costs now: the baseline × every active price spike that targets it.
 * - `basket[eid]`: agent eid's basket cost (src/economy/basket.ts), recomputed when prices change or it spawns.
 * - `derived`: caches rebuilt from the static map (not hashed).
 */
export function createEconomy(config: TownConfig, jobIds: readonly string[], capacity: number) {
  const wages = sharedFloat64(jobIds.length);
  jobIds.forEach((id, j) => {
    wages[j] = config.jobs[id]!.wage_rate || config.economy.wage_income;
  });
  const baseline = sharedFloat64(ECONOMY_PRICES.length);
  ECONOMY_PRICES.forEach((key, p) => {
    baseline[p] = config.economy[key];
  });
  const prices = sharedFloat64(ECONOMY_PRICES.length);
  prices.set(baseline);
  return {
    wages,
    baseline,
    prices,
    basket: sharedFloat32(capacity + 1),
    derived: {
      /** Per object row: the fridge row a stove's cooked meals go to (-1 = the stove keeps them); built lazily. */
      kitchenFridge: undefined as Int32Array | undefined,
    },
  };
}
export type Economy = ReturnType<typeof createEconomy>;

/** Registers the economy's arrays (the derived caches are not state). */
export function registerEconomy(registry: StateRegistry, economy: Economy): void {
  registry.addField('economy.wages', economy, 'wages');
  registry.addField('economy.baseline', economy, 'baseline');
  registry.addField('economy.prices', economy, 'prices');
  registry.addField('economy.basket', economy, 'basket');
}
