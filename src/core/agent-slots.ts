import { addComponent, removeComponent } from 'bitecs';
import { updateBasket } from '../economy/basket.js';
import { applyProfile } from '../personality/apply-profile.js';
import { assignProfile } from '../personality/assign-profile.js';
import type { ShardState } from './shard-state.js';

/** Initial values of a life entering a slot. */
export interface SpawnValues {
  id: string;
  x: number;
  y: number;
  hunger: number;
  hygiene: number;
  energy: number;
  wallet: number;
  job: number;
  workplace: number;
}

/** Puts a new life into agent slot `eid` (which must be empty) at `tick`. */
export function spawnIntoSlot(state: ShardState, eid: number, tick: number, v: SpawnValues): void {
  const { positions, needs, wallets, life, employment } = state;
  state.agentIds.set(eid, v.id);
  positions.x[eid] = v.x;
  positions.y[eid] = v.y;
  needs.hunger[eid] = v.hunger;
  needs.hygiene[eid] = v.hygiene;
  needs.energy[eid] = v.energy;
  wallets.balance[eid] = v.wallet;
  employment.job[eid] = v.job;
  employment.workplace[eid] = v.workplace;
  applyProfile(state.personality, eid, assignProfile(state.config, v.id));
  updateBasket(state, eid);
  life.alive[eid] = 1;
  life.bornTick[eid] = tick;
  life.respawnAt[eid] = -1;
  // A new life remembers nothing of the previous one in this slot.
  state.actions.last[eid] = 0;
  state.actions.result[eid] = 0;
  state.social.chatReadyAt[eid] = 0; // a new life may chat at once
  forgetPlans(state, eid);
  addComponent(state.world, eid, state.tags.Alive);
  state.live.invalidate();
}

/** Clears agent `eid`'s walking plans (intent, blocked tile, trail): a new life, or one moved elsewhere. */
export function forgetPlans(state: ShardState, eid: number): void {
  const m = state.policyMemory;
  m.intent[eid] = -1;
  m.blocked[eid] = -1;
  m.blockedUntil[eid] = 0;
  m.trailMode[eid] = 0;
  m.trailFor[eid] = 0;
  m.trailLength[eid] = 0;
  m.trailTile[eid] = -1;
}

/** Empties agent slot `eid`: the agent leaves the world (its id, home and life count stay for the replacement). */
export function vacateSlot(state: ShardState, eid: number, exitReasonCode: number): void {
  state.life.alive[eid] = 0;
  state.life.exitReason[eid] = exitReasonCode;
  removeComponent(state.world, eid, state.tags.Alive);
  state.live.invalidate();
}

/** Id of the first life of a slot the procedural town fills (scenario agents bring their own ids). */
export function townAgentId(eid: number): string {
  return `agent-${eid}`;
}

/** Id of the n-th replacement in a slot whose current or last id is `id`: `<origin>#n`. */
export function replacementId(id: string, life: number): string {
  const hash = id.indexOf('#');
  return `${hash < 0 ? id : id.slice(0, hash)}#${life}`;
}
