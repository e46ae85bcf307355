import { sharedInt16, sharedInt32 } from './shared-arrays.js';

/**
 * What the scripted policy remembers between ticks, indexed by agent entity id. Only the scripted policy
 * reads or writes it; a learned policy keeps its own memory.
 */
export function createPolicyMemory(capacity: number) {
  const n = capacity + 1;
  const memory = {
    /** Affordance the agent is committed to (walking to, queueing for or running; -1 = none). */
    intent: sharedInt16(n),
    /** Affordance that failed last (-1 = none) and the tick before which it is not tried again. */
    blocked: sharedInt16(n),
    blockedUntil: sharedInt32(n),
  };
  memory.intent.fill(-1);
  memory.blocked.fill(-1);
  return memory;
}
export type PolicyMemory = ReturnType<typeof createPolicyMemory>;
