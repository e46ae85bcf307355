import { describe, expect, it } from 'vitest';
import { Action, ActionResult, INVALID_REASONS, InvalidReasonCode, USE_BASE } from '../src/actions/action-space.js';
import { FailReasonCode } from '../src/affordances/fail-reasons.js';
import { createShard, type Shard } from '../src/core/shard.js';
import { scene, type SceneSpec } from './helpers/scene.js';

const EAT = USE_BASE + 0; // eat_meal, fridge, duration 15
const SLEEP = USE_BASE + 3; // rest_sleep, bed
const { noop: NOOP, moveNorth: N, moveSouth: S, moveEast: E, release: RELEASE, chat: CHAT } = Action;
/** Row of the fridge in every scene below (the only or first object). */
const FRIDGE = 0;

type Agents = NonNullable<SceneSpec['agents']>;

/**
 * 8×6 grid (floor 1..6 × 1..4) with a fridge at (3, 2) and a bed at (6, 4), agents as given (hunger 0.2 unless
 * told), driven by the caller.
 */
function town(agents: Agents, over: SceneSpec['over'] = {}): Shard {
  return createShard(
    scene({
      width: 8,
      height: 6,
      objects: [
        { id: 'fridge_a', type: 'fridge', position: [3, 2], stock: { meals: 3 } },
        { id: 'bed_a', type: 'bed', position: [6, 4] },
      ],
      agents: agents.map((a) => ({ ...a, needs: { hunger: 0.2, ...a.needs } })),
      over,
    }),
    { policy: 'external' },
  );
}

/** Writes one action per agent slot (in slot order) and steps. */
function step(shard: Shard, ...acts: number[]): void {
  shard.actions.set(acts);
  shard.step();
}

function invalidEvents(shard: Shard) {
  return shard
    .eventRecords()
    .filter((e) => e.kind === 'invalid_action')
    .map((e) => ({ agent: e.agent, other: e.other, value: e.value }));
}

/** The last tick's event kinds, without ledger changes (tests/social*.test.ts cover those). */
function kinds(shard: Shard): string[] {
  return shard
    .eventRecords()
    .map((e) => e.kind)
    .filter((k) => k !== 'rivalry_changed' && k !== 'relationship_changed');
}

/** The last tick's chat events as [kind, speaker, partner]. */
function chats(shard: Shard): [string, string | null, number][] {
  return shard
    .eventRecords()
    .filter((e) => e.kind === 'chat')
    .map((e) => [e.kind, e.agent, e.other]);
}

function position(shard: Shard, eid: number): [number, number] {
  return [shard.state.positions.x[eid]!, shard.state.positions.y[eid]!];
}

/** Asserts that this tick agent `eid` (id `agent`) had exactly one invalid action, `act`, for `reason`. */
function expectInvalid(shard: Shard, eid: number, act: number, reason: keyof typeof InvalidReasonCode): void {
  const agent = shard.state.agentIds.get(eid);
  expect(invalidEvents(shard)).toEqual([{ agent, other: act, value: InvalidReasonCode[reason] }]);
  expect(shard.counters().last_tick.events_by_kind.invalid_action).toBe(1);
  expect(shard.state.actions.result[eid]).toBe(ActionResult.invalid);
  expect(shard.state.actions.last[eid]).toBe(act);
}

describe('valid and unknown action ids', () => {
  it('noop is valid: nothing moves, nothing is counted, no event', () => {
    const shard = town([{ id: 'ann', position: [1, 1] }]);
    for (let t = 0; t < 5; t++) step(shard, NOOP);
    expect(position(shard, 1)).toEqual([1, 1]);
    expect(shard.counters().invalid_actions).toBe(0);
    expect(shard.counters().events).toBe(0);
    expect(shard.state.actions.result[1]).toBe(ActionResult.none);
  });

  it('the space has 7 fixed actions plus one per affordance of the default manifest', () => {
    expect(town([{ id: 'ann', position: [1, 1] }]).actionCount).toBe(12);
  });

  it.each([-1, -7, 12, 13, 1000, 0x7fffffff, -0x80000000])('id %i is unknown_action: a counted no-op', (id) => {
    const shard = town([{ id: 'ann', position: [4, 2] }]); // beside the fridge: a use would apply
    step(shard, id);
    expectInvalid(shard, 1, id, 'unknown_action');
    expect(shard.counters().invalid_actions).toBe(1);
    expect(position(shard, 1)).toEqual([4, 2]);
    expect(shard.state.activity.affordance[1]).toBe(-1);
    expect(shard.state.reservations.holder[FRIDGE]).toBe(0);
  });
});

describe('each invalid reason', () => {
  it('blocked_move: into the border', () => {
    const shard = town([{ id: 'ann', position: [1, 1] }]);
    step(shard, N);
    expectInvalid(shard, 1, N, 'blocked_move');
    expect(position(shard, 1)).toEqual([1, 1]);
  });

  it('no_adjacent_object: far away, diagonal, or beside an object of another type', () => {
    const shard = town([
      { id: 'far', position: [6, 1] },
      { id: 'diag', position: [4, 1] },
      { id: 'side', position: [4, 2] }, // east of the fridge
    ]);
    step(shard, EAT, EAT, SLEEP);
    expect(invalidEvents(shard)).toEqual([
      { agent: 'far', other: EAT, value: InvalidReasonCode.no_adjacent_object },
      { agent: 'diag', other: EAT, value: InvalidReasonCode.no_adjacent_object },
      { agent: 'side', other: SLEEP, value: InvalidReasonCode.no_adjacent_object },
    ]);
    expect(shard.counters().invalid_actions).toBe(3);
    // The same use from an orthogonal neighbour applies.
    step(shard, NOOP, NOOP, EAT);
    expect(invalidEvents(shard)).toEqual([]);
    expect(shard.state.activity.affordance[3]).toBe(0);
  });

  it('busy: a move while eating', () => {
    const shard = town([{ id: 'ann', position: [4, 2] }]);
    step(shard, EAT);
    expect(kinds(shard)).toEqual(['affordance_start']);
    step(shard, E);
    expectInvalid(shard, 1, E, 'busy');
    expect(position(shard, 1)).toEqual([4, 2]);
  });

  it('nothing_to_release: release with no affordance, hold or place in line', () => {
    const shard = town([{ id: 'ann', position: [4, 2] }]);
    step(shard, RELEASE);
    expectInvalid(shard, 1, RELEASE, 'nothing_to_release');
  });

  it('no_chat_partner: alone, or the nearest agent two tiles away', () => {
    const shard = town([
      { id: 'ann', position: [1, 1] },
      { id: 'bob', position: [3, 3] },
    ]);
    step(shard, CHAT, NOOP);
    expectInvalid(shard, 1, CHAT, 'no_chat_partner');
    expect(kinds(shard)).not.toContain('chat');
  });

  it('one agent, one of each reason: six counted no-ops', () => {
    const shard = town([{ id: 'ann', position: [4, 1] }]); // diagonal to the fridge, against the top border
    const seen: number[] = [];
    for (const act of [99, N, EAT, RELEASE, CHAT, S, EAT, E]) {
      step(shard, act);
      seen.push(...invalidEvents(shard).map((e) => e.value));
    }
    const r = InvalidReasonCode;
    expect(seen).toEqual([
      r.unknown_action,
      r.blocked_move,
      r.no_adjacent_object,
      r.nothing_to_release,
      r.no_chat_partner,
      r.busy, // after the move south (valid) and the use (valid)
    ]);
    // Every reason but the chat cooldown (its own test below: it needs a partner).
    const others = INVALID_REASONS.map((_, i) => i + 1).filter((c) => c !== r.chat_cooldown);
    expect([...seen].sort()).toEqual(others);
    expect(shard.counters().invalid_actions).toBe(6);
    expect(shard.counters().events_by_kind.invalid_action).toBe(6);
  });
});

describe('a busy agent', () => {
  it('may noop or repeat its use; any other action is busy; the affordance finishes unharmed', () => {
    const shard = town([
      { id: 'ann', position: [4, 2] },
      { id: 'bob', position: [5, 2] },
    ]);
    const a = shard.state.activity;
    step(shard, EAT, NOOP); // tick 1: ends in tick 1 + 15 − 1 = 15
    expect([a.affordance[1], a.startTick[1], a.endTick[1]]).toEqual([0, 1, 15]);

    step(shard, NOOP, NOOP);
    expect(shard.state.actions.result[1]).toBe(ActionResult.running);
    step(shard, EAT, NOOP);
    expect(shard.state.actions.result[1]).toBe(ActionResult.running);
    expect(kinds(shard)).toEqual([]); // no second start
    expect([a.affordance[1], a.startTick[1], a.endTick[1]]).toEqual([0, 1, 15]);

    const busy = [N, S, E, Action.moveWest, CHAT, SLEEP, USE_BASE + 1];
    for (const act of busy) {
      step(shard, act, NOOP);
      expectInvalid(shard, 1, act, 'busy'); // a chat partner (bob) stands beside: still busy
    }
    expect(shard.counters().invalid_actions).toBe(busy.length);
    expect(position(shard, 1)).toEqual([4, 2]);
    expect(shard.tick).toBe(10);

    shard.actions.set([EAT, NOOP]); // repeating the use until the end is fine too
    shard.run(4);
    expect(shard.counters().affordances_completed).toBe(0);
    shard.step();
    expect(shard.tick).toBe(15);
    expect(kinds(shard)).toEqual(['affordance_finish']);
    expect(shard.state.needs.hunger[1]).toBeCloseTo(0.6, 6);
    expect(shard.counters().invalid_actions).toBe(busy.length);
    // Free again: it may move.
    step(shard, N, NOOP);
    expect(position(shard, 1)).toEqual([4, 1]);
    expect(shard.state.actions.result[1]).toBe(ActionResult.moved);
  });

  it('an unknown id while busy is still an invalid, counted no-op', () => {
    const shard = town([{ id: 'ann', position: [4, 2] }]);
    step(shard, EAT);
    step(shard, 42);
    const events = invalidEvents(shard);
    expect(events).toHaveLength(1);
    expect(events[0]!.other).toBe(42);
    // An id outside the action space is unknown_action whatever the agent is doing.
    expect(events[0]!.value).toBe(InvalidReasonCode.unknown_action);
    expect(shard.state.activity.affordance[1]).toBe(0);
  });
});

describe('holds and places in line', () => {
  /** ann north of the fridge, bob east of it (diagonal to ann, so they can chat). */
  function line(): Shard {
    const shard = town([
      { id: 'ann', position: [3, 1] },
      { id: 'bob', position: [4, 2] },
    ]);
    step(shard, EAT, NOOP); // tick 1: ann eats, holding the fridge until tick 15
    step(shard, NOOP, EAT); // tick 2: bob joins the line
    expect(shard.state.actions.result[2]).toBe(ActionResult.queued);
    expect(shard.state.queues.waitingFor[2]).toBe(FRIDGE);
    expect(shard.state.queues.length[FRIDGE]).toBe(1);
    return shard;
  }

  it('noop, an invalid action and asking again keep the place in line', () => {
    const shard = line();
    const q = shard.state.queues;
    for (const act of [NOOP, Action.moveWest /* into the fridge: blocked */, 99]) {
      step(shard, NOOP, act);
      expect(q.waitingFor[2]).toBe(FRIDGE);
      expect(q.length[FRIDGE]).toBe(1);
    }
    expect(shard.counters().invalid_actions).toBe(2);
    step(shard, NOOP, EAT);
    expect(shard.state.actions.result[2]).toBe(ActionResult.queued);
    expect(q.length[FRIDGE]).toBe(1);
  });

  it.each([
    ['a move', S, ActionResult.moved],
    ['a chat', CHAT, ActionResult.chatted],
    ['a release', RELEASE, ActionResult.released],
  ])('%s gives up the place in line', (_name, act, result) => {
    const shard = line();
    step(shard, NOOP, act);
    expect(shard.state.actions.result[2]).toBe(result);
    expect(shard.state.queues.waitingFor[2]).toBe(-1);
    expect(shard.state.queues.length[FRIDGE]).toBe(0);
    expect(shard.state.queues.head[FRIDGE]).toBe(0);
    expect(shard.counters().invalid_actions).toBe(0);
  });

  it.each([
    ['a move', S],
    ['a chat', CHAT],
    ['a release', RELEASE],
  ])('an idle hold survives noops and invalid actions; %s gives it up', (_name, act) => {
    const shard = line();
    shard.actions.set([NOOP, NOOP]);
    shard.run(13); // ticks 3..15: ann finishes in tick 15 and the fridge passes to bob
    expect(shard.tick).toBe(15);
    expect(kinds(shard)).toEqual(['affordance_finish', 'queue_handover']);
    const { holds } = shard.state.queues;
    const { holder } = shard.state.reservations;
    expect(holder[FRIDGE]).toBe(2);
    expect(holds[2]).toBe(FRIDGE);
    step(shard, NOOP, NOOP);
    step(shard, NOOP, NOOP);
    step(shard, NOOP, 77);
    step(shard, NOOP, Action.moveWest); // into the fridge: blocked
    expect(shard.counters().invalid_actions).toBe(2);
    expect(holder[FRIDGE]).toBe(2);
    expect(holds[2]).toBe(FRIDGE);
    step(shard, NOOP, act);
    expect(holder[FRIDGE]).toBe(0);
    expect(holds[2]).toBe(-1);
    expect(shard.counters().invalid_actions).toBe(2);
  });
});

describe('which adjacent object a use takes', () => {
  /** ann between two fridges: fridge_w west of her, fridge_e east. */
  function between(): Shard {
    return createShard(
      scene({
        width: 7,
        height: 5,
        objects: [
          { id: 'fridge_w', type: 'fridge', position: [2, 2] },
          { id: 'fridge_e', type: 'fridge', position: [4, 2] },
        ],
        agents: [{ id: 'ann', position: [3, 2], needs: { hunger: 0.1 } }],
      }),
      { policy: 'external' },
    );
  }

  it('a free one, and the one already held on the next use', () => {
    const shard = between();
    step(shard, EAT);
    expect(shard.eventRecords().map((e) => [e.kind, e.object])).toEqual([['affordance_start', 'fridge_e']]);
    expect(shard.state.reservations.holder[1]).toBe(1);
    expect(shard.state.reservations.holder[0]).toBe(0);
  });

  // After eating at fridge_e, ann asks again: the fridge she may not use yet is ranked last, so she gets
  // fridge_w beside her instead of a cooldown refusal.
  it('an object in the agent\'s cooldown is passed over for another free adjacent one', () => {
    const shard = between();
    step(shard, EAT);
    shard.run(14); // eat_meal ends in tick 15
    expect(shard.counters().affordances_completed).toBe(1);
    step(shard, EAT); // tick 16: fridge_e is in ann's cooldown (60 ticks), fridge_w is free
    expect(kinds(shard)).not.toContain('queue_cooldown');
    expect(shard.eventRecords().map((e) => [e.kind, e.object])).toEqual([['affordance_start', 'fridge_w']]);
  });
});

describe('release', () => {
  it('while running: aborts without effects, clears the activity and frees the object at once', () => {
    const shard = town([{ id: 'ann', position: [4, 2], wallet: 5, needs: { hunger: 0.2, hygiene: 0.5, energy: 0.5 } }]);
    const s = shard.state;
    step(shard, EAT);
    expect(s.reservations.holder[FRIDGE]).toBe(1);
    expect(s.objects.occupant[FRIDGE]).toBe(1);
    shard.actions[0] = NOOP;
    shard.run(3);
    step(shard, RELEASE); // tick 5
    expect(shard.eventRecords()).toEqual([
      {
        kind: 'affordance_fail',
        tick: 5,
        agent: 'ann',
        object: 'fridge_a',
        other: 0,
        value: FailReasonCode.released,
      },
    ]);
    expect(s.actions.result[1]).toBe(ActionResult.released);
    expect(s.activity.affordance[1]).toBe(-1);
    expect(s.activity.object[1]).toBe(-1);
    expect(s.reservations.holder[FRIDGE]).toBe(0);
    expect(s.queues.holds[1]).toBe(-1);
    expect(s.objects.occupant[FRIDGE]).toBe(0);
    expect(shard.counters().invalid_actions).toBe(0);
    // Past the tick it would have finished in (15): no effects, no finish.
    shard.actions[0] = NOOP;
    shard.run(15);
    expect(shard.counters().affordances_completed).toBe(0);
    expect(s.needs.hunger[1]).toBeCloseTo(0.2, 6);
    expect(s.needs.energy[1]).toBeCloseTo(0.5, 6);
    expect(s.wallets.balance[1]).toBeCloseTo(5, 6);
    // No cooldown after a release: the agent may start again at once.
    step(shard, EAT);
    expect(kinds(shard)).toEqual(['affordance_start']);
    expect(s.activity.endTick[1]).toBe(shard.tick + 14);
  });

  it('while running with someone waiting: the object passes to the next in line in the same tick', () => {
    const shard = town([
      { id: 'ann', position: [3, 1] },
      { id: 'bob', position: [4, 2] },
    ]);
    step(shard, EAT, NOOP);
    step(shard, NOOP, EAT);
    step(shard, RELEASE, NOOP);
    expect(kinds(shard)).toEqual(['affordance_fail', 'queue_handover']);
    expect(shard.state.reservations.holder[FRIDGE]).toBe(2);
    expect(shard.state.queues.waitingFor[2]).toBe(-1);
    step(shard, NOOP, EAT);
    expect(shard.state.activity.affordance[2]).toBe(0);
  });

  it('with nothing to release is invalid; a second release after a release is invalid too', () => {
    const shard = town([{ id: 'ann', position: [4, 2] }]);
    step(shard, EAT);
    step(shard, RELEASE);
    expect(shard.counters().invalid_actions).toBe(0);
    step(shard, RELEASE);
    expectInvalid(shard, 1, RELEASE, 'nothing_to_release');
  });
});

describe('chat', () => {
  it('chat_cooldown: a speaker waits conflict.relationships.chat_cooldown_ticks after its chat', () => {
    const shard = town(
      [
        { id: 'ann', position: [1, 3] },
        { id: 'bob', position: [2, 3] },
      ],
      { conflict: { relationships: { chat_cooldown_ticks: 3 } } },
    );
    step(shard, CHAT, NOOP); // tick 1: ann may speak again from tick 4
    expect(chats(shard)).toEqual([['chat', 'ann', 2]]);
    step(shard, CHAT, CHAT); // tick 2: ann is refused; bob (who only listened) may speak
    expectInvalid(shard, 1, CHAT, 'chat_cooldown');
    expect(chats(shard)).toEqual([['chat', 'bob', 1]]);
    step(shard, CHAT, NOOP); // tick 3: still refused
    expectInvalid(shard, 1, CHAT, 'chat_cooldown');
    step(shard, CHAT, NOOP); // tick 4: over
    expect(chats(shard)).toEqual([['chat', 'ann', 2]]);
    expect(shard.counters().invalid_actions).toBe(2);
  });

  it('pairs with an agent within Chebyshev distance 1 (diagonal or same tile)', () => {
    const shard = town([
      { id: 'ann', position: [1, 1] },
      { id: 'bob', position: [2, 2] },
      { id: 'cat', position: [5, 4] },
      { id: 'dan', position: [5, 4] },
    ]);
    step(shard, CHAT, CHAT, CHAT, NOOP);
    expect(chats(shard)).toEqual([
      ['chat', 'ann', 2],
      ['chat', 'bob', 1],
      ['chat', 'cat', 4],
    ]);
    expect(shard.state.actions.result[1]).toBe(ActionResult.chatted);
    expect(shard.counters().invalid_actions).toBe(0);
  });

  it('among strangers the partner is the lowest entity id; a tie made this tick counts at once', () => {
    const shard = town([
      { id: 'ann', position: [1, 3] },
      { id: 'bob', position: [3, 3] },
      { id: 'cat', position: [2, 3] },
    ]);
    step(shard, NOOP, CHAT, CHAT);
    expect(chats(shard).map(([, agent, other]) => [agent, other])).toEqual([
      ['bob', 3], // ann is two tiles away
      ['cat', 2], // bob (his chat gave cat a tie to him) over ann (a stranger), though ann's id is lower
    ]);
  });

  it('uses the positions at the start of the tick (what the policy saw)', () => {
    const shard = town([
      { id: 'ann', position: [1, 3] },
      { id: 'bob', position: [3, 3] },
    ]);
    // bob steps into range in the same tick (after ann in entity order): too late for this tick's chat.
    step(shard, CHAT, Action.moveWest);
    expectInvalid(shard, 1, CHAT, 'no_chat_partner');
    expect(position(shard, 2)).toEqual([2, 3]);
    // bob steps out of range in the same tick: he was in range when the tick began, so the chat finds him.
    step(shard, CHAT, E);
    expect(chats(shard)).toEqual([['chat', 'ann', 2]]);
    expect(position(shard, 2)).toEqual([3, 3]);
  });

  it('an agent that has left the world is no partner', () => {
    // bob starts below the faint threshold (0.03): he faints and exits in tick 1.
    const shard = town([
      { id: 'ann', position: [1, 1] },
      { id: 'bob', position: [2, 1], needs: { hunger: 0.01 } },
    ]);
    step(shard, NOOP, NOOP);
    expect(kinds(shard)).toEqual(['agent_faint', 'agent_exit']);
    expect(shard.liveAgents).toBe(1);
    step(shard, CHAT, NOOP);
    expectInvalid(shard, 1, CHAT, 'no_chat_partner');
  });
});

describe('empty and dead slots', () => {
  it('rows of empty slots are ignored', () => {
    const shard = town([{ id: 'ann', position: [1, 1] }], { population: { count: 0, capacity: 4 } });
    expect(shard.actions).toHaveLength(4);
    step(shard, NOOP, 99, N, CHAT);
    step(shard, NOOP, RELEASE, -5, EAT);
    expect(shard.counters().invalid_actions).toBe(0);
    expect(shard.counters().events).toBe(0);
  });

  it('the row of an agent that has left is ignored', () => {
    // bob faints in tick 1; no replacement comes, so his slot stays empty.
    const shard = town(
      [
        { id: 'ann', position: [1, 1] },
        { id: 'bob', position: [4, 2], needs: { hunger: 0.01 } },
      ],
      { lifecycle: { max_respawns_per_slot_per_day: 0 } },
    );
    step(shard, NOOP, NOOP);
    expect(shard.liveAgents).toBe(1);
    const before = position(shard, 2);
    for (const act of [99, E, RELEASE, CHAT, EAT]) {
      step(shard, NOOP, act);
      expect(shard.eventRecords()).toEqual([]);
    }
    expect(position(shard, 2)).toEqual(before);
    expect(shard.counters().invalid_actions).toBe(0);
    expect(shard.state.activity.affordance[2]).toBe(-1);
    expect(shard.state.reservations.holder[FRIDGE]).toBe(0);
  });
});
