import { describe, expect, it } from 'vitest';
import { USE_BASE } from '../src/actions/action-space.js';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard } from '../src/core/shard.js';
import { TOTAL_SPENT } from '../src/core/totals.js';
import { scene } from './helpers/scene.js';
import { collectEvents } from './helpers/step-events.js';

const COOK = USE_BASE + 1;

describe('restock', () => {
  it('on ticks divisible by the period: stoves gain ingredients, fridges meals up to capacity; one event', () => {
    const shard = createShard(
      scene({
        width: 9,
        height: 5,
        objects: [
          { id: 'full', type: 'fridge', position: [1, 1], stock: { meals: 38 } },
          { id: 'empty', type: 'fridge', position: [3, 1], stock: { meals: 0 } },
          { id: 'stove', type: 'stove', position: [5, 1], stock: { ingredients: 0 } },
          { id: 'bed', type: 'bed', position: [7, 1] },
        ],
        over: {
          economy: { restock_period_ticks: 10, fridge_restock: 4, fridge_capacity: 40, stove_stock_replenish: 2 },
        },
      }),
    );
    const stock = () => [...shard.state.objects.meals.subarray(0, 2), shard.state.objects.ingredients[2]];
    const events = collectEvents(shard, 9, 'stock_restocked');
    expect(events).toEqual([]);
    expect(stock()).toEqual([38, 0, 0]);
    const first = collectEvents(shard, 1, 'stock_restocked'); // tick 10
    expect(first.map((e) => [e.tick, e.other, e.value])).toEqual([[10, 3, 8]]); // +2, +4, +2
    expect(stock()).toEqual([40, 4, 2]);
    const second = collectEvents(shard, 10, 'stock_restocked'); // ticks 11..20
    expect(second.map((e) => [e.tick, e.other, e.value])).toEqual([[20, 2, 6]]); // the full fridge gets none
    expect(stock()).toEqual([40, 8, 4]);
  });
});

describe('cooking', () => {
  it('puts the cooked meal into the fridge of the same building (scenario objects share one)', () => {
    const shard = createShard(
      scene({
        width: 9,
        height: 5,
        objects: [
          { id: 'stove', type: 'stove', position: [2, 2], stock: { ingredients: 1 } },
          { id: 'fridge_a', type: 'fridge', position: [5, 2], stock: { meals: 0 } },
          { id: 'fridge_b', type: 'fridge', position: [7, 2], stock: { meals: 0 } },
        ],
        agents: [{ id: 'ann', position: [1, 2], needs: { hunger: 0.3 }, wallet: 1 }],
      }),
      { policy: 'external' },
    );
    shard.actions[0] = COOK;
    shard.run(40);
    const { meals, ingredients } = shard.state.objects;
    expect([ingredients[0], meals[0], meals[1], meals[2]]).toEqual([0, 0, 1, 0]); // the lowest fridge row
    expect(shard.state.wallets.balance[1]).toBeCloseTo(0.85, 9);
  });

  it('in the town, a stove cooks into its own home\'s fridge', () => {
    const shard = createShard(loadConfigFile('configs/town.yaml', { agents: 8 }));
    const { type, building } = shard.state.objects;
    const stove = shard.state.objectTypes.code('stove');
    const fridge = shard.state.objectTypes.code('fridge');
    const rows = Array.from(type.keys());
    const stoves = rows.filter((r) => type[r] === stove);
    expect(stoves.length).toBeGreaterThan(1);
    for (const r of stoves) {
      const mine = rows.find((f) => type[f] === fridge && building[f] === building[r]);
      const before = shard.state.objects.meals[mine!]!;
      shard.state.manifest.table.hooks[1]!.after[0]!(shard.state, 1, r);
      expect(shard.state.objects.meals[mine!]).toBe(before + 1);
    }
  });

  it('a stove during a blackout (power off) fails with power_off and uses no ingredient', () => {
    const shard = createShard(
      scene({
        width: 7,
        height: 5,
        objects: [{ id: 'stove', type: 'stove', position: [3, 2], stock: { ingredients: 1 } }],
        agents: [{ id: 'ann', position: [2, 2], needs: { hunger: 0.3 }, wallet: 1 }],
      }),
      { policy: 'external' },
    );
    shard.state.objects.power[0] = 0;
    shard.actions[0] = COOK;
    const fails = collectEvents(shard, 1, 'affordance_fail');
    expect(fails.map((e) => e.value)).toEqual([4]); // FAIL_REASONS power_off
    expect(shard.state.objects.ingredients[0]).toBe(1);
  });
});

describe('scenario kitchen_breakfast', () => {
  it('two hungry agents cook into the empty fridge and eat what they cooked; each pays 0.55', () => {
    const shard = createShard(loadConfigFile('configs/scenarios/kitchen_breakfast.yaml'));
    expect(shard.config.run.ticks).toBe(200);
    const ids = shard.state.manifest.table.ids;
    const done = collectEvents(shard, 200, 'affordance_finish').map((e) => [
      e.agent,
      ids[e.other],
    ]);
    expect(done.filter(([, k]) => k === 'cook_meal').length).toBe(2);
    expect(done.filter(([, k]) => k === 'eat_meal').length).toBe(2);
    for (const agent of ['ann', 'bob']) {
      expect(done.filter(([a]) => a === agent).map(([, k]) => k)).toEqual(['cook_meal', 'eat_meal']);
    }
    const { objects, wallets, needs, totals } = shard.state;
    expect([objects.ingredients[1], objects.meals[1], objects.meals[0]]).toEqual([0, 0, 0]); // cooked, then eaten
    expect(wallets.balance[1]).toBeCloseTo(1.45, 9);
    expect(wallets.balance[2]).toBeCloseTo(1.45, 9);
    expect(totals.values[TOTAL_SPENT]).toBeCloseTo(1.1, 9);
    expect(needs.hunger[1]).toBeCloseTo(0.6, 6); // 0.1 + cooking 0.1 + a meal 0.4
  });
});
