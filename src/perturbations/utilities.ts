import type { ShardState } from '../core/shard-state.js';
import { PerturbationKind, SLOT_ACTIVE } from './perturbation-state.js';

/** Object types that need power (a blackout switches them off) and water (an outage). */
export const POWER_TYPES = ['stove', 'shower'] as const;
export const WATER_TYPES = ['shower'] as const;

/**
 * Sets the utilities from the active events: while any blackout is active, objects.power = 0 on every stove and
 * shower, else 1; while any outage is active, objects.water = 0 on every shower, else 1. Called only when a
 * blackout or outage starts or ends (so it also switches back on a utility someone turned off by hand).
 * Running affordances are not interrupted: utilities are checked when a use starts.
 */
export function refreshUtilities(s: ShardState): void {
  const p = s.perturbations;
  let powerOff = false;
  let waterOff = false;
  for (let slot = 0; slot < p.status.length; slot++) {
    if (p.status[slot] !== SLOT_ACTIVE) continue;
    if (p.kind[slot] === PerturbationKind.blackout) powerOff = true;
    if (p.kind[slot] === PerturbationKind.outage) waterOff = true;
  }
  const powerCodes = POWER_TYPES.map((t) => s.objectTypes.code(t));
  const waterCodes = WATER_TYPES.map((t) => s.objectTypes.code(t));
  const { type, power, water } = s.objects;
  for (let row = 0; row < s.layout.objectCount; row++) {
    const t = type[row]!;
    if (powerCodes.includes(t)) power[row] = powerOff ? 0 : 1;
    if (waterCodes.includes(t)) water[row] = waterOff ? 0 : 1;
  }
}
