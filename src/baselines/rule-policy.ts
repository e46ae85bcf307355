import { Action, USE_BASE } from '../actions/action-space.js';
import type { EnvStep } from '../env/town-env.js';
import { featureOffset, type ObservationSpec } from '../tensors/observation-spec.js';
import type { ObservationPolicy, PolicyContext } from './observation-policy.js';

/** What the rule knows besides the step: the layout, and which need each affordance serves (the manifest's effects). */
export interface RuleContext extends PolicyContext {
  readonly spec: ObservationSpec;
  /** Per affordance (action id − USE_BASE): the need it raises most (0 hunger, 1 hygiene, 2 energy; -1 none). */
  readonly affordanceNeed: Int8Array;
}

/** The rule's constants (docs/TRAINING.md): needs in [0, 1]; clock features in fractions of a day. */
export const RULE = {
  /** Below this a need comes before work. */
  critical: 0.15,
  /** Walk toward the most urgent need's object below this. */
  seek: 0.55,
  /** Raised seek threshold when the shift is near (leave for work fed). */
  seekBeforeShift: 0.75,
  /** "Near": the next shift starts within walk + this (≈ 240 ticks of a 1,440-tick day). */
  preShift: 240 / 1440,
  /** Use an adjacent object while its need is below this. */
  topUp: 0.8,
  /** No new use when the shift starts within walk + this (≈ 65 ticks: the longest use keeps one busy 60). */
  noUseBeforeShift: 65 / 1440,
  /** At work, stay while the shift is on or starts within this (≈ 72 ticks). */
  stayBeforeShift: 72 / 1440,
  /** Chat (when the mask allows) only with every need at or above this. */
  chatAbove: 0.5,
  /** Ticks of waiting beside an object that never opens before the rule walks off at random for a while. */
  patience: 20,
  wanderTicks: 24,
} as const;

/**
 * The reference rule policy (docs/TRAINING.md), reading only the observation row and the mask row of each slot
 * (plus its own small per-slot memory: how long it has waited): a critical need first; then work (stay at work
 * through the shift, follow the work hints); then use an adjacent object whose need is below `topUp`, follow the
 * path hint while the most urgent need is below `seek` (higher just before a shift); chat when the mask allows
 * and every need is fine; else noop. A running affordance is left to finish.
 */
export function rulePolicy(c: RuleContext): ObservationPolicy {
  const { spec, capacity, nActions, affordanceNeed, random } = c;
  const f = (name: string) => featureOffset(spec, name);
  const needAt = [f('need_hunger'), f('need_hygiene'), f('need_energy')];
  const busyAt = f('last_action_duration');
  const pathAt = f('path_hint_north');
  const workHintAt = f('work_hint_north');
  const atWorkAt = f('at_work');
  const startsAt = f('shift_starts_in');
  const endsAt = f('shift_ends_in');
  const distAt = f('work_dist');
  const hasJobAt = f('job_id_norm');
  // It reads features only: from the observations tensor, or the feature tensor with uint8 maps.
  const split = spec.mapDtype === 'uint8';
  const dim = split ? spec.obsDim - spec.mapSize : spec.obsDim;
  const shift = split ? -spec.mapSize : 0;
  const waited = new Int32Array(capacity);
  const wander = new Int32Array(capacity);
  const heading = new Int32Array(capacity);
  const needs = new Float64Array(3);

  const hint = (obs: Float32Array, at: number): number => {
    for (let d = 0; d < 4; d++) if (obs[at + d] === 1) return Action.moveNorth + d;
    return -1;
  };

  const decide = (obs: Float32Array, masks: Uint8Array, row: number): number => {
    const o = row * dim + shift;
    const m = row * nActions;
    if (obs[o + busyAt]! > 0) return Action.noop; // let the running affordance finish
    if (wander[row]! > 0) {
      // Walk off in one direction (a new one when blocked), so the hints may lead to another object.
      wander[row]! -= 1;
      if (masks[m + heading[row]!] !== 1) heading[row] = Action.moveNorth + Math.floor(random() * 4);
      return masks[m + heading[row]!] === 1 ? heading[row]! : Action.noop;
    }
    let urgent = 0;
    for (let n = 0; n < 3; n++) {
      needs[n] = obs[o + needAt[n]!]!;
      if (needs[n]! < needs[urgent]!) urgent = n;
    }
    const low = needs[urgent]!;
    const employed = obs[o + hasJobAt]! > 0;
    const onShift = obs[o + endsAt]! > 0;
    const leaveIn = obs[o + startsAt]! - obs[o + distAt]!; // day fraction until it must walk to work
    const critical = low < RULE.critical;
    if (!critical && employed) {
      if (obs[o + atWorkAt] === 1 && (onShift || obs[o + startsAt]! <= RULE.stayBeforeShift)) return Action.noop;
      const toWork = hint(obs, o + workHintAt);
      if (toWork > 0) return toWork;
    }
    const nearShift = employed && !onShift && leaveIn < RULE.preShift;
    const mayStart = critical || !employed || onShift || leaveIn > RULE.noUseBeforeShift;
    if (mayStart) {
      let best = -1;
      let bestNeed: number = RULE.topUp;
      for (let a = USE_BASE; a < nActions; a++) {
        if (masks[m + a] !== 1) continue;
        const n = affordanceNeed[a - USE_BASE]!;
        if (n >= 0 && needs[n]! < bestNeed) {
          best = a;
          bestNeed = needs[n]!;
        }
      }
      if (best >= 0) {
        waited[row] = 0;
        return best;
      }
    }
    if (low < (nearShift ? RULE.seekBeforeShift : RULE.seek)) {
      const toNeed = hint(obs, o + pathAt);
      if (toNeed > 0) {
        waited[row] = 0;
        return toNeed;
      }
      // Beside what it needs but the mask does not let it start: wait, and after a while try elsewhere.
      waited[row]! += 1;
      if (waited[row]! > RULE.patience) {
        waited[row] = 0;
        wander[row] = RULE.wanderTicks;
        heading[row] = Action.moveNorth + Math.floor(random() * 4);
      }
      return Action.noop;
    }
    if (masks[m + Action.chat] === 1 && low >= RULE.chatAbove) return Action.chat;
    return Action.noop;
  };

  return {
    name: 'rule',
    act(step: EnvStep, out: Int32Array): void {
      const { masks, alive, terminations } = step;
      const observations = step.observations ?? step.obsFeatures!;
      for (let row = 0; row < capacity; row++) {
        if (alive[row] !== 1 || terminations[row] === 1) {
          waited[row] = 0;
          wander[row] = 0;
        }
        out[row] = alive[row] === 1 ? decide(observations, masks, row) : Action.noop;
      }
    },
  };
}
