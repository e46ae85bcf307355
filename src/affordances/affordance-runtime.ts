import { ActionResult } from '../actions/action-space.js';
import { EventKind } from '../core/event-kinds.js';
import type { ShardState } from '../core/shard-state.js';
import { TOTAL_SPENT } from '../core/totals.js';
import { EFFECT_ENERGY, EFFECT_HUNGER, EFFECT_HYGIENE, EFFECT_MONEY } from './affordance-table.js';
import { FailReasonCode } from './fail-reasons.js';
import { letGo, releaseObject } from './queue-ops.js';

/**
 * Starts affordance `k` for `agent` on `object` at `tick` (the agent holds the object if it is exclusive).
 * Every precondition must hold, then every `before` hook must agree; otherwise the affordance fails: `fail`
 * hooks run, an affordance_fail event is written and the object passes to the next in line (no cooldown).
 * On success the agent is busy on ticks tick … tick + duration − 1 and the effects apply in the affordance
 * phase of the last of them. Returns true when it started.
 */
export function startAffordance(s: ShardState, agent: number, object: number, k: number, tick: number): boolean {
  const table = s.manifest.table;
  const preconds = table.preconds[k]!;
  for (let i = 0; i < preconds.length; i++) {
    if (!preconds[i]!.evaluate(agent, object)) {
      fail(s, agent, object, k, tick, FailReasonCode.precondition_failed);
      return false;
    }
  }
  const before = table.hooks[k]!.before;
  for (let i = 0; i < before.length; i++) {
    const reason = before[i]!(s, agent, object);
    if (reason !== 0) {
      fail(s, agent, object, k, tick, reason);
      return false;
    }
  }
  const a = s.activity;
  a.affordance[agent] = k;
  a.object[agent] = object;
  a.startTick[agent] = tick;
  a.endTick[agent] = tick + table.duration[k]! - 1;
  if (table.exclusive[k] === 1) s.objects.occupant[object] = agent;
  s.actions.result[agent] = ActionResult.started;
  s.events.emit(EventKind.affordance_start, agent, object + 1, k);
  return true;
}

/**
 * Completes `agent`'s running affordance: needs move by the effects and are clamped to [0, 1], the wallet by
 * the money effect minus the affordance's current price (economy.prices), and everything paid (the price and
 * a negative money effect) adds to totals TOTAL_SPENT; `after` hooks run; an exclusive object passes on with
 * a cooldown for the agent.
 */
export function finishAffordance(s: ShardState, agent: number, tick: number): void {
  const table = s.manifest.table;
  const a = s.activity;
  const k = a.affordance[agent]!;
  const object = a.object[agent]!;
  const e = table.effects;
  const base = k * 4;
  const { hunger, hygiene, energy } = s.needs;
  hunger[agent] = clamp01(hunger[agent]! + e[base + EFFECT_HUNGER]!);
  hygiene[agent] = clamp01(hygiene[agent]! + e[base + EFFECT_HYGIENE]!);
  energy[agent] = clamp01(energy[agent]! + e[base + EFFECT_ENERGY]!);
  const money = e[base + EFFECT_MONEY]!;
  const p = table.price[k]!;
  const price = p >= 0 ? s.economy.prices[p]! : 0;
  s.wallets.balance[agent]! += money - price;
  const spent = price + (money < 0 ? -money : 0);
  if (spent > 0) s.totals.values[TOTAL_SPENT]! += spent;
  clearActivity(s, agent, object);
  const after = table.hooks[k]!.after;
  for (let i = 0; i < after.length; i++) after[i]!(s, agent, object);
  s.actions.result[agent] = ActionResult.finished;
  s.completions[k]! += 1;
  s.events.emit(EventKind.affordance_finish, agent, object + 1, k);
  if (table.exclusive[k] === 1) releaseObject(s, agent, object, tick, true);
}

/**
 * What affordance `k` costs the wallet if it completed now: its current price minus its money effect (negative
 * for an affordance that pays). Reads the manifest table and economy.prices.
 */
export function affordanceCost(s: ShardState, k: number): number {
  const table = s.manifest.table;
  const p = table.price[k]!;
  return (p >= 0 ? s.economy.prices[p]! : 0) - table.effects[k * 4 + EFFECT_MONEY]!;
}

/** Stops `agent`'s running affordance without its effects (released by the agent, or the agent left). */
export function abortAffordance(s: ShardState, agent: number, tick: number, reason: number): void {
  const a = s.activity;
  const k = a.affordance[agent]!;
  if (k < 0) return;
  const object = a.object[agent]!;
  clearActivity(s, agent, object);
  fail(s, agent, object, k, tick, reason);
}

/** Takes an agent that leaves the world out of every object: its running affordance, hold and place in line. */
export function detachAgent(s: ShardState, agent: number, tick: number): void {
  abortAffordance(s, agent, tick, FailReasonCode.agent_exit);
  letGo(s, agent, tick);
  s.queues.cooldownObject[agent] = -1;
}

function fail(s: ShardState, agent: number, object: number, k: number, tick: number, reason: number): void {
  const hooks = s.manifest.table.hooks[k]!.fail;
  for (let i = 0; i < hooks.length; i++) hooks[i]!(s, agent, object);
  s.actions.result[agent] = ActionResult.failed;
  s.events.emit(EventKind.affordance_fail, agent, object + 1, k, reason);
  releaseObject(s, agent, object, tick, false);
}

function clearActivity(s: ShardState, agent: number, object: number): void {
  const a = s.activity;
  a.affordance[agent] = -1;
  a.object[agent] = -1;
  if (s.objects.occupant[object] === agent) s.objects.occupant[object] = 0;
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
