/**
 * The built-in personality profiles (reference §2.14): trait values, need-decay multipliers, behaviour biases
 * and reward biases. Profile codes are the indices of PROFILE_NAMES; they are stored per agent.
 */
export const PROFILE_NAMES = ['balanced', 'socialite', 'industrious', 'stoic'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** What a profile sets on an agent. Multipliers and biases are 1 unless a profile says otherwise. */
export interface Profile {
  /** Traits in [-1, 1]. */
  readonly extroversion: number;
  readonly forgiveness: number;
  readonly ambition: number;
  /** Multipliers of the need decay rates. */
  readonly hungerDecay: number;
  readonly hygieneDecay: number;
  readonly energyDecay: number;
  /** Behaviour biases of the scripted policy: chat frequency, early arrival at work, rivalry taken from conflicts. */
  readonly chatPreference: number;
  readonly workAffinity: number;
  readonly conflictTolerance: number;
  /** Reward biases (the reward engine of the tensors issue reads them). */
  readonly socialReward: number;
  readonly employmentReward: number;
  readonly survivalReward: number;
}

const NEUTRAL: Profile = {
  extroversion: 0,
  forgiveness: 0,
  ambition: 0,
  hungerDecay: 1,
  hygieneDecay: 1,
  energyDecay: 1,
  chatPreference: 1,
  workAffinity: 1,
  conflictTolerance: 1,
  socialReward: 1,
  employmentReward: 1,
  survivalReward: 1,
};

/** Profiles by code (same order as PROFILE_NAMES). */
export const PROFILES: readonly Profile[] = [
  NEUTRAL,
  {
    ...NEUTRAL,
    extroversion: 0.6,
    forgiveness: 0.1,
    ambition: -0.1,
    hygieneDecay: 1.1,
    chatPreference: 1.3,
    socialReward: 1.2,
  },
  {
    ...NEUTRAL,
    extroversion: -0.2,
    forgiveness: -0.1,
    ambition: 0.5,
    energyDecay: 0.9,
    workAffinity: 1.4,
    employmentReward: 1.25,
  },
  {
    ...NEUTRAL,
    extroversion: -0.3,
    forgiveness: 0.5,
    ambition: -0.2,
    hungerDecay: 0.95,
    conflictTolerance: 0.6,
    survivalReward: 1.1,
  },
];

/** Code of a profile name (-1 when unknown). */
export function profileCode(name: string): number {
  return (PROFILE_NAMES as readonly string[]).indexOf(name);
}
