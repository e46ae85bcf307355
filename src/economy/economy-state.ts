import { sharedFloat64 } from '../../components/shared-arrays.js';
import type { TownConfig } from '../config/schema.js';
import type { StateRegistry } from '../core/state-registry.js';

/**
 * The shard's economy. PARTLY PLACEHOLDER (economy helper extends it with prices and the restock schedule).
 * `wages[j]` is job j's wage per tick on shift now (jobs.*.wage_rate, or economy.wage_income when that is 0);
 * employment pays it, setWage changes it.
 */
export function createEconomy(config: TownConfig, jobIds: readonly string[]) {
  const wages = sharedFloat64(jobIds.length);
  jobIds.forEach((id, j) => {
    wages[j] = config.jobs[id]!.wage_rate || config.economy.wage_income;
  });
  return { wages };
}
export type Economy = ReturnType<typeof createEconomy>;

export function registerEconomy(registry: StateRegistry, economy: Economy): void {
  registry.addArray('economy.wages', economy.wages);
}
