import { describe, expect, it } from 'vitest';
import { createShard, type Shard } from '../src/core/shard.js';
import { scene } from './helpers/scene.js';
import { collectEvents } from './helpers/step-events.js';

const KINDS = ['perturbation_started', 'perturbation_ended', 'perturbation_cancelled'];

/** An empty room with a shower and the given specs (nothing fires by chance: prob_per_day 0). */
function shardWith(): Shard {
  return createShard(
    scene({
      width: 6,
      height: 5,
      objects: [{ id: 'shower', type: 'shower', position: [2, 2] }],
      over: {
        perturbations: {
          events: {
            spike: { kind: 'price_spike', duration: [10, 10], magnitude: [2, 2] },
            dark: { kind: 'blackout', duration: [8, 8] },
            meet: { kind: 'arranged_meet', location: 'shower' },
          },
        },
      },
    }),
  );
}

describe('manual perturbations', () => {
  it('schedule returns increasing ids; an event starts startsIn ticks after the next tick begins', () => {
    const shard = shardWith();
    shard.run(2);
    expect(shard.schedulePerturbation('dark', { startsIn: 3 })).toBe(1);
    expect(shard.schedulePerturbation('spike', { duration: 4, magnitude: 1.5, targets: ['meal_cost'] })).toBe(2);
    expect(shard.perturbations()).toEqual([
      { id: 1, spec: 'dark', kind: 'blackout', state: 'pending', startsAt: 6, endsAt: 14 },
      { id: 2, spec: 'spike', kind: 'price_spike', state: 'pending', startsAt: 3, endsAt: 7 },
    ]);
    const events = collectEvents(shard, 12, ...KINDS); // ticks 3..14
    expect(events.map((e) => [e.tick, e.kind, e.other])).toEqual([
      [3, 'perturbation_started', 2],
      [6, 'perturbation_started', 1],
      [7, 'perturbation_ended', 2],
      [14, 'perturbation_ended', 1],
    ]);
    expect(shard.perturbations()).toEqual([]);
  });

  it('cancel drops a pending event', () => {
    const shard = shardWith();
    const id = shard.schedulePerturbation('dark', { startsIn: 5 });
    shard.step();
    shard.cancelPerturbation(id);
    expect(shard.eventRecords().filter((e) => KINDS.includes(e.kind)).map((e) => [e.kind, e.other, e.value])).toEqual(
      [['perturbation_cancelled', id, 2]],
    );
    expect(shard.perturbations()).toEqual([]);
    expect(collectEvents(shard, 20, ...KINDS)).toEqual([]);
    expect(shard.state.objects.power[0]).toBe(1);
  });

  it('cancel ends an active event at once and undoes its effect (no perturbation_ended follows)', () => {
    const shard = shardWith();
    const spike = shard.schedulePerturbation('spike');
    const dark = shard.schedulePerturbation('dark');
    shard.run(3);
    expect([shard.prices().meal_cost, shard.state.objects.power[0]]).toEqual([0.8, 0]);
    shard.cancelPerturbation(spike);
    shard.cancelPerturbation(dark);
    expect([shard.prices().meal_cost, shard.state.objects.power[0]]).toEqual([0.4, 1]);
    expect(collectEvents(shard, 20, ...KINDS)).toEqual([]);
  });

  it('bad input throws InputError naming what was expected, and changes nothing', () => {
    const shard = shardWith();
    shard.step();
    const hash = shard.hash();
    expect(() => shard.schedulePerturbation('storm')).toThrow(
      'schedulePerturbation(spec): expected a spec under perturbations.events (spike, dark, meet), found "storm"',
    );
    expect(() => shard.schedulePerturbation('dark', { startsIn: -1 })).toThrow(
      'schedulePerturbation(dark, options).startsIn: expected an integer number of ticks in [0, 1000000], found -1',
    );
    expect(() => shard.schedulePerturbation('dark', { duration: 0 })).toThrow('.duration: expected an integer');
    expect(() => shard.schedulePerturbation('dark', { magnitude: 2 })).toThrow(
      'schedulePerturbation(dark, options).magnitude: expected no magnitude (spec dark is a blackout), found 2',
    );
    expect(() => shard.schedulePerturbation('spike', { targets: ['bread'] })).toThrow(
      'expected price keys or groups (meal_cost, ingredients_cost, shower_cost, market, global), found "bread"',
    );
    expect(() => shard.schedulePerturbation('spike', { magnitude: Number.NaN })).toThrow('a price multiplier');
    expect(() => shard.schedulePerturbation('spike', { startIn: 2 } as never)).toThrow('found the key "startIn"');
    expect(() => shard.cancelPerturbation(7)).toThrow(
      'cancelPerturbation(id): expected the id of a pending or active event (none), found 7',
    );
    expect(shard.hash()).toBe(hash);
    expect(shard.schedulePerturbation('dark')).toBe(1); // no id was used up
  });

  it('an arranged meet with fewer than two agents to draw is cancelled when it is due', () => {
    const shard = shardWith();
    const id = shard.schedulePerturbation('meet');
    const events = collectEvents(shard, 1, ...KINDS);
    expect(events.map((e) => [e.kind, e.other, e.value])).toEqual([['perturbation_cancelled', id, 4]]);
  });
});
