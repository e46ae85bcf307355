/** Shift state names; the code of each is its index (0 = pre_shift, the state of a fresh record). */
export const SHIFT_STATES = ['pre_shift', 'await_start', 'on_time', 'late', 'absent', 'post_shift'] as const;
export type ShiftStateName = (typeof SHIFT_STATES)[number];

/** Shift state codes stored in employment.shiftState (docs/EMPLOYMENT.md has the state machine). */
export const ShiftState = {
  preShift: 0,
  awaitStart: 1,
  onTime: 2,
  late: 3,
  absent: 4,
  postShift: 5,
} as const;

/** employment.shiftFlags bits. A shift has begun and is not finished yet. */
export const SHIFT_OPEN = 1;
/** The agent was at work within the grace period: it counts as on time whenever it is at work. */
export const EVER_ON_TIME = 2;
/** The lateness penalty of this shift was taken (once per shift). */
export const LATE_TAKEN = 4;
/** The absence of this shift was counted (once per shift). */
export const ABSENT_TAKEN = 8;

/** Days over which absences count towards an employment exit. */
export const ABSENCE_WINDOW_DAYS = 7;
