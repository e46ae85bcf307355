import { sharedInt16, sharedInt32 } from './shared-arrays.js';

/** Each agent's job (index into the config's jobs, -1 = none) and workplace object row (-1 = none). Set at spawn. */
export function createEmployment(capacity: number) {
  return { job: sharedInt16(capacity + 1), workplace: sharedInt32(capacity + 1) };
}
export type Employment = ReturnType<typeof createEmployment>;
