import { sharedInt16 } from './shared-arrays.js';

/** Agent tile positions, indexed by agent entity id (1..capacity). Written by movement, spawn and respawn. */
export function createPositions(capacity: number) {
  return { x: sharedInt16(capacity + 1), y: sharedInt16(capacity + 1) };
}
export type Positions = ReturnType<typeof createPositions>;
