import { sharedFloat32, sharedInt32, sharedUint8 } from '../../components/shared-arrays.js';

/**
 * The batched tensors a trainer reads, one row per agent slot (row = entity id − 1), preallocated once on
 * SharedArrayBuffers: a step writes them in place, and workers and trainers read the same memory (no copies).
 */
export function createTensorBuffers(capacity: number, obsDim: number, nActions: number) {
  return {
    capacity,
    obsDim,
    nActions,
    /** [capacity × obsDim]: map channels flattened first (channel, row, column), then the feature vector. */
    observations: sharedFloat32(capacity * obsDim),
    /** [capacity × nActions]: 1 where the world would accept the action this tick. */
    masks: sharedUint8(capacity * nActions),
    /** [capacity]: this tick's reward (clipped). */
    rewards: sharedFloat32(capacity),
    /** [capacity]: 1 when the agent's life ended this tick (faint, eviction). */
    terminations: sharedUint8(capacity),
    /** [capacity]: 1 when the episode was cut (its end) while the agent lived. */
    truncations: sharedUint8(capacity),
    /** [capacity]: 1 while a life occupies the slot. */
    alive: sharedUint8(capacity),
    /** [capacity]: the numeric id of the slot's current (or last) life; a dead id never comes back. */
    agentId: sharedInt32(capacity),
  };
}
export type TensorBuffers = ReturnType<typeof createTensorBuffers>;
