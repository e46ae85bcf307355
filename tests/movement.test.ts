import { describe, expect, it } from 'vitest';
import { Action, ActionResult, InvalidReasonCode } from '../src/actions/action-space.js';
import { createShard, type Shard } from '../src/core/shard.js';
import { UNREACHABLE } from '../src/world/distance-fields.js';
import { scene, type SceneSpec } from './helpers/scene.js';

const U = UNREACHABLE;
const { moveNorth: N, moveSouth: S, moveEast: E, moveWest: W } = Action;

/** The field of `type` as rows (y) of columns (x). */
function fieldRows(shard: Shard, type: string): number[][] {
  const { width, height } = shard.state.grid;
  const code = shard.state.objectTypes.code(type);
  expect(code).toBeGreaterThanOrEqual(0);
  const field = shard.state.fields.field(code);
  return Array.from({ length: height }, (_, y) => Array.from(field.subarray(y * width, (y + 1) * width)));
}

function fieldAt(shard: Shard, type: string, x: number, y: number): number {
  const field = shard.state.fields.field(shard.state.objectTypes.code(type));
  return field[y * shard.state.grid.width + x]!;
}

function position(shard: Shard, eid: number): [number, number] {
  return [shard.state.positions.x[eid]!, shard.state.positions.y[eid]!];
}

function invalidEvents(shard: Shard) {
  return shard
    .eventRecords()
    .filter((e) => e.kind === 'invalid_action')
    .map((e) => ({ agent: e.agent, other: e.other, value: e.value }));
}

/**
 * 9×7 grid (floor 1..7 × 1..5), a fridge at (6, 3) and a wall line at x = 4 from y = 1 to 4: the left half
 * reaches the fridge only through the gap at (4, 5).
 */
function wallLine(spec: Partial<SceneSpec> = {}): Shard {
  return createShard(
    scene({
      width: 9,
      height: 7,
      objects: [{ id: 'fridge_a', type: 'fridge', position: [6, 3] }],
      walls: [
        [4, 1],
        [4, 2],
        [4, 3],
        [4, 4],
      ],
      ...spec,
    }),
    { policy: spec.agents ? 'scripted' : 'external' },
  );
}

describe('distance fields', () => {
  it('hold the walking distance to a tile beside the nearest object, around a wall line', () => {
    const shard = wallLine();
    // Hand-computed: 0 on the four tiles beside the fridge; the left half goes round through (4, 5) = 3.
    expect(fieldRows(shard, 'fridge')).toEqual([
      [U, U, U, U, U, U, U, U, U],
      [U, 10, 9, 8, U, 2, 1, 2, U],
      [U, 9, 8, 7, U, 1, 0, 1, U],
      [U, 8, 7, 6, U, 0, U, 0, U],
      [U, 7, 6, 5, U, 1, 0, 1, U],
      [U, 6, 5, 4, 3, 2, 1, 2, U],
      [U, U, U, U, U, U, U, U, U],
    ]);
  });

  it('without the wall the same tiles are closer: the field follows the grid, not the straight line', () => {
    const shard = wallLine({ walls: [] });
    expect(fieldAt(shard, 'fridge', 3, 3)).toBe(2); // 6 with the wall
    expect(fieldAt(shard, 'fridge', 1, 1)).toBe(6); // 10 with the wall
    expect(fieldAt(shard, 'fridge', 4, 3)).toBe(1); // a wall tile before
  });

  it('take the nearest of several objects of a type', () => {
    const shard = wallLine({
      objects: [
        { id: 'fridge_a', type: 'fridge', position: [6, 3] },
        { id: 'fridge_b', type: 'fridge', position: [1, 1] },
      ],
    });
    expect(fieldAt(shard, 'fridge', 1, 2)).toBe(0);
    expect(fieldAt(shard, 'fridge', 2, 1)).toBe(0);
    expect(fieldAt(shard, 'fridge', 3, 3)).toBe(3);
    // (4, 5): 3 from the gap side to fridge_a, 4 to fridge_b.
    expect(fieldAt(shard, 'fridge', 4, 5)).toBe(3);
    expect(fieldAt(shard, 'fridge', 3, 5)).toBe(4);
    expect(fieldAt(shard, 'fridge', 2, 5)).toBe(4); // 4 to fridge_b as well, 5 to fridge_a
  });

  it('a type with no object is unreachable everywhere', () => {
    const shard = wallLine();
    expect(fieldRows(shard, 'bed').flat().every((d) => d === U)).toBe(true);
  });

  it('are built once per type and reused', () => {
    const shard = wallLine({
      agents: [
        { id: 'ann', position: [1, 1], needs: { hunger: 0.2 } },
        { id: 'bob', position: [2, 3], needs: { hunger: 0.2 } },
      ],
    });
    const { fields, objectTypes } = shard.state;
    // The manifest's five object types (fridge, stove, shower, bed, workplace); only the fridge is placed.
    const types = ['fridge', 'stove', 'shower', 'bed', 'workplace'].map((name) => objectTypes.code(name));
    expect(new Set(types).size).toBe(5);
    expect(Math.min(...types)).toBeGreaterThanOrEqual(0);
    // Built at start or on first use, never more than once per type.
    expect(fields.builds).toBeLessThanOrEqual(5);
    const first = types.map((t) => fields.field(t));
    expect(fields.builds).toBe(5);
    // Both agents walk down the fridge field and eat; nothing is searched again.
    shard.run(40);
    expect(shard.counters().affordances_completed).toBe(2);
    const again = types.map((t) => fields.field(t));
    expect(fields.builds).toBe(5);
    again.forEach((field, i) => expect(field).toBe(first[i]));
  });
});

describe('unreachable objects', () => {
  it('a fridge walled in on all four sides is unreachable from every tile', () => {
    const shard = createShard(
      scene({
        width: 7,
        height: 7,
        objects: [{ id: 'fridge_a', type: 'fridge', position: [3, 3] }],
        walls: [
          [3, 2],
          [3, 4],
          [2, 3],
          [4, 3],
        ],
      }),
    );
    expect(fieldRows(shard, 'fridge').flat().every((d) => d === U)).toBe(true);
  });

  it('a hungry agent cut off from the only fridge stays idle: no moves, no invalid actions, no use', () => {
    // A full wall line at x = 4 cuts the map in two; the fridge is on the right, the agent on the left.
    const shard = wallLine({
      walls: [1, 2, 3, 4, 5].map((y): [number, number] => [4, y]),
      agents: [{ id: 'ann', position: [2, 3], needs: { hunger: 0.2 } }],
    });
    expect(fieldAt(shard, 'fridge', 2, 3)).toBe(U);
    expect(fieldAt(shard, 'fridge', 5, 1)).toBe(2);
    for (let t = 1; t <= 30; t++) {
      shard.step();
      expect(shard.actions[0]).toBe(Action.noop);
      expect(position(shard, 1)).toEqual([2, 3]);
      expect(shard.eventRecords()).toEqual([]);
    }
    const c = shard.counters();
    expect(c.invalid_actions).toBe(0);
    expect(c.events).toBe(0);
    expect(shard.state.activity.affordance[1]).toBe(-1);
    expect(shard.state.needs.hunger[1]).toBeCloseTo(0.2, 6);
  });
});

describe('movement', () => {
  /** 6×6 grid (floor 1..4 × 1..4), a wall at (3, 3), a fridge at (2, 4), agents as given. */
  function room(agents: [number, number][]): Shard {
    return createShard(
      scene({
        width: 6,
        height: 6,
        objects: [{ id: 'fridge_a', type: 'fridge', position: [2, 4] }],
        walls: [[3, 3]],
        agents: agents.map((position, i) => ({ id: `a${i + 1}`, position })),
      }),
      { policy: 'external' },
    );
  }

  it('moves one tile per tick in the chosen direction (north is y − 1)', () => {
    const shard = room([[1, 1]]);
    const plan: [number, [number, number]][] = [
      [E, [2, 1]],
      [E, [3, 1]],
      [S, [3, 2]],
      [E, [4, 2]],
      [S, [4, 3]],
      [S, [4, 4]],
      [W, [3, 4]],
    ];
    for (const [act, where] of plan) {
      shard.actions[0] = act;
      shard.step();
      expect(position(shard, 1)).toEqual(where);
      expect(shard.state.actions.result[1]).toBe(ActionResult.moved);
    }
    expect(shard.counters().invalid_actions).toBe(0);
  });

  it('an action stays in the buffer: one east written, three tiles walked, then the border stops it', () => {
    const shard = room([[1, 1]]);
    shard.actions[0] = E;
    const xs: number[] = [];
    for (let t = 0; t < 5; t++) {
      shard.step();
      xs.push(shard.state.positions.x[1]!);
    }
    expect(xs).toEqual([2, 3, 4, 4, 4]);
    expect(shard.state.positions.y[1]).toBe(1);
    expect(shard.counters().invalid_actions).toBe(2);
    expect(invalidEvents(shard)).toEqual([{ agent: 'a1', other: E, value: InvalidReasonCode.blocked_move }]);
  });

  it('moves into the border, a wall or an object are invalid, counted and leave the agent in place', () => {
    // a1 in the top-left corner; a2 at (3, 4): the wall (3, 3) is north of it, the fridge (2, 4) west.
    const shard = room([
      [1, 1],
      [3, 4],
    ]);
    const tries: [number, number][] = [
      [N, N], // a1 into the top border, a2 into the wall
      [W, W], // a1 into the left border, a2 into the fridge
    ];
    let expected = 0;
    for (const [a1, a2] of tries) {
      shard.actions[0] = a1;
      shard.actions[1] = a2;
      shard.step();
      expected += 2;
      expect(position(shard, 1)).toEqual([1, 1]);
      expect(position(shard, 2)).toEqual([3, 4]);
      expect(invalidEvents(shard)).toEqual([
        { agent: 'a1', other: a1, value: InvalidReasonCode.blocked_move },
        { agent: 'a2', other: a2, value: InvalidReasonCode.blocked_move },
      ]);
      expect(shard.state.actions.result[1]).toBe(ActionResult.invalid);
      expect(shard.counters().invalid_actions).toBe(expected);
      expect(shard.counters().last_tick.events_by_kind.invalid_action).toBe(2);
    }
    // The way round is open: east then north then north reaches (4, 2).
    for (const act of [E, N, N]) {
      shard.actions[1] = act;
      shard.actions[0] = Action.noop;
      shard.step();
    }
    expect(position(shard, 2)).toEqual([4, 2]);
    expect(shard.counters().invalid_actions).toBe(expected);
  });

  it('agents may share a tile: two walk onto the same tile in one tick, a third joins them', () => {
    const shard = room([
      [1, 2],
      [3, 2],
      [2, 1],
    ]);
    shard.actions.set([E, W, Action.noop]);
    shard.step();
    expect(position(shard, 1)).toEqual([2, 2]);
    expect(position(shard, 2)).toEqual([2, 2]);
    shard.actions.set([Action.noop, Action.noop, S]);
    shard.step();
    expect(position(shard, 3)).toEqual([2, 2]);
    expect(shard.counters().invalid_actions).toBe(0);
  });
});

describe('scripted walk to a fridge', () => {
  it('takes a shortest path around the wall, starts eating the tick after arriving and finishes on time', () => {
    const shard = wallLine({ agents: [{ id: 'ann', position: [1, 1], needs: { hunger: 0.2 }, wallet: 5 }] });
    const start = fieldAt(shard, 'fridge', 1, 1);
    expect(start).toBe(10);
    const path: [number, number][] = [];
    for (let t = 1; t <= start; t++) {
      shard.step();
      path.push(position(shard, 1));
      expect(shard.state.actions.result[1]).toBe(ActionResult.moved);
      // Every step is one tile and one closer.
      expect(fieldAt(shard, 'fridge', ...path[t - 1]!)).toBe(start - t);
    }
    expect(path).toEqual([
      [1, 2],
      [1, 3],
      [1, 4],
      [1, 5],
      [2, 5],
      [3, 5],
      [4, 5],
      [5, 5],
      [5, 4],
      [5, 3],
    ]);
    // Tick 11: the use action; eat_meal (duration 15) then finishes in tick 11 + 15 − 1 = 25.
    shard.step();
    expect(shard.tick).toBe(11);
    expect(shard.eventRecords()).toEqual([
      { kind: 'affordance_start', tick: 11, agent: 'ann', object: 'fridge_a', other: 0, value: 0 },
    ]);
    expect(shard.state.activity.endTick[1]).toBe(25);
    shard.run(13);
    expect(shard.tick).toBe(24);
    expect(shard.counters().affordances_completed).toBe(0);
    expect(shard.state.needs.hunger[1]).toBeCloseTo(0.2, 6);
    shard.step();
    expect(shard.eventRecords().map((e) => [e.kind, e.tick, e.agent])).toEqual([
      ['affordance_finish', 25, 'ann'],
    ]);
    expect(shard.state.needs.hunger[1]).toBeCloseTo(0.6, 6);
    expect(shard.state.wallets.balance[1]).toBeCloseTo(4.6, 5);
    expect(position(shard, 1)).toEqual([5, 3]);
    // Fed: no further moves.
    shard.run(10);
    expect(position(shard, 1)).toEqual([5, 3]);
    expect(shard.counters().invalid_actions).toBe(0);
  });
});
