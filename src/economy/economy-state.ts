import type { TownConfig } from '../config/schema.js';
import type { StateRegistry } from '../core/state-registry.js';

/** PLACEHOLDER (economy helper fills it): prices, wages, restock schedule. */
export function createEconomy(_config: TownConfig, _jobIds: readonly string[]) {
  return {};
}
export type Economy = ReturnType<typeof createEconomy>;

export function registerEconomy(_registry: StateRegistry, _economy: Economy): void {}
