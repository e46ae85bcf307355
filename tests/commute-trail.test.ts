import { describe, expect, it } from 'vitest';
import { TrailMode } from '../components/policy-memory.js';
import { USE_BASE } from '../src/actions/action-space.js';
import type { Shard } from '../src/core/shard.js';
import { shopScene, stepTo } from './helpers/employment-scene.js';

const EAT = USE_BASE + 0;

/** Position of agent 1. */
function at(shard: Shard): [number, number] {
  return [shard.state.positions.x[1]!, shard.state.positions.y[1]!];
}

/** Scripted ann starting at (9, 1); work is (5, 3); shift ticks 10..19 of a 50-tick day; 2 ticks of slack. */
function ann(over: Record<string, unknown> = {}): Shard {
  return shopScene(
    [{ id: 'ann', position: [9, 1] }],
    { behavior: { job_arrival_buffer: 2 }, nightly_reset: { enabled: false }, ...over },
    [],
    'scripted',
  );
}

describe('the way home', () => {
  it('after the shift the agent retraces its way to work, move by move, back to where it set out', () => {
    const shard = ann();
    const way: [number, number][] = [];
    stepTo(shard, 1);
    while (shard.state.jobs.fields[0]![at(shard)[1] * shard.state.grid.width + at(shard)[0]] !== 0) {
      shard.step();
      way.push(at(shard));
    }
    // 6 moves (4 west, 2 south), arriving before the shift starts at 10.
    expect(way).toHaveLength(6);
    expect(way.at(-1)).toEqual([5, 3]);
    expect(shard.tick).toBeLessThan(10);
    stepTo(shard, 19);
    expect(at(shard)).toEqual([5, 3]);
    expect(shard.state.policyMemory.trailMode[1]).toBe(TrailMode.arrived);
    const back: [number, number][] = [];
    for (let i = 0; i < 6; i++) {
      shard.step();
      back.push(at(shard));
    }
    // The same tiles in reverse, ending at the start tile.
    expect(back).toEqual([...way.slice(0, -1).reverse(), [9, 1]]);
    shard.run(10);
    expect(at(shard)).toEqual([9, 1]);
    expect(shard.state.policyMemory.trailMode[1]).toBe(TrailMode.none);
  });

  it('an agent moved off its trail abandons it and stays where it is', () => {
    const shard = ann();
    stepTo(shard, 21); // two steps home
    const [x, y] = at(shard);
    expect(shard.state.policyMemory.trailMode[1]).toBe(TrailMode.returning);
    shard.state.positions.x[1] = 2; // carried off (e.g. by a meeting or the nightly reset)
    shard.state.positions.y[1] = 5;
    shard.run(5);
    expect(at(shard)).toEqual([2, 5]);
    expect([x, y]).not.toEqual([2, 5]);
    expect(shard.state.policyMemory.trailMode[1]).toBe(TrailMode.none);
  });
});

describe('topping up before a shift', () => {
  /** Ann beside a fridge, hunger 0.6 (above the 0.4 threshold); she must leave for work at tick 2 + 40 − 2 − d. */
  function hungryAnn(window: number): Shard {
    const shard = shopScene(
      [{ id: 'ann', position: [9, 3] }],
      {
        behavior: { job_arrival_buffer: 2, pre_shift_window: window, pre_shift_threshold: 0.7 },
        jobs: { shop: { start_tick: 40, end_tick: 45, wage_rate: 0.125, location: [5, 3] } },
        scenario: {
          agents: [{ id: 'ann', position: [9, 3], wallet: 4 }],
          objects: [{ id: 'fridge', type: 'fridge', position: [10, 3], stock: { meals: 3 } }],
        },
      },
      [],
      'scripted',
    );
    shard.state.needs.hunger[1] = 0.6;
    return shard;
  }

  it('eats up to the raised threshold when the shift is within the window, not before', () => {
    const early = hungryAnn(20); // leave at 40 − 2 − 4 = 34; the window opens at 14 (a 15-tick meal fits)
    const eatAt: number[] = [];
    for (let t = 1; t <= 30; t++) {
      early.step();
      if (early.state.actions.last[1] === EAT && eatAt.length === 0) eatAt.push(t);
    }
    expect(eatAt).toEqual([14]);
    expect(early.state.needs.hunger[1]).toBeCloseTo(1, 6);
    const late = hungryAnn(10); // the window opens at 24: a meal would end after 34, so she skips it
    late.run(30);
    expect(late.counters().affordances_by_id['eat_meal']).toBe(0);
    const never = hungryAnn(0);
    never.run(30);
    expect(never.counters().affordances_by_id['eat_meal']).toBe(0);
  });
});
