import type { TownConfigInput } from '../../src/config/schema.js';

/** A small procedural town config for tests; `over` replaces top-level sections. */
export function smallTown(over: Partial<TownConfigInput> = {}): TownConfigInput {
  return {
    config_id: 'test-town',
    seed: 7,
    population: { count: 10 },
    ...over,
  };
}
