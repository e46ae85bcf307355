import type { TownConfig } from '../src/config/schema.js';
import type { StateRegistry } from '../src/core/state-registry.js';

/** PLACEHOLDER (social helper fills it): rivalry and relationship ledgers, top-K edges per agent. */
export function createSocial(_capacity: number, _config: TownConfig) {
  return {};
}
export type Social = ReturnType<typeof createSocial>;

/** Registers the ledgers for hashing and snapshots. */
export function registerSocial(_registry: StateRegistry, _social: Social): void {}
