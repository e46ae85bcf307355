import { describe, expect, it } from 'vitest';
import { Action } from '../src/actions/action-space.js';
import type { TownConfigInput } from '../src/config/schema.js';
import { InputError } from '../src/core/errors.js';
import { createShard } from '../src/core/shard.js';
import { wouldMakeLate, workAction } from '../src/policy/commute.js';
import { UNREACHABLE } from '../src/world/distance-fields.js';
import { shopScene, stepTo, WAGE } from './helpers/employment-scene.js';
import { scene } from './helpers/scene.js';

/** Ann 4 tiles east of work (5, 3); she keeps 2 ticks of slack (job_arrival_buffer 2). */
function commuter(workAffinity = 1) {
  const shard = shopScene([{ id: 'ann', position: [9, 3] }], { behavior: { job_arrival_buffer: 2 } });
  shard.state.personality.workAffinity[1] = workAffinity;
  return shard;
}

describe('the scripted work decision', () => {
  it('walks to work from start − buffer × affinity − distance, waits there, and stops after the end tick', () => {
    const s = commuter().state;
    // Shift 10..19; leave at 10 − 2 − 4 = 4.
    expect([3, 4, 19, 20, 53, 54].map((t) => workAction(s, 1, t))).toEqual([
      -1, Action.moveWest, Action.moveWest, -1, -1, Action.moveWest,
    ]);
    s.positions.x[1] = 5; // at work: distance 0, so its time starts at 8
    expect([7, 8, 19, 20].map((t) => workAction(s, 1, t))).toEqual([-1, Action.noop, Action.noop, -1]);
    const keen = commuter(2).state; // 10 − 4 − 4 = 2
    expect([1, 2].map((t) => workAction(keen, 1, t))).toEqual([-1, Action.moveWest]);
  });

  it('with employment.scripted_commute off, nobody commutes and nothing makes an agent late', () => {
    const s = shopScene([{ id: 'ann', position: [9, 3] }], { employment: { scripted_commute: false } }).state;
    expect([workAction(s, 1, 12), wouldMakeLate(s, 1, 1, 1000)]).toEqual([-1, false]);
  });

  it('no job or unreachable work: no commute, and nothing makes the agent late', () => {
    const walled = shopScene([{ id: 'bob', position: [1, 1] }], {}, [[2, 1], [1, 2]]).state;
    expect(walled.jobs.fields[0]![1 * 12 + 1]).toBe(UNREACHABLE);
    expect([workAction(walled, 1, 12), wouldMakeLate(walled, 1, 1, 1000)]).toEqual([-1, false]);
    const s = commuter().state;
    s.employment.job[1] = -1;
    expect([workAction(s, 1, 12), wouldMakeLate(s, 1, 1, 1000)]).toEqual([-1, false]);
  });

  it('wouldMakeLate: busy past the time to leave for the next shift (today\'s, or tomorrow\'s after the end)', () => {
    const s = commuter().state;
    expect([wouldMakeLate(s, 1, 1, 3), wouldMakeLate(s, 1, 1, 4)]).toEqual([false, true]);
    // After today's shift the next one starts at 60, so the agent must leave at 54.
    expect([wouldMakeLate(s, 1, 25, 29), wouldMakeLate(s, 1, 25, 30)]).toEqual([false, true]);
  });

  it('a scripted agent walks to work, arrives before the start and is paid for the whole shift', () => {
    const shard = shopScene([{ id: 'ann', position: [9, 3] }], { behavior: { job_arrival_buffer: 2 } }, [], 'scripted');
    const x: number[] = [];
    while (shard.tick < 20) {
      shard.step();
      x.push(shard.state.positions.x[1]!);
    }
    expect(x.slice(0, 8)).toEqual([9, 9, 9, 8, 7, 6, 5, 5]); // leaves in tick 4, at work from tick 7
    expect(shard.counters().events_by_kind.job_late).toBe(0);
    expect(shard.state.wallets.balance[1]).toBe(4 + 10 * WAGE);
    stepTo(shard, 21);
    expect(shard.state.employment.attendance[1]).toBe(1);
  });
});

describe('work fields', () => {
  const desk = (location: [number, number], walls: [number, number][] = []): TownConfigInput =>
    scene({
      width: 12,
      height: 7,
      objects: [{ id: 'desk', type: 'workplace', position: [5, 3] }],
      walls,
      over: { jobs: { shop: { start_tick: 10, end_tick: 19, location } } },
    });

  it('a location on a blocked tile works from its walkable neighbours', () => {
    const field = createShard(desk([5, 3])).state.jobs.fields[0]!;
    const at = (x: number, y: number) => field[y * 12 + x];
    expect([at(4, 3), at(6, 3), at(5, 2), at(5, 4), at(5, 3), at(3, 3), at(1, 1)]).toEqual([
      0, 0, 0, 0, UNREACHABLE, 1, 5,
    ]);
  });

  it('a location outside the grid, or walled in, is bad input', () => {
    expect(() => createShard(desk([30, 3]))).toThrow(/jobs\.shop\.location: expected a tile inside the 12×7 grid/);
    const walledIn = desk([5, 3], [[4, 3], [6, 3], [5, 2], [5, 4]]);
    expect(() => createShard(walledIn)).toThrow(InputError);
    expect(() => createShard(walledIn)).toThrow(/a walkable tile or one beside a walkable tile, found \[5, 3\]/);
  });

  it('without a location, a job is worked beside each of its workplace objects', () => {
    const s = createShard({ config_id: 'town', population: { count: 120 }, world: { layout: { agents_per_workplace: 30 } } })
      .state;
    const { width, walkable } = s.grid;
    for (let j = 0; j < s.jobIds.length; j++) {
      const beside = new Set<number>();
      for (const row of s.workplacesByJob[j]!) {
        const x = s.objects.x[row]!;
        const y = s.objects.y[row]!;
        for (const t of [(y - 1) * width + x, (y + 1) * width + x, y * width + x + 1, y * width + x - 1]) {
          if (walkable[t] === 1) beside.add(t);
        }
      }
      const zeros = s.jobs.fields[j]!.reduce<number[]>((acc, d, t) => (d === 0 ? [...acc, t] : acc), []);
      expect(s.workplacesByJob[j]!.length).toBeGreaterThan(1);
      expect(zeros).toEqual([...beside].sort((a, b) => a - b));
    }
  });
});
