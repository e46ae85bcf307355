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
/** Length of the totals array. */
export const TOTALS_LENGTH = TOTAL_INVALID_ACTIONS + 1;
