import type { ShardState } from '../src/core/shard-state.js';
import {
  dropEndedLives,
  executeApprovals,
  executeDueExits,
  queueIfDue,
  reportDeferrals,
} from '../src/employment/exit-loop.js';
import { Q_DAY, Q_EXITS_TODAY, Q_LENGTH } from '../src/employment/exit-queue.js';
import { resetEmployment } from '../src/employment/reset.js';
import { updateShift } from '../src/employment/shift.js';

/**
 * Employment (tick phase 9, before the economy): shifts, wages and the employment exit loop (docs/EMPLOYMENT.md).
 * Reads: employment, positions, life, the job table, economy.wages, config employment / behavior / ticks_per_day.
 * Writes: employment records, wallets, totals (shifts, wages, penalties), the exit queue, events; exits agents
 * through exitAgent (life, activity, queues, respawn tickets).
 *
 * Order: day change (exits today and today's lateness reset); queue members whose life ended leave; with
 * enforce_job_loop, (1) API approvals exit; then per live agent in entity order: a new life's record is reset,
 * the shift state machine runs (always), and (2) with enforce_job_loop the agent is queued if its absences are
 * due; then (3) exits pending exit_review_window ticks and (4) exits under the daily cap.
 */
export function employmentSystem(s: ShardState, tick: number): void {
  const day = Math.floor(tick / s.config.ticks_per_day);
  const meta = s.exitQueue.meta;
  if (meta[Q_DAY] !== day) startDay(s, day);
  if (meta[Q_LENGTH]! > 0) dropEndedLives(s);
  reportDeferrals(s);
  const enforce = s.config.employment.enforce_job_loop;
  if (enforce) executeApprovals(s, tick);
  const { job, absenceMask, lifeSeen } = s.employment;
  const lives = s.life.life;
  const ids = s.live.ids(s.life.alive);
  for (let i = 0; i < ids.length; i++) {
    const eid = ids[i]!;
    if (lifeSeen[eid] !== lives[eid]) resetEmployment(s, eid);
    const j = job[eid]!;
    if (j < 0) continue;
    updateShift(s, eid, j, tick);
    if (enforce && absenceMask[eid] !== 0) queueIfDue(s, eid, tick, day);
  }
  if (enforce) executeDueExits(s, tick);
}

/** A new day: no employment exits yet, and the day's lateness and withheld wages start from zero. */
function startDay(s: ShardState, day: number): void {
  s.exitQueue.meta[Q_DAY] = day;
  s.exitQueue.meta[Q_EXITS_TODAY] = 0;
  s.employment.lateTicksToday.fill(0);
  s.employment.withheldToday.fill(0);
}
