import { describe, expect, it } from 'vitest';
import { Action } from '../src/actions/action-space.js';
import { featureOffset } from '../src/tensors/observation-spec.js';
import { act, tensorScene } from './helpers/tensor-scene.js';

/**
 * A 12×7 room, one job `shop` worked on tile (5, 3) from tick 10 to 19 of a 50-tick day, work hints from 2 ticks
 * (plus the walk) before the shift; ann starts at (1, 3), four steps west of work.
 */
function shop() {
  return tensorScene(
    {
      width: 12,
      height: 7,
      agents: [{ id: 'ann', position: [1, 3] }],
      over: {
        ticks_per_day: 50,
        jobs: { shop: { start_tick: 10, end_tick: 19, wage_rate: 0.125, lateness_penalty: 0.25, location: [5, 3] } },
        observations: { work: { hint_lead_ticks: 2 } },
      },
    },
    {},
    { job: 'shop' },
  );
}

describe('work features', () => {
  it('job, shift clock, the nearest work tile and the way there, in day fractions', () => {
    const shard = shop();
    const spec = shard.tensors!.spec;
    const obs = shard.tensors!.buffers.observations!;
    const f = (name: string) => obs[featureOffset(spec, name)]!;
    const hints = () => ['north', 'south', 'east', 'west'].map((d) => f(`work_hint_${d}`));
    for (let i = 0; i < 3; i++) act(shard, Action.noop); // end of tick 3: the shift starts in 7 ticks
    expect([f('job_id_norm'), f('at_work'), f('shift_starts_in'), f('shift_ends_in')]).toEqual([1, 0, Math.fround(7 / 50), 0]);
    expect([f('work_dx'), f('work_dy'), f('work_dist')]).toEqual([1, 0, Math.fround(4 / 50)]);
    expect(hints()).toEqual([0, 0, 0, 0]); // 7 > walk 4 + lead 2
    act(shard, Action.noop); // tick 4: 6 ≤ 4 + 2, time to go
    expect(hints()).toEqual([0, 0, 1, 0]);
    for (let i = 0; i < 4; i++) act(shard, Action.moveEast); // ticks 5–8: arrives
    expect([f('at_work'), f('work_dist'), ...hints()]).toEqual([1, 0, 0, 0, 0, 0]);
    for (let i = 0; i < 4; i++) act(shard, Action.noop); // tick 12: on shift, 8 ticks left (12 … 19)
    expect([f('shift_starts_in'), f('shift_ends_in')]).toEqual([0, Math.fround(8 / 50)]);
    expect(f('on_shift')).toBe(1);
    act(shard, Action.moveWest); // tick 13: a step away during the shift: the hint points back
    expect(hints()).toEqual([0, 0, 1, 0]);
    for (let i = 0; i < 7; i++) act(shard, Action.noop); // tick 20: after the shift, the next starts in 40
    expect([f('shift_starts_in'), f('shift_ends_in'), ...hints()]).toEqual([Math.fround(40 / 50), 0, 0, 0, 0, 0]);
  });

  it('all 0 without a job', () => {
    const shard = tensorScene({ width: 8, height: 5, agents: [{ id: 'bob', position: [1, 1] }] });
    act(shard, Action.noop);
    const spec = shard.tensors!.spec;
    const [from, to] = spec.slices['work']!;
    expect(Array.from(shard.tensors!.buffers.observations!.subarray(from, to))).toEqual(new Array(11).fill(0));
  });
});
