import { sharedInt16, sharedInt32 } from './shared-arrays.js';

/** Each agent's job (index into the config's jobs, -1 = none) and workplace object row (-1 = none). Set at spawn. */
export function createEmployment(capacity: number) {
  const employment = { job: sharedInt16(capacity + 1), workplace: sharedInt32(capacity + 1) };
  employment.job.fill(-1);
  employment.workplace.fill(-1);
  return employment;
}
export type Employment = ReturnType<typeof createEmployment>;
