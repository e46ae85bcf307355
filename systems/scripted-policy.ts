import { Action, ActionResult, USE_BASE } from '../src/actions/action-space.js';
import { EFFECT_MONEY } from '../src/affordances/affordance-table.js';
import type { ShardState } from '../src/core/shard-state.js';
import { UNREACHABLE } from '../src/world/distance-fields.js';

/**
 * Scripted policy (tick phase 4): writes one primitive action per live agent into the action buffer.
 * Reads: needs, wallet, positions, activity, actions.result, distance fields, manifest table, config behavior.
 * Writes: actions.buffer, policy memory.
 *
 * An agent below a need threshold commits to the affordance that raises its most urgent need most and that
 * it can pay for, walks down that object type's distance field to the nearest reachable object, asks for it
 * (waiting its turn in line), uses it and lets go. A use that fails, is refused or loses its place blocks that
 * affordance for behavior.retry_ticks so the agent tries another one. Agents with every need met stay put.
 * Deterministic: no randomness, agents in entity order.
 */
export function scriptedPolicySystem(s: ShardState, tick: number): void {
  const { buffer } = s.actions;
  const result = s.actions.result;
  const running = s.activity.affordance;
  const { intent, blocked, blockedUntil } = s.policyMemory;
  const table = s.manifest.table;
  const retry = s.config.behavior.retry_ticks;
  const width = s.grid.width;
  const px = s.positions.x;
  const py = s.positions.y;
  const ids = s.live.ids(s.life.alive);
  for (let i = 0; i < ids.length; i++) {
    const eid = ids[i]!;
    const row = eid - 1;
    if (running[eid]! >= 0) {
      buffer[row] = Action.noop;
      continue;
    }
    let k = intent[eid]!;
    if (k >= 0) {
      const r = result[eid]!;
      if (r === ActionResult.finished) {
        k = -1;
      } else if (
        r === ActionResult.failed ||
        r === ActionResult.cooldown ||
        r === ActionResult.evicted ||
        r === ActionResult.invalid
      ) {
        blocked[eid] = k;
        blockedUntil[eid] = tick + retry;
        k = -1;
      }
    }
    if (k < 0 || k >= table.count) k = chooseAffordance(s, eid, tick);
    intent[eid] = k;
    if (k < 0) {
      buffer[row] = Action.noop;
      continue;
    }
    const field = s.fields.field(table.objectType[k]!);
    const t = py[eid]! * width + px[eid]!;
    const d = field[t]!;
    if (d === 0) {
      buffer[row] = USE_BASE + k;
    } else if (d === UNREACHABLE) {
      blocked[eid] = k;
      blockedUntil[eid] = tick + retry;
      intent[eid] = -1;
      buffer[row] = Action.noop;
    } else {
      buffer[row] = downhill(field, t, d, width);
    }
  }
}

/** The move one step closer on `field` (north, south, east, west: the first that is closer). */
function downhill(field: Int32Array, t: number, d: number, width: number): number {
  const x = t % width;
  if (t >= width && field[t - width]! < d) return Action.moveNorth;
  if (t + width < field.length && field[t + width]! < d) return Action.moveSouth;
  if (x + 1 < width && field[t + 1]! < d) return Action.moveEast;
  if (x > 0 && field[t - 1]! < d) return Action.moveWest;
  return Action.noop; // cannot happen on a breadth-first field: some neighbour of a reached tile is closer
}

/**
 * The affordance for the most urgent need below its threshold (lowest need ÷ threshold first; ties: hunger,
 * hygiene, energy): the one that raises that need most, that the agent can pay for, that is reachable and not
 * blocked. -1 when none. Allocates nothing: the three needs are ordered with a three-element sorting network.
 */
function chooseAffordance(s: ShardState, eid: number, tick: number): number {
  const b = s.config.behavior;
  const r0 = s.needs.hunger[eid]! / b.hunger_threshold;
  const r1 = s.needs.hygiene[eid]! / b.hygiene_threshold;
  const r2 = s.needs.energy[eid]! / b.energy_threshold;
  if (r0 >= 1 && r1 >= 1 && r2 >= 1) return -1;
  // A three-element sorting network over (ratio, need) pairs; strict < keeps ties in need order.
  let n0 = 0;
  let v0 = r0;
  let n1 = 1;
  let v1 = r1;
  let n2 = 2;
  let v2 = r2;
  let tn: number;
  let tv: number;
  if (v1 < v0) {
    tn = n0;
    n0 = n1;
    n1 = tn;
    tv = v0;
    v0 = v1;
    v1 = tv;
  }
  if (v2 < v1) {
    tn = n1;
    n1 = n2;
    n2 = tn;
    tv = v1;
    v1 = v2;
    v2 = tv;
  }
  if (v1 < v0) {
    tn = n0;
    n0 = n1;
    n1 = tn;
    tv = v0;
    v0 = v1;
    v1 = tv;
  }
  let k = v0 < 1 ? affordableFor(s, eid, n0, tick) : -1;
  if (k < 0 && v1 < 1) k = affordableFor(s, eid, n1, tick);
  if (k < 0 && v2 < 1) k = affordableFor(s, eid, n2, tick);
  return k;
}

function affordableFor(s: ShardState, eid: number, need: number, tick: number): number {
  const table = s.manifest.table;
  const serves = table.serves[need]!;
  const { blocked, blockedUntil } = s.policyMemory;
  const t = s.positions.y[eid]! * s.grid.width + s.positions.x[eid]!;
  for (let i = 0; i < serves.length; i++) {
    const k = serves[i]!;
    if (blocked[eid] === k && tick < blockedUntil[eid]!) continue;
    if (s.wallets.balance[eid]! + table.effects[k * 4 + EFFECT_MONEY]! < 0) continue;
    if (s.fields.field(table.objectType[k]!)[t] === UNREACHABLE) continue;
    return k;
  }
  return -1;
}
