import { sharedInt16, sharedInt32 } from './shared-arrays.js';

/**
 * The affordance each agent is running, indexed by agent entity id. An agent runs at most one affordance at a
 * time. Written by the action system (start) and the affordance system (finish, fail); read by the policy.
 */
export function createActivity(capacity: number) {
  const n = capacity + 1;
  const activity = {
    /** Affordance index in the manifest in force (-1 = idle). */
    affordance: sharedInt16(n),
    /** Object row the affordance runs on (-1 = idle). */
    object: sharedInt32(n),
    /** Tick the affordance started. */
    startTick: sharedInt32(n),
    /** Tick in whose affordance phase it completes: start + duration − 1. */
    endTick: sharedInt32(n),
  };
  activity.affordance.fill(-1);
  activity.object.fill(-1);
  return activity;
}
export type Activity = ReturnType<typeof createActivity>;
