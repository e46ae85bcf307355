import { checkStall } from '../src/affordances/queue-ops.js';
import type { ShardState } from '../src/core/shard-state.js';

/**
 * Queues and reservations (tick phase 6): the ghost-step deadlock breaker. Reads: reservations, queues,
 * activity. Writes: reservations, queues, events (queue_conflict, queue_handover).
 * An idle holder with agents waiting loses the object after queue_fairness.ghost_step_after ticks;
 * a holder that is using the object keeps it (docs/QUEUES.md).
 */
export function queueSystem(s: ShardState, tick: number): void {
  const { length, stall } = s.queues;
  for (let object = 0; object < length.length; object++) {
    if (length[object] !== 0 || stall[object] !== 0) checkStall(s, object, tick);
  }
}
