import { describe, expect, it } from 'vitest';
import { createEmployment } from '../components/employment.js';
import type { TownConfigInput } from '../src/config/schema.js';
import { InputError } from '../src/core/errors.js';
import type { Shard } from '../src/core/shard.js';
import { absencesInWindow, recordAbsence } from '../src/employment/absences.js';
import { EmploymentExitRoute } from '../src/employment/exit-loop.js';
import { eidOf, shopScene, stepTo } from './helpers/employment-scene.js';

const EXIT_KINDS = [
  'employment_exit_pending',
  'employment_exit_overflow',
  'employment_exit_processed',
  'employment_exit_deferred',
];

/** Three agents who never reach work (absent from tick 17 of each 50-tick day) and ann, always at work. */
function absentees(employment: NonNullable<TownConfigInput['employment']>, over: Partial<TownConfigInput> = {}) {
  return shopScene(
    [
      { id: 'ann', position: [5, 3] },
      { id: 'bob', position: [8, 1] },
      { id: 'cat', position: [8, 3] },
      { id: 'dan', position: [8, 5] },
    ],
    {
      lifecycle: { max_respawns_per_slot_per_day: 0 },
      ...over,
      employment: { enforce_job_loop: true, max_absent_shifts: 1, exit_review_window: 1000, ...employment },
    },
  );
}

/** Steps to `last` and returns the exit-loop events as [tick, kind, agent, other]. */
function exitEvents(shard: Shard, last: number) {
  const out: [number, string, string | null, number][] = [];
  while (shard.tick < last) {
    shard.step();
    for (const e of shard.eventRecords()) if (EXIT_KINDS.includes(e.kind)) out.push([e.tick, e.kind, e.agent, e.other]);
  }
  return out;
}

const { daily_cap: CAP, auto_review: REVIEW, manual: MANUAL } = EmploymentExitRoute;

describe('employment exit loop', () => {
  it('queues absentees, warns past exit_queue_limit and lets daily_exit_cap of them go each day', () => {
    const shard = absentees({ daily_exit_cap: 2, exit_queue_limit: 1 });
    expect(exitEvents(shard, 60)).toEqual([
      [17, 'employment_exit_pending', 'bob', 1],
      [17, 'employment_exit_pending', 'cat', 2],
      [17, 'employment_exit_overflow', 'cat', 2],
      [17, 'employment_exit_pending', 'dan', 3],
      [17, 'employment_exit_overflow', 'dan', 3],
      [17, 'employment_exit_processed', 'bob', CAP],
      [17, 'employment_exit_processed', 'cat', CAP],
      [50, 'employment_exit_processed', 'dan', CAP], // the first tick of day 1
    ]);
    expect(shard.counters().exits).toEqual({ faint: 0, eviction: 3, operator: 0 });
    expect(shard.pendingEmploymentExits()).toEqual([]);
  });

  it('a pending exit older than exit_review_window ticks goes ahead of the cap', () => {
    const shard = absentees({ daily_exit_cap: 1, exit_review_window: 5 });
    const processed = exitEvents(shard, 30).filter((e) => e[1] === 'employment_exit_processed');
    expect(processed).toEqual([
      [17, 'employment_exit_processed', 'bob', CAP],
      [22, 'employment_exit_processed', 'cat', REVIEW],
      [22, 'employment_exit_processed', 'dan', REVIEW],
    ]);
  });

  it('without enforce_job_loop, or with max_absent_shifts 0, absences are counted but nobody is queued', () => {
    for (const employment of [{ enforce_job_loop: false }, { max_absent_shifts: 0 }]) {
      const shard = absentees(employment);
      expect(exitEvents(shard, 120)).toEqual([]);
      expect(shard.counters().events_by_kind.job_absent).toBe(9);
      expect(shard.counters().live_agents).toBe(4);
    }
  });

  it('approve and defer: errors for unknown, gone and not-pending agents change nothing', () => {
    const shard = absentees({ daily_exit_cap: 1 });
    stepTo(shard, 17); // bob exits under the cap; cat and dan wait
    expect(shard.pendingEmploymentExits()).toEqual(['cat', 'dan']);
    const before = shard.hash();
    for (const id of ['nobody', 'bob', 'ann', '']) {
      expect(() => shard.approveEmploymentExit(id)).toThrow(InputError);
      expect(() => shard.deferEmploymentExit(id)).toThrow(InputError);
    }
    expect(() => shard.approveEmploymentExit('ann')).toThrow(/pending employment exit \(cat, dan\).*"ann" \(not pending\)/);
    expect(() => shard.deferEmploymentExit('bob')).toThrow(/live agent.*"bob"/);
    expect(shard.hash()).toBe(before);
  });

  it('a deferred exit leaves the queue and is not queued again within exit_review_window; an approved one exits next tick', () => {
    const shard = absentees({ daily_exit_cap: 1, exit_review_window: 100 });
    stepTo(shard, 17);
    shard.deferEmploymentExit('dan');
    shard.approveEmploymentExit('cat');
    shard.approveEmploymentExit('cat'); // twice is once
    expect(shard.pendingEmploymentExits()).toEqual(['cat']);
    expect(exitEvents(shard, 18)).toEqual([
      [18, 'employment_exit_deferred', 'dan', 1],
      [18, 'employment_exit_processed', 'cat', MANUAL],
    ]);
    // Dan is absent again on day 1 (tick 67) but stays out of the queue until tick 17 + 100.
    expect(exitEvents(shard, 116)).toEqual([]);
    expect(exitEvents(shard, 117)).toEqual([
      [117, 'employment_exit_pending', 'dan', 1],
      [117, 'employment_exit_processed', 'dan', CAP], // day 2: the cap has room
    ]);
  });

  it('a deferral after an approval cancels it', () => {
    const shard = absentees({ daily_exit_cap: 1 });
    stepTo(shard, 17);
    shard.approveEmploymentExit('dan');
    shard.deferEmploymentExit('dan');
    expect(exitEvents(shard, 18)).toEqual([[18, 'employment_exit_deferred', 'dan', 1]]);
    expect(shard.pendingEmploymentExits()).toEqual(['cat']);
  });

  it('a replacement starts with a clean record and joins shifts from the next day', () => {
    const shard = absentees(
      { daily_exit_cap: 0 },
      { lifecycle: { max_respawns_per_slot_per_day: 2, respawn_delay_ticks: [1, 1], exit_cooldown_ticks: 0 } },
    );
    const bob = eidOf(shard, 'bob');
    stepTo(shard, 18); // bob exits in tick 17, bob#1 enters in tick 18
    const e = shard.state.employment;
    expect(shard.state.agentIds.get(bob)).toBe('bob#1');
    expect([e.absenceMask[bob], e.shiftStart[bob], shard.state.exitQueue.since[bob]]).toEqual([0, -1, -1]);
    const processed = exitEvents(shard, 70).filter((x) => x[1] === 'employment_exit_processed');
    expect(processed.map((x) => [x[0], x[2]])).toEqual([
      [67, 'bob#1'],
      [67, 'cat#1'],
      [67, 'dan#1'],
    ]);
  });
});

describe('absences over the 7-day window', () => {
  it('counts absences of the day and the six days before it', () => {
    const e = createEmployment(1);
    recordAbsence(e, 1, 0);
    recordAbsence(e, 1, 3);
    recordAbsence(e, 1, 3); // one bit a day
    expect(absencesInWindow(e, 1, 3)).toBe(2);
    expect([6, 7, 9, 10, 40].map((day) => absencesInWindow(e, 1, day))).toEqual([2, 1, 1, 0, 0]);
    recordAbsence(e, 1, 40);
    expect(absencesInWindow(e, 1, 40)).toBe(1);
  });
});
