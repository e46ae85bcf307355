import { describe, expect, it } from 'vitest';
import { ActionResult, USE_BASE } from '../src/actions/action-space.js';
import type { TownConfigInput } from '../src/config/schema.js';
import { createShard, type Shard } from '../src/core/shard.js';
import { scene } from './helpers/scene.js';
import { collectEvents, stepEvents } from './helpers/step-events.js';

const EAT = USE_BASE + 0; // eat_meal: fridge, 15 ticks
const NOOP = 0;
const MOVE_EAST = 3;
const MOVE_WEST = 4;

/**
 * A fridge at (3, 2) on a 7×5 grid and three agents on three of its sides: ann west (slot 1), bob east
 * (slot 2), cat south (slot 3). The caller writes every action (policy 'external').
 */
function fridgeScene(over: Partial<TownConfigInput> = {}): Shard {
  return createShard(
    scene({
      width: 7,
      height: 5,
      objects: [{ id: 'fridge', type: 'fridge', position: [3, 2], stock: { meals: 50 } }],
      agents: [
        { id: 'ann', position: [2, 2], needs: { hunger: 0.2 }, wallet: 10 },
        { id: 'bob', position: [4, 2], needs: { hunger: 0.2 }, wallet: 10 },
        { id: 'cat', position: [3, 3], needs: { hunger: 0.2 }, wallet: 10 },
      ],
      over,
    }),
    { policy: 'external' },
  );
}

function act(shard: Shard, ann: number, bob: number, cat: number): void {
  shard.actions[0] = ann;
  shard.actions[1] = bob;
  shard.actions[2] = cat;
}

describe('queues and reservations', () => {
  it('grants a free object at once and lines up later askers in arrival order', () => {
    const shard = fridgeScene();
    act(shard, EAT, NOOP, NOOP);
    expect(stepEvents(shard, 'affordance_start').map((e) => e.agent)).toEqual(['ann']); // tick 1
    act(shard, EAT, NOOP, EAT);
    shard.step(); // tick 2: cat joins the line
    act(shard, EAT, EAT, EAT);
    shard.step(); // tick 3: bob joins behind cat
    const q = shard.state.queues;
    expect(shard.state.reservations.holder[0]).toBe(1);
    expect(q.length[0]).toBe(2);
    expect([q.waitingFor[2], q.joinedTick[2]]).toEqual([0, 3]);
    expect([q.waitingFor[3], q.joinedTick[3]]).toEqual([0, 2]);
    expect(shard.state.actions.result[2]).toBe(ActionResult.queued);
  });

  it('hands the object over to the longest waiting agent when the holder finishes (age priority)', () => {
    const shard = fridgeScene();
    act(shard, EAT, NOOP, NOOP);
    shard.step(); // tick 1: ann starts eating, finishes in tick 15
    act(shard, NOOP, NOOP, EAT);
    shard.step(); // tick 2: cat waits
    act(shard, NOOP, EAT, EAT);
    const events = collectEvents(shard, 13, 'affordance_finish', 'queue_handover'); // ticks 3..15
    expect(events.map((e) => [e.tick, e.kind, e.agent])).toEqual([
      [15, 'affordance_finish', 'ann'],
      [15, 'queue_handover', 'cat'],
    ]);
    expect(events[1]!.other).toBe(1); // the previous holder: ann
    // Cat starts on her next use (tick 16) and finishes 15 ticks later; then bob, who waited since tick 3.
    const next = collectEvents(shard, 15, 'affordance_start', 'affordance_finish', 'queue_handover');
    expect(next.map((e) => [e.tick, e.kind, e.agent])).toEqual([
      [16, 'affordance_start', 'cat'],
      [30, 'affordance_finish', 'cat'],
      [30, 'queue_handover', 'bob'],
    ]);
  });

  it('with age_priority_weight 0 the earlier in line still goes first', () => {
    const shard = fridgeScene({ queue_fairness: { age_priority_weight: 0 } });
    act(shard, EAT, NOOP, EAT);
    shard.step(); // tick 1: ann holds, cat waits
    act(shard, NOOP, EAT, EAT);
    const handovers = collectEvents(shard, 15, 'queue_handover');
    expect(handovers.map((e) => [e.tick, e.agent])).toEqual([[15, 'cat']]);
  });

  it('an agent that walks away loses its place and rejoins at the back', () => {
    const shard = fridgeScene();
    act(shard, EAT, EAT, NOOP);
    shard.step(); // tick 1: ann holds, bob waits
    act(shard, NOOP, EAT, EAT);
    shard.step(); // tick 2: cat waits behind bob
    act(shard, NOOP, NOOP, MOVE_WEST);
    shard.step(); // tick 3: cat steps away (to (2, 3))
    expect(shard.state.queues.waitingFor[3]).toBe(-1);
    expect(shard.state.queues.length[0]).toBe(1);
    act(shard, NOOP, EAT, MOVE_EAST);
    shard.step(); // tick 4: back beside the fridge
    act(shard, NOOP, EAT, EAT);
    shard.step(); // tick 5: cat asks again and joins behind bob, with a new joined tick
    const q = shard.state.queues;
    expect([q.head[0], q.tail[0], q.joinedTick[3]]).toEqual([2, 3, 5]);
  });

  it('refuses an agent during its cooldown after a successful use, then lets it ask again', () => {
    const shard = fridgeScene({ queue_fairness: { cooldown_ticks: 20 } });
    act(shard, EAT, NOOP, NOOP);
    shard.run(15); // ann eats in ticks 1..15; cooldown until tick 35
    const refused = stepEvents(shard, 'queue_cooldown'); // tick 16
    expect(refused.map((e) => [e.agent, e.other])).toEqual([['ann', 35]]);
    expect(shard.state.actions.result[1]).toBe(ActionResult.cooldown);
    shard.run(18); // ticks 17..34: still refused every tick
    expect(shard.counters().events_by_kind.queue_cooldown).toBe(19);
    expect(stepEvents(shard, 'affordance_start').map((e) => [e.tick, e.agent])).toEqual([[35, 'ann']]);
  });

  it('ghost step: an idle holder with others waiting loses the object after ghost_step_after ticks', () => {
    const shard = fridgeScene({ queue_fairness: { ghost_step_after: 3 } });
    act(shard, EAT, EAT, NOOP);
    shard.step(); // tick 1: ann eats (until tick 15), bob waits
    act(shard, NOOP, NOOP, EAT);
    shard.step(); // tick 2: cat waits behind bob
    // Bob is handed the fridge at tick 15 but only waits (noop): he holds it idle from tick 16.
    act(shard, NOOP, NOOP, EAT);
    const events = collectEvents(shard, 20, 'queue_conflict', 'queue_handover');
    expect(events.map((e) => [e.tick, e.kind, e.agent, e.other])).toEqual([
      [15, 'queue_handover', 'bob', 1],
      [18, 'queue_conflict', 'bob', 3], // stalled ticks 16, 17, 18; cat takes over
      [18, 'queue_handover', 'cat', 2],
    ]);
    expect(shard.state.reservations.holder[0]).toBe(3);
    expect(shard.state.queues.holds[2]).toBe(-1);
  });

  it('never evicts a holder that is using the object, however long the line (progress is kept)', () => {
    const shard = fridgeScene({ queue_fairness: { ghost_step_after: 1 } });
    act(shard, EAT, EAT, EAT);
    const events = collectEvents(shard, 15, 'queue_conflict', 'affordance_finish', 'affordance_fail');
    expect(events.map((e) => [e.tick, e.kind, e.agent])).toEqual([[15, 'affordance_finish', 'ann']]);
    expect(shard.state.needs.hunger[1]).toBeCloseTo(0.6, 6);
  });

  it('a ghost step of 0 turns the breaker off', () => {
    const shard = fridgeScene({ queue_fairness: { ghost_step_after: 0 } });
    act(shard, EAT, EAT, NOOP);
    shard.step();
    act(shard, NOOP, NOOP, EAT);
    const conflicts = collectEvents(shard, 60, 'queue_conflict');
    expect(conflicts).toEqual([]);
    expect(shard.state.reservations.holder[0]).toBe(2); // bob holds, idle, for good
  });

  it('a failed start passes the object on without a cooldown', () => {
    const shard = fridgeScene();
    shard.state.wallets.balance[2] = 0.1; // bob cannot pay for a meal (wallet >= 0.4)
    act(shard, EAT, EAT, EAT);
    shard.run(15); // ann eats; at tick 15 bob (first in line) is handed the fridge
    const events = collectEvents(shard, 1, 'affordance_fail', 'queue_handover', 'affordance_start');
    // Tick 16: bob's start fails its precondition; the fridge goes straight to cat, whose own use comes later
    // in the same tick (agents act in entity order), so she starts at once.
    expect(events.map((e) => [e.tick, e.kind, e.agent])).toEqual([
      [16, 'affordance_fail', 'bob'],
      [16, 'queue_handover', 'cat'],
      [16, 'affordance_start', 'cat'],
    ]);
    expect(shard.state.queues.cooldownObject[2]).toBe(-1);
  });

  it('an agent that exits gives up its hold and its place in line', () => {
    const shard = fridgeScene({ rewards: { decay_rates: { hunger: 0.01, hygiene: 0, energy: 0 } } });
    shard.state.needs.hunger[2] = 0.1; // bob faints at tick 7 (0.1 − 7 × 0.01 ≤ 0.03)
    act(shard, EAT, EAT, EAT);
    shard.step(); // ann eats, bob then cat wait
    const events = collectEvents(shard, 8, 'agent_exit');
    expect(events.map((e) => [e.tick, e.agent])).toEqual([[8, 'bob']]);
    const q = shard.state.queues;
    expect(q.length[0]).toBe(1);
    expect(q.head[0]).toBe(3);
    expect(q.waitingFor[2]).toBe(-1);
  });
});
