import { EventKind } from '../core/event-kinds.js';
import type { ShardState } from '../core/shard-state.js';
import {
  TOTAL_ABSENT_SHIFTS,
  TOTAL_LATE_SHIFTS,
  TOTAL_PENALTIES,
  TOTAL_SHIFTS,
  TOTAL_WAGES,
  TOTAL_WAGES_WITHHELD,
} from '../core/totals.js';
import { absencesInWindow, recordAbsence } from './absences.js';
import { ABSENT_TAKEN, EVER_ON_TIME, LATE_TAKEN, SHIFT_OPEN, ShiftState } from './shift-states.js';

/**
 * One tick of agent `eid`'s shift state machine for job `j` (docs/EMPLOYMENT.md). Reads: the job table, the
 * agent's position, life.bornTick, economy.wages, config employment. Writes: the agent's employment record,
 * wallet, totals, events (job_late, job_absent, shift_complete). Allocation-free.
 */
export function updateShift(s: ShardState, eid: number, j: number, tick: number): void {
  const e = s.employment;
  const jobs = s.jobs;
  const tod = tick % s.config.ticks_per_day;
  const start = jobs.start[j]!;
  const startAbs = tick - tod + start;
  const inWindow = tod >= start && tod <= jobs.end[j]!;
  const open = (e.shiftFlags[eid]! & SHIFT_OPEN) !== 0;
  // A shift closes on the first tick after its window (or when the next one starts back to back).
  if (open && (!inWindow || e.shiftStart[eid] !== startAbs)) finishShift(s, eid, j);
  if (inWindow) {
    if (e.shiftStart[eid] !== startAbs) {
      // A life that began after the shift started joins tomorrow's shift.
      if (s.life.bornTick[eid]! > startAbs) return;
      beginShift(s, eid, startAbs);
    }
    if ((e.shiftFlags[eid]! & SHIFT_OPEN) !== 0) workTick(s, eid, j, tick, tick - startAbs);
    return;
  }
  if (tod < start) {
    const soon = tod >= start - s.config.behavior.job_arrival_buffer;
    e.shiftState[eid] = soon ? ShiftState.awaitStart : ShiftState.preShift;
  }
}

function beginShift(s: ShardState, eid: number, startAbs: number): void {
  const e = s.employment;
  e.shiftStart[eid] = startAbs;
  e.shiftFlags[eid] = SHIFT_OPEN;
  e.lastPresent[eid] = -1;
  e.onTimeTicks[eid] = 0;
  e.lateTicks[eid] = 0;
  s.totals.values[TOTAL_SHIFTS]! += 1;
}

/** The state and its money for one tick `since` ticks after the shift began. */
function workTick(s: ShardState, eid: number, j: number, tick: number, since: number): void {
  const e = s.employment;
  const cfg = s.config.employment;
  const t = s.positions.y[eid]! * s.grid.width + s.positions.x[eid]!;
  const wage = s.economy.wages[j]!;
  const flags = e.shiftFlags[eid]!;
  if (s.jobs.fields[j]![t] === 0) {
    e.lastPresent[eid] = tick;
    if ((flags & EVER_ON_TIME) !== 0 || since <= cfg.grace_ticks) {
      e.shiftState[eid] = ShiftState.onTime;
      e.shiftFlags[eid] = flags | EVER_ON_TIME;
      e.onTimeTicks[eid]! += 1;
    } else {
      lateTick(s, eid, j, since);
    }
    s.wallets.balance[eid]! += wage;
    s.totals.values[TOTAL_WAGES]! += wage;
    return;
  }
  const present = e.lastPresent[eid]! >= 0;
  if (!present && since <= cfg.grace_ticks) {
    // Still within the grace period: not late yet.
    e.shiftState[eid] = ShiftState.awaitStart;
    return;
  }
  s.totals.values[TOTAL_WAGES_WITHHELD]! += wage;
  e.withheldToday[eid]! += wage;
  const gone = present ? tick - e.lastPresent[eid]! > cfg.absence_slack : since > cfg.absent_cutoff;
  if (gone) {
    absentTick(s, eid, j);
    return;
  }
  lateTick(s, eid, j, since);
  takePenalty(s, eid, cfg.late_tick_penalty);
}

/** The late state; the first late tick of a shift that was never on time costs the job's lateness penalty. */
function lateTick(s: ShardState, eid: number, j: number, since: number): void {
  const e = s.employment;
  e.shiftState[eid] = ShiftState.late;
  e.lateTicks[eid]! += 1;
  e.lateTicksToday[eid]! += 1;
  const flags = e.shiftFlags[eid]!;
  if ((flags & (EVER_ON_TIME | LATE_TAKEN)) !== 0) return;
  e.shiftFlags[eid] = flags | LATE_TAKEN;
  takePenalty(s, eid, s.jobs.latenessPenalty[j]!);
  s.totals.values[TOTAL_LATE_SHIFTS]! += 1;
  s.events.emit(EventKind.job_late, eid, workplaceObject(s, eid), j, since);
}

/** The absent state; the first absent tick of a shift costs absence_penalty and records the absence. */
function absentTick(s: ShardState, eid: number, j: number): void {
  const e = s.employment;
  e.shiftState[eid] = ShiftState.absent;
  const flags = e.shiftFlags[eid]!;
  if ((flags & ABSENT_TAKEN) !== 0) return;
  e.shiftFlags[eid] = flags | ABSENT_TAKEN;
  takePenalty(s, eid, s.config.employment.absence_penalty);
  s.totals.values[TOTAL_ABSENT_SHIFTS]! += 1;
  const day = Math.floor(e.shiftStart[eid]! / s.config.ticks_per_day);
  recordAbsence(e, eid, day);
  s.events.emit(EventKind.job_absent, eid, workplaceObject(s, eid), j, absencesInWindow(e, eid, day));
}

/** Closes the shift: attendance sample = on-time ticks ÷ scheduled ticks into the ring, ratio = ring mean. */
function finishShift(s: ShardState, eid: number, j: number): void {
  const e = s.employment;
  const scheduled = s.jobs.end[j]! - s.jobs.start[j]! + 1;
  const sample = e.onTimeTicks[eid]! / scheduled;
  const window = s.config.employment.attendance_window;
  const base = eid * window;
  e.attendanceSamples[base + e.attendanceNext[eid]!] = sample;
  e.attendanceNext[eid] = (e.attendanceNext[eid]! + 1) % window;
  if (e.attendanceCount[eid]! < window) e.attendanceCount[eid]! += 1;
  const count = e.attendanceCount[eid]!;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += e.attendanceSamples[base + i]!;
  e.attendance[eid] = sum / count;
  e.shiftFlags[eid] = 0;
  e.shiftState[eid] = ShiftState.postShift;
  s.events.emit(EventKind.shift_complete, eid, workplaceObject(s, eid), j, sample);
}

/** Takes up to `amount` from the wallet (never below 0) and counts what was taken as a penalty. */
function takePenalty(s: ShardState, eid: number, amount: number): void {
  const balance = s.wallets.balance[eid]!;
  const taken = Math.max(0, Math.min(balance, amount));
  s.wallets.balance[eid] = balance - taken;
  s.totals.values[TOTAL_PENALTIES]! += taken;
}

/** The agent's workplace as an event object column (row + 1, 0 = none). */
function workplaceObject(s: ShardState, eid: number): number {
  return s.employment.workplace[eid]! + 1;
}
