import { sharedFloat32 } from './shared-arrays.js';

/** Agent needs in [0, 1] (1 = satisfied), indexed by agent entity id. Written by needs decay, affordances, respawn. */
export function createNeeds(capacity: number) {
  return {
    hunger: sharedFloat32(capacity + 1),
    hygiene: sharedFloat32(capacity + 1),
    energy: sharedFloat32(capacity + 1),
  };
}
export type Needs = ReturnType<typeof createNeeds>;
