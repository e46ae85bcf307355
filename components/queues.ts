import { sharedInt32, sharedUint32 } from './shared-arrays.js';

/**
 * Waiting lines of exclusive objects. Each object keeps an intrusive doubly linked list of waiting agents in
 * the order they joined; an agent waits for at most one object, so the links live per agent. The holder of an
 * object is in components/reservations.ts. Written by the queue operations (src/affordances/queue-ops.ts).
 */
export function createQueues(capacity: number, objectCount: number) {
  const n = capacity + 1;
  const queues = {
    /** Per object: first and last waiting agent (entity id, 0 = none) and the number waiting. */
    head: sharedUint32(objectCount),
    tail: sharedUint32(objectCount),
    length: sharedInt32(objectCount),
    /** Per object: consecutive ticks the holder sat idle while others waited (the ghost-step counter). */
    stall: sharedInt32(objectCount),
    /** Per agent: object row it holds (-1 = none); the holder per object is in reservations. */
    holds: sharedInt32(n),
    /** Per agent: object row it waits for (-1 = none), and since when. */
    waitingFor: sharedInt32(n),
    joinedTick: sharedInt32(n),
    /** Per agent: neighbours in its object's waiting line (0 = none). */
    next: sharedUint32(n),
    prev: sharedUint32(n),
    /** Per agent: the object it last used successfully (-1 = none) and the tick it may request it again. */
    cooldownObject: sharedInt32(n),
    cooldownUntil: sharedInt32(n),
  };
  queues.holds.fill(-1);
  queues.waitingFor.fill(-1);
  queues.cooldownObject.fill(-1);
  return queues;
}
export type Queues = ReturnType<typeof createQueues>;
