import { EventKind } from '../core/event-kinds.js';
import type { ShardState } from '../core/shard-state.js';
import { relate, TieCause } from './deltas.js';
import { partnerLive } from './owner.js';

/**
 * `agent` finished eating at fridge `object` (row) in the current tick. If another live agent was the last to
 * finish a meal at a fridge of the same building (an object outside buildings counts as its own building)
 * within conflict.relationships.shared_meal_window ticks, the two shared the meal: trust +0.1, familiarity
 * +0.25 both ways and a shared_meal event (other = partner). Either way `agent` becomes the last eater there.
 * Reads clock, life. Writes social meal records, ties, events.
 */
export function recordMeal(s: ShardState, agent: number, object: number): void {
  const social = s.social;
  const window = s.config.conflict.relationships.shared_meal_window;
  if (window === 0) return;
  const tick = s.clock[0]!;
  const key = social.mealKey[object]!;
  const last = social.mealAgent[key]!;
  if (
    last !== 0 &&
    last !== agent &&
    tick - social.mealTick[key]! <= window &&
    partnerLive(s, last, social.mealLife[key]!)
  ) {
    s.events.emit(EventKind.shared_meal, agent, object + 1, last);
    relate(s, agent, last, TieCause.sharedMeal, 0.1, 0.25, 0, object + 1);
  }
  social.mealAgent[key] = agent;
  social.mealLife[key] = s.life.life[agent]!;
  social.mealTick[key] = tick;
}
