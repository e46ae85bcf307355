import { Action } from '../actions/action-space.js';
import type { ShardState } from '../core/shard-state.js';
import { UNREACHABLE } from '../world/distance-fields.js';

/**
 * The scripted policy's work decision for agent `eid` at `tick`: -1 when employment.scripted_commute is off,
 * the agent has no job, its work is unreachable or it is not commute or shift time; else the move one step
 * down its job's work field, or noop once at work.
 * Commute time starts at tick of day start − job_arrival_buffer × workAffinity − (distance to work now), so an
 * agent walking one step a tick arrives that many ticks before its shift (an affinity above 1 leaves earlier);
 * it stays at work until the shift's end tick. Reads employment.job, positions, the job table, personality.
 * Allocation-free, O(1).
 */
export function workAction(s: ShardState, eid: number, tick: number): number {
  const j = s.employment.job[eid]!;
  if (j < 0 || !s.config.employment.scripted_commute) return -1;
  const width = s.grid.width;
  const t = s.positions.y[eid]! * width + s.positions.x[eid]!;
  const field = s.jobs.fields[j]!;
  const d = field[t]!;
  if (d === UNREACHABLE) return -1;
  const tod = tick % s.config.ticks_per_day;
  if (tod > s.jobs.end[j]! || tod < s.jobs.start[j]! - lead(s, eid) - d) return -1;
  return d === 0 ? Action.noop : stepDown(field, t, d, width);
}

/**
 * True when an affordance started at `tick` that keeps agent `eid` busy for `ticks` (walk + duration) would
 * still run when the agent must leave for its next shift (its commute time, as in workAction): the agent
 * would be free only after tick + ticks. False with scripted_commute off, no job or unreachable work.
 * Reads what workAction reads.
 */
export function wouldMakeLate(s: ShardState, eid: number, tick: number, ticks: number): boolean {
  const j = s.employment.job[eid]!;
  if (j < 0 || !s.config.employment.scripted_commute) return false;
  const d = s.jobs.fields[j]![s.positions.y[eid]! * s.grid.width + s.positions.x[eid]!]!;
  if (d === UNREACHABLE) return false;
  const tpd = s.config.ticks_per_day;
  const tod = tick % tpd;
  // The next shift: today's unless it has ended, then tomorrow's.
  const shiftStart = tick - tod + s.jobs.start[j]! + (tod > s.jobs.end[j]! ? tpd : 0);
  return tick + ticks > shiftStart - lead(s, eid) - d;
}

/** Ticks of slack the agent keeps before its shift: job_arrival_buffer × workAffinity. */
function lead(s: ShardState, eid: number): number {
  return s.config.behavior.job_arrival_buffer * s.personality.workAffinity[eid]!;
}

/** The move to a neighbour one step closer on a breadth-first field (north, south, east, west: the first). */
function stepDown(field: Int32Array, t: number, d: number, width: number): number {
  const x = t % width;
  if (t >= width && field[t - width]! < d) return Action.moveNorth;
  if (t + width < field.length && field[t + width]! < d) return Action.moveSouth;
  if (x + 1 < width && field[t + 1]! < d) return Action.moveEast;
  if (x > 0 && field[t - 1]! < d) return Action.moveWest;
  return Action.noop;
}
