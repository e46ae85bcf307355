import type { TownConfig } from '../src/config/schema.js';
import type { StateRegistry } from '../src/core/state-registry.js';
import { sharedFloat32, sharedFloat64, sharedInt32, sharedUint8, sharedUint32 } from './shared-arrays.js';

/**
 * The social ledgers (docs/SOCIAL.md): per agent a fixed number of edge slots in flat typed arrays, slot j of
 * agent a at index a × K + j, the used slots first (0 … count − 1). Each edge stores its partner's entity id and
 * the partner's life number when the edge was made: once that slot holds another life the edge is stale.
 * Written by src/social/* (queue operations, chats, hooks, the social system); read by the policy and the API.
 *
 * `objects.building` must be filled: it groups fridges into buildings for shared meals.
 */
export function createSocial(capacity: number, config: TownConfig, objects: { building: Int32Array }) {
  const n = capacity + 1;
  const rk = config.conflict.rivalry.max_edges;
  const tk = config.conflict.relationships.max_edges;
  const keys = mealKeys(objects.building);
  const social = {
    /** Rivalry edges kept per agent (conflict.rivalry.max_edges). */
    rivalryK: rk,
    /** Relationship ties kept per agent (conflict.relationships.max_edges). */
    tieK: tk,
    /** Life number of the agent the ledgers below belong to; another life in the slot means they are void. */
    ownerLife: sharedUint32(n),
    rivalryCount: sharedUint8(n),
    rivalryPartner: sharedUint32(n * rk),
    rivalryPartnerLife: sharedUint32(n * rk),
    /** Rivalry score in [min_value, max_value]. Float64 so decay steps are exact to the last digit tests see. */
    rivalryScore: sharedFloat64(n * rk),
    tieCount: sharedUint8(n),
    /** 1 while some tie of the agent has a value its decay rate moves (the decay skips agents at 0). */
    tieMoving: sharedUint8(n),
    tiePartner: sharedUint32(n * tk),
    tiePartnerLife: sharedUint32(n * tk),
    /** Trust and familiarity in [−1, 1], rivalry in [0, 1]. */
    trust: sharedFloat32(n * tk),
    familiarity: sharedFloat32(n * tk),
    rivalry: sharedFloat32(n * tk),
    /** First tick at which the agent may speak again (conflict.relationships.chat_cooldown_ticks after its chat). */
    chatReadyAt: sharedInt32(n),
    /** Meal key of each object row: its building, or a key of its own for objects outside buildings. Constant. */
    mealKey: keys.key,
    /** Per meal key: the last agent that finished eating there (0 = none), its life and the tick. */
    mealAgent: sharedUint32(keys.count),
    mealLife: sharedUint32(keys.count),
    mealTick: sharedInt32(keys.count),
  };
  social.mealTick.fill(-1);
  return social;
}
export type Social = ReturnType<typeof createSocial>;

/** Buildings keep their number; an object outside any building (building −1, e.g. scenario objects) is alone. */
function mealKeys(building: Int32Array): { key: Int32Array; count: number } {
  let buildings = 0;
  for (let row = 0; row < building.length; row++) buildings = Math.max(buildings, building[row]! + 1);
  const key = new Int32Array(building.length);
  for (let row = 0; row < building.length; row++) key[row] = building[row]! >= 0 ? building[row]! : buildings + row;
  return { key, count: buildings + building.length };
}

/** Registers the ledgers and meal records (not the constant meal keys) for hashing and snapshots. */
export function registerSocial(registry: StateRegistry, social: Social): void {
  registry.addField('social.owner_life', social, 'ownerLife');
  registry.addField('social.rivalry.count', social, 'rivalryCount');
  registry.addField('social.rivalry.partner', social, 'rivalryPartner');
  registry.addField('social.rivalry.partner_life', social, 'rivalryPartnerLife');
  registry.addField('social.rivalry.score', social, 'rivalryScore');
  registry.addField('social.ties.count', social, 'tieCount');
  registry.addField('social.ties.moving', social, 'tieMoving');
  registry.addField('social.ties.partner', social, 'tiePartner');
  registry.addField('social.ties.partner_life', social, 'tiePartnerLife');
  registry.addField('social.ties.trust', social, 'trust');
  registry.addField('social.ties.familiarity', social, 'familiarity');
  registry.addField('social.ties.rivalry', social, 'rivalry');
  registry.addField('social.chat_ready_at', social, 'chatReadyAt');
  registry.addField('social.meals.agent', social, 'mealAgent');
  registry.addField('social.meals.life', social, 'mealLife');
  registry.addField('social.meals.tick', social, 'mealTick');
}
