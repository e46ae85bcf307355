import { sharedFloat32, sharedFloat64, sharedInt16, sharedInt32, sharedUint32, sharedUint8 } from './shared-arrays.js';

/**
 * Each agent's job and shift record, indexed by agent entity id. `job` (index into the config's jobs, -1 = none)
 * and `workplace` (object row, -1 = none) are set at spawn; the rest is written by the employment system
 * (tick phase 9, docs/EMPLOYMENT.md) and starts clean with every new life. `attendanceWindow` shift samples are
 * kept per agent (employment.attendance_window).
 */
export function createEmployment(capacity: number, attendanceWindow = 1) {
  const n = capacity + 1;
  const employment = {
    job: sharedInt16(n),
    workplace: sharedInt32(n),
    /** Shift state code (ShiftState in src/employment/shift-states.ts). */
    shiftState: sharedUint8(n),
    /** Shift flag bits (SHIFT_OPEN, EVER_ON_TIME, LATE_TAKEN, ABSENT_TAKEN). */
    shiftFlags: sharedUint8(n),
    /** Tick the current or last shift began (-1 = none yet). */
    shiftStart: sharedInt32(n),
    /** Last tick of the current shift the agent was at work (-1 = not yet). */
    lastPresent: sharedInt32(n),
    /** Ticks on time at work in the current or last shift. */
    onTimeTicks: sharedInt32(n),
    /** Ticks in the late state in the current or last shift. */
    lateTicks: sharedInt32(n),
    /** Late ticks and withheld wages since the day began. */
    lateTicksToday: sharedInt32(n),
    withheldToday: sharedFloat64(n),
    /** Mean of the last attendance samples (on-time ticks ÷ scheduled ticks of a shift). */
    attendance: sharedFloat32(n),
    /** Ring of the last `attendanceWindow` samples: agent eid owns [eid·window, (eid+1)·window). */
    attendanceSamples: sharedFloat32(n * attendanceWindow),
    /** Samples in the ring (≤ window) and the ring slot written next. */
    attendanceCount: sharedUint8(n),
    attendanceNext: sharedUint8(n),
    /** Absent shifts by day: bit i = an absence on day `absenceDay` − i. */
    absenceMask: sharedUint32(n),
    absenceDay: sharedInt32(n),
    /** Life number (life.life) this record belongs to: a mismatch means a new life, whose record is reset. */
    lifeSeen: sharedUint32(n),
  };
  employment.job.fill(-1);
  employment.workplace.fill(-1);
  employment.shiftStart.fill(-1);
  employment.lastPresent.fill(-1);
  return employment;
}
export type Employment = ReturnType<typeof createEmployment>;
