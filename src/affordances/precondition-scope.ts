import type { ShardState } from '../core/shard-state.js';
import { ECONOMY_PRICES } from '../economy/prices.js';
import type { NumericColumn, PreconditionGetter, PreconditionScope } from './preconditions.js';
import { mapScope } from './preconditions.js';

/**
 * The names a manifest precondition may read, bound to the shard's arrays. Each getter takes the acting agent's
 * entity id and the object's row. The list is the documented vocabulary (configs/affordances/core.yaml header);
 * anything else fails when the manifest is compiled. `price` (the affordance's own current price) is added per
 * affordance when the table is compiled.
 */
export function engineScope(s: ShardState): PreconditionScope {
  const { needs, wallets, objects, queues, clock } = s;
  const tpd = s.config.ticks_per_day;
  const wallet = ofAgent(wallets.balance);
  const hunger = ofAgent(needs.hunger);
  const hygiene = ofAgent(needs.hygiene);
  const energy = ofAgent(needs.energy);
  const meals = ofObject(objects.meals);
  const ingredients = ofObject(objects.ingredients);
  const prices = s.economy.prices;
  const getters = new Map<string, PreconditionGetter>([
    ['wallet', wallet],
    ['agent.wallet', wallet],
    ['needs.hunger', hunger],
    ['needs.hygiene', hygiene],
    ['needs.energy', energy],
    ['agent.needs.hunger', hunger],
    ['agent.needs.hygiene', hygiene],
    ['agent.needs.energy', energy],
    ['stock.meals', meals],
    ['stock.ingredients', ingredients],
    ['stock.raw_ingredients', ingredients],
    ['meal_available', (_a, o) => objects.meals[o]! > 0],
    ['power_on', (_a, o) => objects.power[o] === 1],
    ['water_on', (_a, o) => objects.water[o] === 1],
    ['occupied', (a, o) => objects.occupant[o] !== 0 && objects.occupant[o] !== a],
    ['queue_length', ofObject(queues.length)],
    ['world.tick', fixed(clock, 0)],
    ['world.day', () => Math.floor(clock[0]! / tpd)],
    // Current prices (spikes applied); an affordance's own price is also `price` (affordance-table.ts).
    ...ECONOMY_PRICES.map((key, p): [string, PreconditionGetter] => [`price.${key}`, fixed(prices, p)]),
  ]);
  return mapScope(getters);
}

type Column = NumericColumn['values'];

/** A getter of the agent's element of `values`, carrying its column (so comparisons read it without a call). */
function ofAgent(values: Column): PreconditionGetter {
  return Object.assign((a: number) => values[a]!, { column: { values, by: 'agent', at: 0 } as const });
}

/** A getter of the object's element of `values`, carrying its column. */
function ofObject(values: Column): PreconditionGetter {
  return Object.assign((_a: number, o: number) => values[o]!, { column: { values, by: 'object', at: 0 } as const });
}

/** A getter of element `at` of `values` (world-wide numbers), carrying its column. */
function fixed(values: Column, at: number): PreconditionGetter {
  return Object.assign(() => values[at]!, { column: { values, by: 'fixed', at } as const });
}
