import { describe, expect, it } from 'vitest';
import { createShard } from '../src/core/shard.js';
import { scene } from './helpers/scene.js';
import { act, CHAT, EAT, events, fridgeScene, NOOP } from './helpers/social-scene.js';

const RELEASE = 5;

/**
 * ann (slot 1) chats with cat in tick 1 if `chat`, then eats (ticks 2–16); bob joins the line in tick 3, cat in
 * tick 4. age_priority_weight 0.01 makes one chat's regard (0.075) worth 7.5 ticks of waiting.
 */
function handoverScene(chat: boolean) {
  const shard = fridgeScene(3, { queue_fairness: { age_priority_weight: 0.01 } });
  act(shard, chat ? CHAT : NOOP, NOOP, NOOP); // ann (2,2) and cat (3,3) are diagonal neighbours
  act(shard, EAT, NOOP, NOOP);
  act(shard, NOOP, EAT, NOOP);
  act(shard, NOOP, NOOP, EAT);
  return shard;
}

describe('queues and the ledgers', () => {
  it('after a successful use the holder\'s regard counts: a friend one tick younger in line goes first', () => {
    const shard = handoverScene(true);
    for (let t = 5; t <= 16; t++) act(shard, NOOP, NOOP, NOOP);
    // bob: 0.01 × 13 = 0.13; cat: 0.01 × 12 + (0.025 + 0.05 − 0) = 0.195 (the contention rivalry decayed).
    expect(events(shard, 'queue_handover')).toEqual([['cat', 1, 0]]);
    const tie = shard.relationship('ann', 'cat')!; // the polite handover: +0.05, +0.05, −0.05 (floor 0)
    expect([tie.trust, tie.familiarity, tie.rivalry]).toEqual([
      expect.closeTo(0.075, 6),
      expect.closeTo(0.1, 6),
      0,
    ]);
  });

  it('without a tie, age priority: the one waiting longest', () => {
    const shard = handoverScene(false);
    for (let t = 5; t <= 16; t++) act(shard, NOOP, NOOP, NOOP);
    expect(events(shard, 'queue_handover')).toEqual([['bob', 1, 0]]);
  });

  it('after a release (not a success) regard does not count and the handover is not polite', () => {
    const shard = handoverScene(true);
    act(shard, RELEASE, NOOP, NOOP);
    expect(events(shard, 'queue_handover')).toEqual([['bob', 1, 0]]);
    // Only the contention of tick 3 (tie rivalry 0.06, three decay steps since): no trust, no familiarity.
    expect(shard.relationship('ann', 'bob')).toEqual({ trust: 0, familiarity: 0, rivalry: expect.closeTo(0.03, 6) });
  });

  it('a shared meal: finishing at the same fridge within shared_meal_window ticks', () => {
    const shard = fridgeScene(2);
    act(shard, EAT, NOOP);
    act(shard, NOOP, EAT); // bob waits; ann finishes in tick 15, bob starts in 16 and finishes in 30
    for (let t = 3; t <= 29; t++) act(shard, NOOP, EAT);
    act(shard, NOOP, EAT);
    expect(events(shard, 'shared_meal')).toEqual([['bob', 1, 0]]);
    const tie = shard.relationship('ann', 'bob')!; // polite handover, then the meal
    expect([tie.trust, tie.familiarity]).toEqual([expect.closeTo(0.15, 6), expect.closeTo(0.3, 6)]);
  });

  it('no shared meal beyond the window, nor at a scenario fridge of its own', () => {
    const late = fridgeScene(2, { conflict: { relationships: { shared_meal_window: 14 } } });
    act(late, EAT, NOOP);
    let meals = 0;
    for (let t = 2; t <= 30; t++) {
      act(late, NOOP, EAT);
      meals += events(late, 'shared_meal').length;
    }
    expect(late.counters().affordances_completed).toBe(2);
    expect(meals).toBe(0);
    // Two scenario fridges side by side (building −1: each is its own building): both eat at once.
    const two = createShard(
      scene({
        width: 7,
        height: 5,
        objects: [
          { id: 'f1', type: 'fridge', position: [2, 2], stock: { meals: 5 } },
          { id: 'f2', type: 'fridge', position: [4, 2], stock: { meals: 5 } },
        ],
        agents: [
          { id: 'ann', position: [1, 2], needs: { hunger: 0.2 }, wallet: 10 },
          { id: 'bob', position: [5, 2], needs: { hunger: 0.2 }, wallet: 10 },
        ],
      }),
      { policy: 'external' },
    );
    for (let t = 1; t <= 15; t++) act(two, EAT, EAT);
    expect(two.counters().affordances_completed).toBe(2);
    expect(two.counters().events_by_kind.shared_meal).toBe(0);
  });

  it('fridges of one town building share a meal key, other buildings do not', () => {
    const shard = createShard({
      config_id: 'meal-keys',
      jobs: {},
      population: { count: 8 },
      world: { layout: { residents_per_home: 4, fridges_per_home: 2 } },
    });
    const s = shard.state;
    const fridge = s.objectTypes.code('fridge');
    const rows = [...s.objects.type.keys()].filter((r) => s.objects.type[r] === fridge);
    expect(rows).toHaveLength(4);
    const keys = rows.map((r) => s.social.mealKey[r]);
    const buildings = rows.map((r) => s.objects.building[r]);
    expect(keys).toEqual(buildings);
    expect(new Set(buildings).size).toBe(2);
  });
});
