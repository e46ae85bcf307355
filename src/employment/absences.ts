import type { Employment } from '../../components/employment.js';
import { ABSENCE_WINDOW_DAYS } from './shift-states.js';

const WINDOW_BITS = (1 << ABSENCE_WINDOW_DAYS) - 1;

/**
 * Records an absent shift of agent `eid` on day `day` (writes employment.absenceMask / absenceDay).
 * The mask is re-based on `day` (bit 0 = that day), so older days slide up and fall off after 32 days.
 */
export function recordAbsence(e: Employment, eid: number, day: number): void {
  e.absenceMask[eid] = (rebased(e, eid, day) | 1) >>> 0;
  e.absenceDay[eid] = day;
}

/**
 * Absent shifts of agent `eid` on day `day` and the ABSENCE_WINDOW_DAYS − 1 days before it (reads the mask).
 * Allocation-free: a shift and a bit count.
 */
export function absencesInWindow(e: Employment, eid: number, day: number): number {
  let bits = rebased(e, eid, day) & WINDOW_BITS;
  let count = 0;
  while (bits !== 0) {
    bits &= bits - 1;
    count++;
  }
  return count;
}

/** Forgets agent `eid`'s absences. */
export function clearAbsences(e: Employment, eid: number): void {
  e.absenceMask[eid] = 0;
}

/** The mask with bit 0 = day `day` (days after the last record are empty). */
function rebased(e: Employment, eid: number, day: number): number {
  const shift = day - e.absenceDay[eid]!;
  if (shift >= 32) return 0;
  // A day earlier than the last record cannot happen (days only move forward); treat it as the same day.
  return shift <= 0 ? e.absenceMask[eid]! : (e.absenceMask[eid]! << shift) >>> 0;
}
