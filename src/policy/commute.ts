import { Action } from '../actions/action-space.js';
import type { ShardState } from '../core/shard-state.js';
import { stepDown, UNREACHABLE } from '../world/tile-field.js';
import { arrived, recordMove, stepBack, TrailFor } from './commute-trail.js';

// Not the global `Infinity`: optimized code boxes a double merged with it (docs/PERFORMANCE.md, "Garbage per tick").
const INF = Infinity;

/**
 * The scripted policy's work decision for agent `eid` at `tick`: -1 when employment.scripted_commute is off,
 * the agent has no job, its work is unreachable or it is neither commute, shift nor way-home time; else the
 * move one step down its job's work field, noop once at work, and after the shift the way back along the trail
 * it walked to work (src/policy/commute-trail.ts), so it meets its needs at home rather than at whatever is
 * nearest to its workplace. Commute time starts at tick of day start − job_arrival_buffer × workAffinity −
 * (distance to work now), so an agent walking one step a tick arrives that many ticks before its shift (an
 * affinity above 1 leaves earlier). Reads employment.job, positions, the job table, personality; writes the
 * policy's trail. Allocation-free, O(1).
 */
export function workAction(s: ShardState, eid: number, tick: number): number {
  const j = s.employment.job[eid]!;
  if (j < 0 || !s.config.employment.scripted_commute) return -1;
  const width = s.grid.width;
  const t = s.positions.y[eid]! * width + s.positions.x[eid]!;
  const tod = tick % s.config.ticks_per_day;
  if (tod > s.jobs.end[j]!) return stepBack(s.policyMemory, eid, t, width, TrailFor.work);
  const field = s.jobs.fields[j]!;
  const d = field[t]!;
  if (d === UNREACHABLE || tod < s.jobs.start[j]! - lead(s, eid) - d) return -1;
  if (d === 0) {
    arrived(s.policyMemory, eid, t, TrailFor.work);
    return Action.noop;
  }
  const act = stepDown(field, t, d, width);
  recordMove(s.policyMemory, eid, t, act, width, TrailFor.work);
  return act;
}

/**
 * True when agent `eid` must leave for its next shift within `window` ticks (it is not commuting yet): the
 * policy then tops its needs up so that it does not leave work hungry. False with scripted_commute off, no job
 * or unreachable work. Reads what workAction reads.
 */
export function shiftSoon(s: ShardState, eid: number, tick: number, window: number): boolean {
  const leave = leaveTick(s, eid, tick);
  return tick < leave && tick >= leave - window;
}

/**
 * True when an affordance started at `tick` that keeps agent `eid` busy for `ticks` (walk + duration) would
 * still run when the agent must leave for its next shift (its commute time, as in workAction): the agent
 * would be free only after tick + ticks. False with scripted_commute off, no job or unreachable work.
 * Reads what workAction reads.
 */
export function wouldMakeLate(s: ShardState, eid: number, tick: number, ticks: number): boolean {
  return tick + ticks > leaveTick(s, eid, tick);
}

/**
 * The tick agent `eid` must leave (from where it stands) for its next shift: today's unless it has ended, then
 * tomorrow's. Infinity with scripted_commute off, no job or unreachable work.
 */
function leaveTick(s: ShardState, eid: number, tick: number): number {
  const j = s.employment.job[eid]!;
  if (j < 0 || !s.config.employment.scripted_commute) return INF;
  const d = s.jobs.fields[j]![s.positions.y[eid]! * s.grid.width + s.positions.x[eid]!]!;
  if (d === UNREACHABLE) return INF;
  const tpd = s.config.ticks_per_day;
  const tod = tick % tpd;
  const shiftStart = tick - tod + s.jobs.start[j]! + (tod > s.jobs.end[j]! ? tpd : 0);
  return shiftStart - lead(s, eid) - d;
}

/** Ticks of slack the agent keeps before its shift: job_arrival_buffer × workAffinity. */
function lead(s: ShardState, eid: number): number {
  return s.config.behavior.job_arrival_buffer * s.personality.workAffinity[eid]!;
}
