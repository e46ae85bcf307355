import type { ShardState } from '../src/core/shard-state.js';

/**
 * Needs decay (tick phase 8, after affordances advance).
 * Reads: live agents, personality decay multipliers, config rewards.decay_rates. Writes: needs.
 * Each need loses its rate times the agent's personality multiplier per tick and is clamped at 0 (1 = satisfied).
 */
export function needsDecaySystem(state: ShardState): void {
  const { hunger, hygiene, energy } = state.needs;
  const { hungerDecay, hygieneDecay, energyDecay } = state.personality;
  const rates = state.config.rewards.decay_rates;
  const dh = rates.hunger;
  const dy = rates.hygiene;
  const de = rates.energy;
  const ids = state.live.ids(state.life.alive);
  for (let i = 0; i < ids.length; i++) {
    const eid = ids[i]!;
    hunger[eid] = Math.max(hunger[eid]! - dh * hungerDecay[eid]!, 0);
    hygiene[eid] = Math.max(hygiene[eid]! - dy * hygieneDecay[eid]!, 0);
    energy[eid] = Math.max(energy[eid]! - de * energyDecay[eid]!, 0);
  }
}
