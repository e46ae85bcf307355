import { sharedInt32, sharedUint32 } from './shared-arrays.js';

/**
 * One reservation entity per object (pooled like agents), indexed by object row: who holds the object and since
 * when. The queue system writes it; affordances and observations read it.
 */
export function createReservations(count: number) {
  const reservations = {
    /** Agent entity id holding the reservation (0 = free). */
    holder: sharedUint32(count),
    /** Tick the holder was granted the object (-1 = free). */
    since: sharedInt32(count),
  };
  reservations.since.fill(-1);
  return reservations;
}
export type Reservations = ReturnType<typeof createReservations>;
