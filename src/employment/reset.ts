import type { ShardState } from '../core/shard-state.js';
import { ShiftState } from './shift-states.js';

/**
 * Starts agent `eid`'s employment record afresh for its current life (a replacement in the slot): no shift,
 * no attendance, no absences, no deferral or approval. Job and workplace are the spawn's. Writes employment
 * and exitQueue.deferUntil / approved; sets lifeSeen to life.life so it runs once per life.
 */
export function resetEmployment(s: ShardState, eid: number): void {
  const e = s.employment;
  e.shiftState[eid] = ShiftState.preShift;
  e.shiftFlags[eid] = 0;
  e.shiftStart[eid] = -1;
  e.lastPresent[eid] = -1;
  e.onTimeTicks[eid] = 0;
  e.lateTicks[eid] = 0;
  e.lateTicksToday[eid] = 0;
  e.withheldToday[eid] = 0;
  e.attendance[eid] = 0;
  e.attendanceCount[eid] = 0;
  e.attendanceNext[eid] = 0;
  e.absenceMask[eid] = 0;
  e.absenceDay[eid] = 0;
  e.lifeSeen[eid] = s.life.life[eid]!;
  s.exitQueue.deferUntil[eid] = 0;
  s.exitQueue.approved[eid] = 0;
}
