import { describe, expect, it } from 'vitest';
import { USE_BASE } from '../src/actions/action-space.js';
import { FailReasonCode } from '../src/affordances/fail-reasons.js';
import type { TownConfigInput } from '../src/config/schema.js';
import { createShard, type Shard } from '../src/core/shard.js';
import { scene } from './helpers/scene.js';
import { collectEvents, stepEvents } from './helpers/step-events.js';

const COOK = USE_BASE + 1;
const SHOWER = USE_BASE + 2;
const PERTURBATION_EVENTS = ['perturbation_started', 'perturbation_ended', 'perturbation_cancelled'];

type Perturbations = NonNullable<TownConfigInput['perturbations']>;

/**
 * A stove at (3, 1) and a shower at (3, 3) with ann beside the stove and bob beside the shower (external policy),
 * and the given scheduler config. One tick is one day (ticks_per_day 1), so prob_per_day 1 fires on every tick
 * the scheduler allows; the nightly reset is off.
 */
function utilityScene(perturbations: Perturbations): Shard {
  return createShard(
    scene({
      width: 7,
      height: 5,
      objects: [
        { id: 'stove', type: 'stove', position: [3, 1], stock: { ingredients: 5 } },
        { id: 'shower', type: 'shower', position: [3, 3] },
      ],
      agents: [
        { id: 'ann', position: [2, 1], needs: { hunger: 0.3 }, wallet: 5 },
        { id: 'bob', position: [2, 3], needs: { hygiene: 0.3 }, wallet: 5 },
      ],
      over: { ticks_per_day: 1, nightly_reset: { enabled: false }, perturbations },
    }),
    { policy: 'external' },
  );
}

const quiet = { max_concurrent_events: 4, global_cooldown_ticks: 0, max_events_per_window: 0 };

describe('price spikes', () => {
  it('multiply the targeted prices for their duration and restore them exactly', () => {
    const shard = utilityScene({
      ...quiet,
      events: { spike: { kind: 'price_spike', duration: [10, 10], magnitude: [2, 2], targets: ['market'] } },
    });
    expect(shard.schedulePerturbation('spike')).toBe(1);
    const started = stepEvents(shard, ...PERTURBATION_EVENTS, 'price_changed'); // tick 1
    expect(started.map((e) => [e.kind, e.other, e.value])).toEqual([
      ['price_changed', 0, 0.800000011920929], // Float32 column
      ['price_changed', 1, 0.30000001192092896],
      ['perturbation_started', 1, 1], // id 1, kind price_spike
    ]);
    expect(shard.prices()).toEqual({ meal_cost: 0.8, ingredients_cost: 0.3, shower_cost: 0.2 });
    shard.run(9); // ticks 2..10: still in force
    expect(shard.prices().meal_cost).toBe(0.8);
    const ended = stepEvents(shard, ...PERTURBATION_EVENTS); // tick 11 = 1 + 10
    expect(ended.map((e) => [e.kind, e.other])).toEqual([['perturbation_ended', 1]]);
    expect(shard.prices()).toEqual({ meal_cost: 0.4, ingredients_cost: 0.15, shower_cost: 0.2 });
  });

  it('overlapping spikes multiply; a chance spike draws its magnitude in [min, max]', () => {
    const shard = utilityScene({
      ...quiet,
      events: {
        manual: { kind: 'price_spike' },
        chance: { kind: 'price_spike', prob_per_day: 1, cooldown_ticks: 100, duration: [5, 5], magnitude: [1.5, 2.5] },
      },
    });
    shard.schedulePerturbation('manual', { magnitude: 3, targets: ['shower_cost'], duration: 20 });
    shard.step(); // tick 1: the manual spike (id 1) starts, then a chance one (id 2) fires on every price
    const drawn = shard.state.perturbations.magnitude[1]!;
    expect(drawn).toBeGreaterThanOrEqual(1.5);
    expect(drawn).toBeLessThanOrEqual(2.5);
    expect(shard.prices().meal_cost).toBe(0.4 * drawn);
    expect(shard.prices().shower_cost).toBeCloseTo(0.2 * 3 * drawn, 12);
    shard.run(5); // tick 6: the chance spike has ended
    expect(shard.prices()).toEqual({ meal_cost: 0.4, ingredients_cost: 0.15, shower_cost: 0.2 * 3 });
  });
});

describe('blackouts and outages', () => {
  it('a blackout cuts the power of stoves and showers: uses fail with power_off, and work again after', () => {
    const shard = utilityScene({ ...quiet, events: { dark: { kind: 'blackout', duration: [5, 5] } } });
    shard.schedulePerturbation('dark');
    shard.actions.set([COOK, SHOWER]);
    const fails = stepEvents(shard, 'affordance_fail'); // tick 1: in force from this tick
    expect(fails.map((e) => [e.agent, e.value])).toEqual([
      ['ann', FailReasonCode.power_off],
      ['bob', FailReasonCode.power_off],
    ]);
    expect(Array.from(shard.state.objects.power)).toEqual([0, 0]);
    shard.actions.set([0, 0]);
    shard.run(4); // ticks 2..5
    shard.actions.set([COOK, SHOWER]);
    const tick6 = stepEvents(shard, 'affordance_start', 'perturbation_ended');
    expect(tick6.map((e) => e.kind)).toEqual(['perturbation_ended', 'affordance_start', 'affordance_start']);
    expect(Array.from(shard.state.objects.power)).toEqual([1, 1]);
  });

  it('an outage turns the showers\' water off (water_off) and leaves the stove alone', () => {
    const shard = utilityScene({ ...quiet, events: { dry: { kind: 'outage', duration: [3, 3] } } });
    shard.schedulePerturbation('dry');
    shard.actions.set([COOK, SHOWER]);
    const events = stepEvents(shard, 'affordance_fail', 'affordance_start');
    expect(events.map((e) => [e.kind, e.agent, e.value])).toEqual([
      ['affordance_start', 'ann', 0],
      ['affordance_fail', 'bob', FailReasonCode.water_off],
    ]);
    expect([shard.state.objects.water[0], shard.state.objects.water[1]]).toEqual([1, 0]);
    shard.run(3); // tick 4 = 1 + 3: over
    expect(shard.state.objects.water[1]).toBe(1);
  });
});

describe('chance events', () => {
  it('respect spec cooldowns: the next start is at end + cooldown_ticks + global_cooldown_ticks', () => {
    const shard = utilityScene({
      ...quiet,
      global_cooldown_ticks: 2,
      events: { dark: { kind: 'blackout', prob_per_day: 1, cooldown_ticks: 3, duration: [5, 5] } },
    });
    const starts = collectEvents(shard, 30, 'perturbation_started').map((e) => [e.tick, e.other]);
    expect(starts).toEqual([
      [1, 1],
      [11, 2], // ended at 6, cooldown until 6 + 3 + 2
      [21, 3],
    ]);
  });

  it('respect max_events_per_window within window_ticks', () => {
    const shard = utilityScene({
      ...quiet,
      max_concurrent_events: 1,
      max_events_per_window: 2,
      window_ticks: 20,
      events: { dark: { kind: 'blackout', prob_per_day: 1, duration: [2, 2] } },
    });
    const starts = collectEvents(shard, 45, 'perturbation_started').map((e) => e.tick);
    expect(starts).toEqual([1, 3, 21, 23, 41, 43]);
  });

  it('start only while fewer than max_concurrent_events are active, and never with probability 0', () => {
    const shard = utilityScene({
      ...quiet,
      max_concurrent_events: 1,
      events: {
        never: { kind: 'outage', prob_per_day: 0 },
        dark: { kind: 'blackout', prob_per_day: 1, duration: [4, 4] },
        dry: { kind: 'outage', prob_per_day: 1, duration: [4, 4] },
      },
    });
    const events = collectEvents(shard, 9, 'perturbation_started', 'perturbation_ended');
    expect(events.map((e) => [e.tick, e.kind, e.value])).toEqual([
      [1, 'perturbation_started', 2], // blackout: the first spec in config order that fires
      [5, 'perturbation_ended', 2],
      [5, 'perturbation_started', 2],
      [9, 'perturbation_ended', 2],
      [9, 'perturbation_started', 2],
    ]);
  });

  it('are deterministic: the same seed gives the same event ids, ticks and world hashes', () => {
    const run = (seed: number) => {
      const config = scene({
        width: 9,
        height: 6,
        objects: [
          { id: 'stove', type: 'stove', position: [2, 2] },
          { id: 'bench', type: 'bench', position: [6, 3] },
        ],
        agents: Array.from({ length: 8 }, (_, i) => ({ id: `a${i + 1}`, position: [1 + (i % 7), 4] as [number, number] })),
        over: {
          seed,
          ticks_per_day: 20,
          nightly_reset: { enabled: false },
          perturbations: {
            max_concurrent_events: 3,
            max_events_per_window: 0,
            global_cooldown_ticks: 5,
            per_agent_cooldown_ticks: 10,
            fairness_buckets: 2,
            events: {
              spike: { kind: 'price_spike', prob_per_day: 1, duration: [5, 20] },
              dark: { kind: 'blackout', prob_per_day: 1, duration: [5, 20] },
              meet: { kind: 'arranged_meet', prob_per_day: 1, duration: [5, 20], location: 'bench' },
            },
          },
        },
      });
      const shard = createShard(config);
      const seen: string[] = [];
      for (let t = 0; t < 300; t++) {
        shard.step();
        for (const e of shard.eventRecords()) {
          if (e.kind.startsWith('perturbation_') || e.kind === 'meet_assigned') {
            seen.push(`${e.tick}:${e.kind}:${e.agent}:${e.other}:${e.value}`);
          }
        }
      }
      return { seen, hash: shard.hash() };
    };
    const a = run(3);
    expect(a.seen.length).toBeGreaterThan(20);
    expect(run(3)).toEqual(a);
    expect(run(4).seen).not.toEqual(a.seen);
  });
});
