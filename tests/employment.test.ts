import { describe, expect, it } from 'vitest';
import { Action } from '../src/actions/action-space.js';
import type { Shard } from '../src/core/shard.js';
import {
  TOTAL_ABSENT_SHIFTS,
  TOTAL_LATE_SHIFTS,
  TOTAL_PENALTIES,
  TOTAL_SHIFTS,
  TOTAL_WAGES,
  TOTAL_WAGES_WITHHELD,
} from '../src/core/totals.js';
import { SHIFT_STATES } from '../src/employment/shift-states.js';
import { ABSENCE, eidOf, LATE_TICK, LATENESS, shopScene, stepTo, WAGE } from './helpers/employment-scene.js';

const SHIFT_KINDS = ['job_late', 'job_absent', 'shift_complete'];

/**
 * Steps to `last`, writing `moves[tick]` (row 0's action) before that tick and noop otherwise; returns the
 * shift events with their tick and each tick's shift state of agent 1 from tick `from` on.
 */
function run(shard: Shard, last: number, moves: Record<number, number> = {}, from = 9) {
  const events: [number, string, number][] = [];
  const states: string[] = [];
  while (shard.tick < last) {
    shard.actions[0] = moves[shard.tick + 1] ?? Action.noop;
    shard.step();
    for (const e of shard.eventRecords()) if (SHIFT_KINDS.includes(e.kind)) events.push([e.tick, e.kind, e.value]);
    if (shard.tick >= from) states.push(`${shard.tick}:${SHIFT_STATES[shard.state.employment.shiftState[1]!]}`);
  }
  return { events, states };
}

describe('shifts: states, wages and penalties', () => {
  it('an agent at work for the whole shift is on time and paid the wage for every scheduled tick', () => {
    const shard = shopScene([{ id: 'ann', position: [5, 3] }]);
    const { events, states } = run(shard, 20);
    expect(states.slice(0, 2)).toEqual(['9:await_start', '10:on_time']);
    expect(states.at(-2)).toBe('19:on_time');
    expect(states.at(-1)).toBe('20:post_shift');
    expect(events).toEqual([[20, 'shift_complete', 1]]);
    const s = shard.state;
    expect(s.wallets.balance[1]).toBe(4 + 10 * WAGE);
    expect([s.totals.values[TOTAL_SHIFTS], s.totals.values[TOTAL_WAGES]]).toEqual([1, 10 * WAGE]);
    expect(s.totals.values[TOTAL_PENALTIES]).toBe(0);
    expect(s.employment.attendance[1]).toBe(1);
  });

  it('an agent that never comes waits out the grace, is late until the cutoff, then absent', () => {
    const shard = shopScene([{ id: 'bob', position: [8, 3] }]);
    const { events, states } = run(shard, 20);
    expect(states).toEqual([
      '9:await_start', '10:await_start', '11:await_start', '12:await_start', // grace 2: ticks 10..12
      '13:late', '14:late', '15:late', '16:late', // 3..6 ticks in: up to absent_cutoff 6
      '17:absent', '18:absent', '19:absent', '20:post_shift',
    ]);
    expect(events).toEqual([
      [13, 'job_late', 3],
      [17, 'job_absent', 1],
      [20, 'shift_complete', 0],
    ]);
    const s = shard.state;
    const t = s.totals.values;
    const penalties = LATENESS + 4 * LATE_TICK + ABSENCE;
    expect(s.wallets.balance[1]).toBe(4 - penalties);
    expect([t[TOTAL_PENALTIES], t[TOTAL_LATE_SHIFTS], t[TOTAL_ABSENT_SHIFTS]]).toEqual([penalties, 1, 1]);
    expect(t[TOTAL_WAGES_WITHHELD]).toBe(7 * WAGE); // ticks 13..19
    expect([s.employment.lateTicksToday[1], s.employment.withheldToday[1]]).toEqual([4, 7 * WAGE]);
    stepTo(shard, 50); // day 1 begins: today's counters start again
    expect([s.employment.lateTicksToday[1], s.employment.withheldToday[1]]).toEqual([0, 0]);
  });

  it('an on-time agent that steps away is late while away and absent after absence_slack ticks; back, on time', () => {
    const shard = shopScene([{ id: 'cat', position: [5, 3] }]);
    const { events, states } = run(shard, 20, { 13: Action.moveEast, 18: Action.moveWest });
    expect(states.slice(1)).toEqual([
      '10:on_time', '11:on_time', '12:on_time',
      '13:late', '14:late', '15:late', // last at work in tick 12; slack 3
      '16:absent', '17:absent', '18:on_time', '19:on_time', '20:post_shift',
    ]);
    // It was on time, so no lateness penalty and no job_late: only the late ticks away and the absence.
    expect(events).toEqual([
      [16, 'job_absent', 1],
      [20, 'shift_complete', 0.5],
    ]);
    expect(shard.state.wallets.balance[1]).toBe(4 + 5 * WAGE - 3 * LATE_TICK - ABSENCE);
  });

  it('a late arrival pays the lateness penalty once and earns the wage from arrival, with no on-time ticks', () => {
    const shard = shopScene([{ id: 'dan', position: [6, 3] }]);
    const { events, states } = run(shard, 20, { 14: Action.moveWest });
    expect(states.slice(4, 7)).toEqual(['13:late', '14:late', '15:late']);
    expect(events).toEqual([
      [13, 'job_late', 3],
      [20, 'shift_complete', 0],
    ]);
    expect(shard.state.wallets.balance[1]).toBe(4 - LATENESS - LATE_TICK + 6 * WAGE);
    expect(shard.state.totals.values[TOTAL_WAGES_WITHHELD]).toBe(WAGE);
  });

  it('arriving within the grace ticks is on time', () => {
    const shard = shopScene([{ id: 'eve', position: [6, 3] }]);
    const { events, states } = run(shard, 20, { 12: Action.moveWest });
    expect(states.slice(1, 4)).toEqual(['10:await_start', '11:await_start', '12:on_time']);
    expect(events).toEqual([[20, 'shift_complete', 0.8]].map(([t, k, v]) => [t, k, Math.fround(v as number)]));
    expect(shard.state.wallets.balance[1]).toBe(4 + 8 * WAGE);
  });

  it('penalties never take a wallet below 0, and only what was taken counts', () => {
    const shard = shopScene([{ id: 'bob', position: [8, 3], wallet: 0.5 }]);
    run(shard, 20);
    expect(shard.state.wallets.balance[1]).toBe(0);
    expect(shard.state.totals.values[TOTAL_PENALTIES]).toBe(0.5);
  });

  it('pays the economy\'s current wage of the job', () => {
    const shard = shopScene([{ id: 'ann', position: [5, 3] }]);
    stepTo(shard, 14);
    shard.state.economy.wages[0] = 0.5;
    stepTo(shard, 20);
    expect(shard.state.wallets.balance[1]).toBe(4 + 5 * WAGE + 5 * 0.5);
  });

  it('the attendance ratio is the mean of the last attendance_window shift samples', () => {
    const shard = shopScene([{ id: 'ann', position: [5, 3] }], { employment: { attendance_window: 2 } });
    const e = shard.state.employment;
    run(shard, 20);
    expect(e.attendance[1]).toBe(1);
    // Day 1: away for the first tick of the shift (within grace): 9 of 10 ticks on time.
    run(shard, 70, { 60: Action.moveEast, 61: Action.moveWest });
    expect(e.attendance[1]).toBeCloseTo((1 + 0.9) / 2, 6);
    // Day 2: away all shift. The window holds days 1 and 2 only.
    run(shard, 120, { 110: Action.moveEast });
    expect(e.attendance[1]).toBeCloseTo((0.9 + 0) / 2, 6);
    expect(shard.state.totals.values[TOTAL_SHIFTS]).toBe(3);
  });

  it('agents without a job have no shifts', () => {
    const shard = shopScene([{ id: 'ann', position: [5, 3] }]);
    shard.state.employment.job[eidOf(shard, 'ann')] = -1;
    const { events, states } = run(shard, 20);
    expect(events).toEqual([]);
    expect(new Set(states)).toEqual(new Set(states.filter((x) => x.endsWith('pre_shift'))));
    expect(shard.state.totals.values[TOTAL_SHIFTS]).toBe(0);
  });
});
