import { sharedInt16, sharedInt32 } from './shared-arrays.js';

/** Where each agent lives (its spawn tile and nightly destination), indexed by agent entity id. Set at spawn. */
export function createHomes(capacity: number) {
  return { x: sharedInt16(capacity + 1), y: sharedInt16(capacity + 1), building: sharedInt32(capacity + 1) };
}
export type Homes = ReturnType<typeof createHomes>;
