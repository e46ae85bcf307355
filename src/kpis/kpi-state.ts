import { sharedInt32, sharedUint8, sharedUint16 } from '../../components/shared-arrays.js';

/**
 * What the KPI system tracks per agent slot (indexed by entity id) to count agent-days and starvation
 * incidents; the run-wide sums live in ShardTotals. docs/KPIS.md defines each KPI.
 */
export function createKpiState(capacity: number) {
  const n = capacity + 1;
  return {
    /** Consecutive ticks the agent's hunger has been at or below the starvation threshold. */
    starvingFor: sharedUint16(n),
    /** 1 when a life occupied the slot at some point of the current day. */
    dayLived: sharedUint8(n),
    /** 1 when the slot had an exit or a starvation incident during the current day. */
    dayFailed: sharedUint8(n),
    /** [0] = first tick this shard simulated (0 = none yet): days that began before it are not counted. */
    runStart: sharedInt32(1),
  };
}
export type KpiState = ReturnType<typeof createKpiState>;
