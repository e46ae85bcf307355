import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard, type Shard } from '../src/core/shard.js';
import { EmploymentExitRoute } from '../src/employment/exit-loop.js';

const CONFIG = 'configs/scenarios/employment_punctuality.yaml';
const WAGE = 0.03125;
const SHIFT_TICKS = 61; // ticks 30..90 of each 200-tick day
/** One missed shift: lateness 0.25, 25 late ticks (grace 5 .. cutoff 30) at 0.0078125, absence 0.5. */
const MISSED_SHIFT = 0.25 + 25 * 0.0078125 + 0.5;

const KINDS = ['job_late', 'job_absent', 'employment_exit_pending', 'employment_exit_processed', 'employment_exit_deferred'];

/** Steps to `last`; returns [tick, kind, agent, other] of the employment events and dawn's wallet each day end. */
function play(shard: Shard, last: number) {
  const events: [number, string, string | null, number][] = [];
  const dawnWallet: number[] = [];
  while (shard.tick < last) {
    shard.step();
    for (const e of shard.eventRecords()) if (KINDS.includes(e.kind)) events.push([e.tick, e.kind, e.agent, e.other]);
    if (shard.tick % 200 === 199) dawnWallet.push(shard.state.wallets.balance[1]!);
  }
  return { events, dawnWallet };
}

describe('scenario employment_punctuality', () => {
  it('dawn is on time and paid every shift; erin and finn miss theirs and leave by the cap and the review', () => {
    const shard = createShard(loadConfigFile(CONFIG));
    const { events, dawnWallet } = play(shard, shard.state.config.run.ticks!);
    expect(dawnWallet).toEqual([1, 2, 3, 4, 5].map((days) => 1 + days * SHIFT_TICKS * WAGE));
    expect(shard.state.employment.attendance[1]).toBe(1);
    expect(events).toEqual([
      [36, 'job_late', 'erin', 0],
      [36, 'job_late', 'finn', 0],
      [61, 'job_absent', 'erin', 0],
      [61, 'job_absent', 'finn', 0],
      [236, 'job_late', 'erin', 0],
      [236, 'job_late', 'finn', 0],
      [261, 'job_absent', 'erin', 0],
      [261, 'employment_exit_pending', 'erin', 1],
      [261, 'job_absent', 'finn', 0],
      [261, 'employment_exit_pending', 'finn', 2],
      [261, 'employment_exit_processed', 'erin', EmploymentExitRoute.daily_cap], // daily_exit_cap 1
      [281, 'employment_exit_processed', 'finn', EmploymentExitRoute.auto_review], // exit_review_window 20
    ]);
    // Both were charged in full for two missed shifts (their wallets stay in their vacated slots).
    expect([shard.state.wallets.balance[2], shard.state.wallets.balance[3]]).toEqual([
      2 - 2 * MISSED_SHIFT,
      2 - 2 * MISSED_SHIFT,
    ]);
    expect(shard.counters().exits).toEqual({ faint: 0, eviction: 2, operator: 0 });
    expect(shard.counters().live_agents).toBe(1);
  });

  it('a pending exit deferred through the API comes back after the review window; approved, it exits next tick', () => {
    const shard = createShard(loadConfigFile(CONFIG));
    play(shard, 261);
    expect(shard.pendingEmploymentExits()).toEqual(['finn']);
    shard.deferEmploymentExit('finn');
    expect(shard.pendingEmploymentExits()).toEqual([]);
    expect(() => shard.approveEmploymentExit('finn')).toThrow(/not pending/);
    const { events } = play(shard, 281);
    expect(events.filter((e) => e[1].startsWith('employment'))).toEqual([
      [262, 'employment_exit_deferred', 'finn', 0],
      [281, 'employment_exit_pending', 'finn', 1], // deferred until 261 + 20; erin used today's cap
    ]);
    shard.approveEmploymentExit('finn');
    expect(play(shard, 282).events).toEqual([
      [282, 'employment_exit_processed', 'finn', EmploymentExitRoute.manual],
    ]);
    expect(shard.counters().exits.eviction).toBe(2);
  });
});
