import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { USE_BASE } from '../src/actions/action-space.js';
import type { TownConfigInput } from '../src/config/schema.js';
import { shippedManifestPath } from '../src/core/package-root.js';
import { createShard, type Shard } from '../src/core/shard.js';
import { TOTAL_SPENT } from '../src/core/totals.js';
import { scene } from './helpers/scene.js';
import { collectEvents, stepEvents } from './helpers/step-events.js';
import { tempDir, writeTemp } from './helpers/temp-files.js';

const EAT = USE_BASE + 0; // fridge, 15 ticks, price meal_cost (0.4)
const dir = tempDir('townlet-prices-');

/** A fridge at (3, 2) with ann (wallet 5) west of it; the caller writes her actions. */
function fridgeScene(over: Partial<TownConfigInput> = {}): Shard {
  return createShard(
    scene({
      width: 7,
      height: 5,
      objects: [{ id: 'fridge', type: 'fridge', position: [3, 2] }],
      agents: [{ id: 'ann', position: [2, 2], needs: { hunger: 0.2 }, wallet: 5 }],
      over: { jobs: { grocer: { start_tick: 100, end_tick: 200, wage_rate: 0.02 } }, ...over },
    }),
    { policy: 'external' },
  );
}

describe('prices', () => {
  it('start at the configured baselines, shower_cost included', () => {
    const shard = fridgeScene({ economy: { meal_cost: 0.5 } });
    expect(shard.prices()).toEqual({ meal_cost: 0.5, ingredients_cost: 0.15, shower_cost: 0.2 });
  });

  it('a meal costs its current price, charged when it completes, and counts as spent', () => {
    const shard = fridgeScene();
    shard.setPrice('meal_cost', 1.25);
    shard.actions[0] = EAT;
    shard.run(15); // ticks 1..15
    expect(shard.state.wallets.balance[1]).toBe(3.75);
    expect(shard.state.totals.values[TOTAL_SPENT]).toBe(1.25);
  });

  it('a price set while a meal runs applies to that meal (the price at completion)', () => {
    const shard = fridgeScene();
    shard.actions[0] = EAT;
    shard.run(5);
    shard.setPrice('meal_cost', 0.75);
    shard.actions[0] = 0;
    shard.run(10);
    expect(shard.state.wallets.balance[1]).toBe(4.25);
  });

  it('setPrice writes a price_changed event with the price index and the new price', () => {
    const shard = fridgeScene();
    shard.step();
    shard.setPrice('shower_cost', 0.5);
    const changed = shard.eventRecords().filter((e) => e.kind === 'price_changed');
    expect(changed.map((e) => [e.tick, e.other, e.value])).toEqual([[1, 2, 0.5]]);
  });

  it('a wallet below the current price fails the `wallet >= price` precondition', () => {
    const shard = fridgeScene();
    shard.setPrice('meal_cost', 6);
    shard.actions[0] = EAT;
    expect(stepEvents(shard, 'affordance_fail', 'affordance_start').map((e) => e.kind)).toEqual(['affordance_fail']);
    expect(shard.state.wallets.balance[1]).toBe(5);
  });

  it('bad prices throw InputError naming the key and the valid keys, and change nothing', () => {
    const shard = fridgeScene();
    shard.step();
    const hash = shard.hash();
    expect(() => shard.setPrice('meal', 1)).toThrow(
      'setPrice(key): expected a price key (meal_cost, ingredients_cost, shower_cost), found "meal"',
    );
    for (const bad of [-0.1, Number.NaN, Number.POSITIVE_INFINITY, 1001]) {
      expect(() => shard.setPrice('meal_cost', bad)).toThrow(`setPrice(meal_cost, value): expected a price`);
    }
    expect(shard.hash()).toBe(hash);
    expect(shard.eventRecords().filter((e) => e.kind === 'price_changed')).toEqual([]);
  });
});

describe('basket cost', () => {
  it('is meal_cost × hunger decay multiplier + shower_cost + ingredients_cost, recomputed on a price change', () => {
    const shard = fridgeScene();
    expect(shard.state.personality.hungerDecay[1]).toBe(1);
    expect(shard.state.economy.basket[1]).toBeCloseTo(0.4 + 0.2 + 0.15, 6);
    shard.setPrice('meal_cost', 1);
    expect(shard.state.economy.basket[1]).toBeCloseTo(1 + 0.2 + 0.15, 6);
  });
});

describe('wages', () => {
  it('setWage changes the wage table and writes wage_changed', () => {
    const shard = fridgeScene();
    expect(shard.wages()).toEqual({ grocer: 0.02 });
    shard.step();
    shard.setWage('grocer', 0.05);
    expect(shard.wages()).toEqual({ grocer: 0.05 });
    expect(shard.state.economy.wages[0]).toBe(0.05);
    const events = shard.eventRecords().filter((e) => e.kind === 'wage_changed');
    expect(events.map((e) => e.other)).toEqual([0]);
    expect(events[0]!.value).toBeCloseTo(0.05, 6);
  });

  it('an unknown job or a bad wage throws InputError and changes nothing', () => {
    const shard = fridgeScene();
    const hash = shard.hash();
    expect(() => shard.setWage('baker', 1)).toThrow('setWage(job): expected a job id (grocer), found "baker"');
    expect(() => shard.setWage('grocer', -1)).toThrow('setWage(grocer, value): expected a wage');
    expect(shard.hash()).toBe(hash);
  });
});

describe('the scripted policy pays current prices', () => {
  it('skips a meal it can no longer afford after a price rise and cooks instead', () => {
    const build = () =>
      createShard(
        scene({
          width: 9,
          height: 5,
          objects: [
            { id: 'fridge', type: 'fridge', position: [2, 2] },
            { id: 'stove', type: 'stove', position: [6, 2] },
          ],
          agents: [{ id: 'ann', position: [3, 2], needs: { hunger: 0.2 }, wallet: 0.5 }],
        }),
      );
    const ids = (shard: Shard) =>
      collectEvents(shard, 5, 'affordance_start').map((e) => shard.state.manifest.table.ids[e.other]);
    expect(ids(build())).toEqual(['eat_meal']);
    const dear = build();
    dear.setPrice('meal_cost', 0.6);
    expect(ids(dear)).toEqual(['cook_meal']);
  });
});

describe('price keys in the manifest', () => {
  const core = readFileSync(shippedManifestPath(), 'utf8');

  it('a hot reload may change an affordance price key; the next meal pays the new one', () => {
    const path = writeTemp(dir, 'reload.yaml', core);
    const shard = fridgeScene({ affordances: { manifest: path } });
    writeTemp(dir, 'reload.yaml', core.replace('price: meal_cost', 'price: shower_cost'));
    expect(shard.reloadManifest().status).toBe('applied');
    shard.actions[0] = EAT;
    shard.run(15);
    expect(shard.state.wallets.balance[1]).toBeCloseTo(4.8, 9);
  });

  it('a reload naming an unknown price key is rejected with a clear message', () => {
    const path = writeTemp(dir, 'bad.yaml', core);
    const shard = fridgeScene({ affordances: { manifest: path } });
    writeTemp(dir, 'bad.yaml', core.replace('price: meal_cost', 'price: cake_cost'));
    const reload = shard.reloadManifest();
    expect(reload.status).toBe('rejected');
    expect(reload.message).toContain(
      '[0] (eat_meal).price: expected a price key (meal_cost, ingredients_cost, shower_cost), ' +
      'found the unknown price key "cake_cost"',
    );
  });
});
