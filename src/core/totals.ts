import { EXIT_REASONS } from './event-kinds.js';

/** Slots of ShardTotals.values. */
export const TOTAL_TICKS = 0;
/** Live agent-ticks since start (an agent alive during a tick counts once). */
export const TOTAL_AGENT_STEPS = 1;
/** Exits of reason code c are at TOTAL_EXITS_BASE + c (codes start at 1). */
export const TOTAL_EXITS_BASE = 1;
/** Respawn tickets waiting (lets the respawn system skip its scan on the many ticks with none). */
export const TOTAL_PENDING_RESPAWNS = TOTAL_EXITS_BASE + EXIT_REASONS.length + 1;
/** Actions that were invalid and became no-ops. */
export const TOTAL_INVALID_ACTIONS = TOTAL_PENDING_RESPAWNS + 1;
/** Wages paid into wallets. */
export const TOTAL_WAGES = TOTAL_INVALID_ACTIONS + 1;
/** Money spent on food and services (prices and negative money effects of affordances). */
export const TOTAL_SPENT = TOTAL_WAGES + 1;
/** Lateness and absence penalties taken from wallets. */
export const TOTAL_PENALTIES = TOTAL_SPENT + 1;
/** Wages withheld for ticks away from work during a shift. */
export const TOTAL_WAGES_WITHHELD = TOTAL_PENALTIES + 1;
/** Shifts that began (an employed agent alive at its shift's start). */
export const TOTAL_SHIFTS = TOTAL_WAGES_WITHHELD + 1;
/** Shifts that began late, and shifts counted absent. */
export const TOTAL_LATE_SHIFTS = TOTAL_SHIFTS + 1;
export const TOTAL_ABSENT_SHIFTS = TOTAL_LATE_SHIFTS + 1;
/** Starvation incidents (stability.starvation). */
export const TOTAL_STARVATION_INCIDENTS = TOTAL_ABSENT_SHIFTS + 1;
/** Agent-days counted for the KPIs, and those with no exit and no starvation incident. */
export const TOTAL_AGENT_DAYS = TOTAL_STARVATION_INCIDENTS + 1;
export const TOTAL_AGENT_DAYS_SELF_SUFFICIENT = TOTAL_AGENT_DAYS + 1;
/** Lives that ended in the run, and their summed length in ticks (for tenure). */
export const TOTAL_ENDED_LIVES = TOTAL_AGENT_DAYS_SELF_SUFFICIENT + 1;
export const TOTAL_ENDED_LIFE_TICKS = TOTAL_ENDED_LIVES + 1;
/** Length of the totals array. */
export const TOTALS_LENGTH = TOTAL_ENDED_LIFE_TICKS + 1;
