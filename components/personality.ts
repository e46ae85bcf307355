import { sharedFloat32, sharedUint8 } from './shared-arrays.js';

/**
 * Each agent's personality, indexed by agent entity id: its profile code (src/personality/profiles.ts) and the
 * profile's values copied per agent, so hot loops read one array instead of a table lookup. Set at spawn.
 */
export function createPersonality(capacity: number) {
  const n = capacity + 1;
  const personality = {
    /** Profile code (index into PROFILE_NAMES). */
    profile: sharedUint8(n),
    extroversion: sharedFloat32(n),
    forgiveness: sharedFloat32(n),
    ambition: sharedFloat32(n),
    /** Need-decay multipliers. */
    hungerDecay: sharedFloat32(n),
    hygieneDecay: sharedFloat32(n),
    energyDecay: sharedFloat32(n),
    /** Scripted-policy biases. */
    chatPreference: sharedFloat32(n),
    workAffinity: sharedFloat32(n),
    conflictTolerance: sharedFloat32(n),
  };
  for (const key of [
    'hungerDecay',
    'hygieneDecay',
    'energyDecay',
    'chatPreference',
    'workAffinity',
    'conflictTolerance',
  ] as const) {
    personality[key].fill(1);
  }
  return personality;
}
export type Personality = ReturnType<typeof createPersonality>;
