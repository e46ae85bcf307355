import { describe, expect, it } from 'vitest';
import { Action, ActionResult, actionNames, USE_BASE } from '../src/actions/action-space.js';
import { FailReasonCode } from '../src/affordances/fail-reasons.js';
import type { Shard } from '../src/core/shard.js';
import type { SceneSpec } from './helpers/scene.js';
import { act, tensorScene } from './helpers/tensor-scene.js';

const EAT = USE_BASE + 0; // eat_meal, fridge, 15 ticks
const { noop: NOOP, moveSouth: S, release: RELEASE, chat: CHAT } = Action;
const NAMES = actionNames(['eat_meal', 'cook_meal', 'use_shower', 'rest_sleep', 'work_shift']);

/** 8×6 grid (floor 1..6 × 1..4), a fridge at (3, 2) with three meals, the agents as given (hungry, wallet 10). */
function town(agents: NonNullable<SceneSpec['agents']>, extraSlots = 0): Shard {
  return tensorScene({
    width: 8,
    height: 6,
    objects: [{ id: 'fridge', type: 'fridge', position: [3, 2], stock: { meals: 3 } }],
    agents: agents.map((a) => ({ needs: { hunger: 0.2 }, wallet: 10, ...a })),
    over: extraSlots > 0 ? { population: { count: 0, capacity: agents.length + extraSlots } } : {},
  });
}

/** The names of the actions slot `eid`'s mask allows. */
function allowed(shard: Shard, eid: number): string[] {
  const { masks, nActions } = shard.tensors!.buffers;
  return NAMES.filter((_, a) => masks[(eid - 1) * nActions + a] === 1);
}

describe('action masks', () => {
  it('an empty slot is all 0; noop always; moves onto walkable tiles in the grid only', () => {
    const shard = town([{ id: 'ann', position: [1, 1] }], 1);
    expect(shard.tensors!.buffers.nActions).toBe(12);
    act(shard, NOOP, NOOP);
    expect(allowed(shard, 1)).toEqual(['noop', 'move_south', 'move_east']); // the corner: walls north and west
    expect(allowed(shard, 2)).toEqual([]);
  });

  it('chat: another live agent within Chebyshev distance 1, diagonals included', () => {
    const shard = town([
      { id: 'ann', position: [5, 3] },
      { id: 'bob', position: [6, 4] },
      { id: 'cat', position: [1, 4] },
    ]);
    act(shard, NOOP, NOOP, NOOP);
    expect(allowed(shard, 1)).toContain('chat');
    expect(allowed(shard, 2)).toContain('chat');
    expect(allowed(shard, 3)).not.toContain('chat');
    act(shard, NOOP, NOOP, CHAT); // what the mask forbids is an invalid no-op
    expect(shard.state.actions.result[3]).toBe(ActionResult.invalid);
    act(shard, CHAT, NOOP, NOOP);
    expect(shard.state.actions.result[1]).toBe(ActionResult.chatted);
  });

  it('use: 1 when the use would start; then a busy agent may only noop, repeat its use or release', () => {
    const shard = town([{ id: 'ann', position: [2, 2] }]);
    act(shard, NOOP);
    // Beside the fridge, hungry, with money and a meal there: eat_meal only (no stove, shower, bed, workplace).
    expect(allowed(shard, 1)).toEqual(['noop', 'move_north', 'move_south', 'move_west', 'use:eat_meal']);
    act(shard, EAT);
    expect(shard.state.actions.result[1]).toBe(ActionResult.started);
    expect(allowed(shard, 1)).toEqual(['noop', 'release', 'use:eat_meal']);
    act(shard, S);
    expect(shard.state.actions.result[1]).toBe(ActionResult.invalid); // busy
  });

  it('use: 0 during the cooldown (the use is refused), while another holds it (queued) and without money', () => {
    const shard = town([
      { id: 'ann', position: [2, 2] },
      { id: 'bob', position: [4, 2] },
      { id: 'cat', position: [3, 3], wallet: 0 },
    ]);
    act(shard, EAT, NOOP, NOOP); // ann eats for 15 ticks
    expect(allowed(shard, 2)).not.toContain('use:eat_meal'); // held by ann
    expect(allowed(shard, 2)).not.toContain('release');
    act(shard, NOOP, EAT, NOOP);
    expect(shard.state.actions.result[2]).toBe(ActionResult.queued); // valid, did not start
    expect(allowed(shard, 2)).toContain('release'); // in line
    expect(allowed(shard, 2)).not.toContain('use:eat_meal'); // still queued
    act(shard, NOOP, RELEASE, NOOP);
    expect(shard.state.actions.result[2]).toBe(ActionResult.released);
    for (let i = 0; i < 12; i++) act(shard, NOOP, NOOP, NOOP); // ann finishes in tick 15
    expect(shard.eventRecords().some((e) => e.kind === 'affordance_finish')).toBe(true);
    expect(allowed(shard, 1)).not.toContain('use:eat_meal'); // ann's cooldown for this fridge
    expect(allowed(shard, 2)).toContain('use:eat_meal'); // free again, bob left the line
    // cat: wallet 0 < meal price: the precondition would fail, the mask says 0.
    expect(allowed(shard, 3)).not.toContain('use:eat_meal');
    act(shard, EAT, NOOP, EAT);
    expect(shard.state.actions.result[1]).toBe(ActionResult.cooldown);
    const fail = shard.eventRecords().find((e) => e.kind === 'affordance_fail' && e.agent === 'cat');
    expect(fail?.value).toBe(FailReasonCode.precondition_failed);
  });

  it('use: a use of the object an agent holds starts; an object not beside the agent is 0 and invalid', () => {
    const shard = town([
      { id: 'ann', position: [2, 2] },
      { id: 'bob', position: [4, 2] },
      { id: 'cat', position: [5, 4] },
    ]);
    act(shard, EAT, EAT, NOOP); // ann eats, bob waits
    for (let i = 0; i < 14; i++) act(shard, NOOP, NOOP, NOOP); // tick 15: ann done, bob is handed the fridge
    expect(shard.state.queues.holds[2]).toBe(0);
    expect(allowed(shard, 2)).toEqual(expect.arrayContaining(['release', 'use:eat_meal']));
    expect(allowed(shard, 3)).not.toContain('use:eat_meal');
    act(shard, NOOP, EAT, EAT);
    expect(shard.state.actions.result[2]).toBe(ActionResult.started);
    expect(shard.state.actions.result[3]).toBe(ActionResult.invalid); // no_adjacent_object
  });
});
