import type { TownConfig } from '../config/schema.js';
import type { StateRegistry } from '../core/state-registry.js';

/** PLACEHOLDER (perturbation helper fills it): active and pending events, cooldowns, fairness buckets. */
export function createPerturbations(_config: TownConfig, _capacity: number) {
  return {};
}
export type Perturbations = ReturnType<typeof createPerturbations>;

export function registerPerturbations(_registry: StateRegistry, _p: Perturbations): void {}
