import type { Personality } from '../../components/personality.js';
import { PROFILES } from './profiles.js';

/** Copies profile `code`'s values into agent `eid`'s personality row. */
export function applyProfile(p: Personality, eid: number, code: number): void {
  const profile = PROFILES[code]!;
  p.profile[eid] = code;
  p.extroversion[eid] = profile.extroversion;
  p.forgiveness[eid] = profile.forgiveness;
  p.ambition[eid] = profile.ambition;
  p.hungerDecay[eid] = profile.hungerDecay;
  p.hygieneDecay[eid] = profile.hygieneDecay;
  p.energyDecay[eid] = profile.energyDecay;
  p.chatPreference[eid] = profile.chatPreference;
  p.workAffinity[eid] = profile.workAffinity;
  p.conflictTolerance[eid] = profile.conflictTolerance;
}
