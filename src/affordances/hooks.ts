import type { ShardState } from '../core/shard-state.js';
import { kitchenFridge } from '../economy/kitchen.js';
import { recordMeal } from '../social/shared-meal.js';
import { FailReasonCode } from './fail-reasons.js';
import type { HookName } from './hooks-allowlist.js';

/**
 * A built-in hook. `before` hooks return 0 to let the affordance start or a fail reason code to abort it;
 * the return value of `after` and `fail` hooks is ignored.
 */
export type Hook = (s: ShardState, agent: number, object: number) => number;

const OK = 0;
const ignore: Hook = () => OK;

/**
 * The built-in hooks (reference §2.5), minus the reference's double charges: prices are the manifest's
 * `money` effects only. on_finish_eat also feeds the relationship ledger: two agents finishing meals at
 * fridges of one building within a few ticks share the meal (src/social/shared-meal.ts).
 */
export const HOOKS: Readonly<Record<HookName, Hook>> = {
  on_attempt_eat: (s, _agent, object) => {
    const meals = s.objects.meals;
    if (meals[object]! <= 0) return FailReasonCode.insufficient_stock;
    meals[object]! -= 1;
    return OK;
  },
  on_finish_eat: (s, agent, object) => {
    recordMeal(s, agent, object);
    return OK;
  },
  // Cooking needs power (a blackout stops it) and uses one ingredient; the price is the manifest's to charge.
  on_attempt_cook: (s, _agent, object) => {
    if (s.objects.power[object] !== 1) return FailReasonCode.power_off;
    const ingredients = s.objects.ingredients;
    if (ingredients[object]! <= 0) return FailReasonCode.no_ingredients;
    ingredients[object]! -= 1;
    return OK;
  },
  // The cooked meal goes to the kitchen's fridge, where eat_meal serves it; a stove without one keeps it.
  on_finish_cook: (s, _agent, object) => {
    const fridge = kitchenFridge(s, object);
    s.objects.meals[fridge >= 0 ? fridge : object]! += 1;
    return OK;
  },
  on_cook_fail: ignore,
  on_attempt_shower: (s, _agent, object) => {
    if (s.objects.power[object] !== 1) return FailReasonCode.power_off;
    if (s.objects.water[object] !== 1) return FailReasonCode.water_off;
    return OK;
  },
  on_finish_shower: ignore,
  // The reference cut the power on every shower failure; kept for manifests that ask for it by name.
  on_no_power: (s, _agent, object) => {
    s.objects.power[object] = 0;
    return OK;
  },
  on_attempt_sleep: ignore,
  on_finish_sleep: ignore,
};
