import { Action, ActionResult, USE_BASE } from '../src/actions/action-space.js';
import { affordanceCost } from '../src/affordances/affordance-runtime.js';
import type { ShardState } from '../src/core/shard-state.js';
import { shiftSoon, wouldMakeLate, workAction } from '../src/policy/commute.js';
import { meetAction } from '../src/policy/meet.js';
import { avoidRivalAction, socialAction } from '../src/policy/social-choice.js';
import { stepDown, UNREACHABLE } from '../src/world/tile-field.js';

// Not the global `Infinity`: optimized code boxes a double merged with it (docs/PERFORMANCE.md, "Garbage per tick").
const INF = Infinity;

/**
 * Scripted policy (tick phase 4): writes one primitive action per live agent into the action buffer.
 * Reads: needs, wallet, positions, activity, actions.result, distance fields, manifest table, config behavior,
 * and what the meet, commute and social choices read (employment, perturbations, ledgers).
 * Writes: actions.buffer, policy memory.
 *
 * Priorities, per agent: a critical need (below behavior.critical_fraction of its threshold); an arranged
 * meeting (src/policy/meet.ts); work during the shift window (src/policy/commute.ts); a need below its
 * threshold; with every need met, a chat with a neighbour (src/policy/social-choice.ts), else stay put.
 * For a need it commits to the affordance that raises that need most, that it can pay for and that would not
 * make it late for work, walks down that object type's distance field to the nearest reachable object, asks
 * for it (waiting its turn in line unless a rival holds it), uses it and lets go. A use that fails, is refused
 * or loses its place blocks that affordance for behavior.retry_ticks so the agent tries another one.
 * Deterministic: no randomness, agents in entity order.
 */
export function scriptedPolicySystem(s: ShardState, tick: number): void {
  const { buffer } = s.actions;
  const result = s.actions.result;
  const running = s.activity.affordance;
  const { intent, blocked, blockedUntil } = s.policyMemory;
  const table = s.manifest.table;
  const b = s.config.behavior;
  const retry = b.retry_ticks;
  const critical = b.critical_fraction;
  const { hunger, hygiene, energy } = s.needs;
  const topUp = {
    h: raised(b.hunger_threshold, b.pre_shift_threshold),
    y: raised(b.hygiene_threshold, b.pre_shift_threshold),
    e: raised(b.energy_threshold, b.pre_shift_threshold),
  };
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
        r === ActionResult.invalid ||
        // Impatience: a line that has not moved for max_queue_wait_ticks is left (below), so a long wait for
        // a bed does not starve the agent; it tries the affordance again after retry_ticks.
        (r === ActionResult.queued && tick - s.queues.joinedTick[eid]! >= b.max_queue_wait_ticks)
      ) {
        blocked[eid] = k;
        blockedUntil[eid] = tick + retry;
        k = -1;
      }
      intent[eid] = k;
    }
    // A critical need comes first; then an arranged meeting, then work; then needs below their threshold.
    const rh = urgency(hunger[eid]!, b.hunger_threshold);
    const ry = urgency(hygiene[eid]!, b.hygiene_threshold);
    const re = urgency(energy[eid]!, b.energy_threshold);
    const mostUrgent = Math.min(rh, ry, re);
    if (mostUrgent < critical) {
      // A plan that does nothing for the critical need (queueing for a bed while starving) is dropped.
      const need = rh === mostUrgent ? 0 : ry === mostUrgent ? 1 : 2;
      if (k >= 0 && table.effects[k * 4 + need]! <= 0) k = -1;
    } else {
      let act = meetAction(s, eid, tick);
      if (act < 0) act = workAction(s, eid, tick);
      if (act >= 0) {
        intent[eid] = -1;
        buffer[row] = act;
        continue;
      }
    }
    // Needs at or above every threshold (and the pre-shift one) leave nothing to choose: the common case.
    const content = hunger[eid]! >= topUp.h && hygiene[eid]! >= topUp.y && energy[eid]! >= topUp.e;
    if ((k < 0 || k >= table.count) && !content) {
      // Before a shift, needs are topped up to pre_shift_threshold so that the agent does not leave work hungry.
      const floor = shiftSoon(s, eid, tick, b.pre_shift_window) ? b.pre_shift_threshold : 0;
      k = chooseAffordance(s, eid, tick, mostUrgent < critical, floor);
    } else if (k >= table.count) {
      k = -1;
    }
    intent[eid] = k;
    const act = k >= 0 ? pursue(s, eid, k, tick) : idleAction(s, eid, tick);
    // A noop would keep the agent's place in a line it no longer wants.
    buffer[row] = act === Action.noop && s.queues.waitingFor[eid]! >= 0 && k < 0 ? Action.release : act;
  }
}

/** What an agent with every need met does: the social choice (a chat), else nothing. */
function idleAction(s: ShardState, eid: number, tick: number): number {
  const act = socialAction(s, eid, tick);
  return act >= 0 ? act : Action.noop;
}

/**
 * The step towards affordance k: down its object type's field, then use it; an unreachable one, or one whose
 * object a rival holds, is blocked for behavior.retry_ticks.
 */
function pursue(s: ShardState, eid: number, k: number, tick: number): number {
  const { intent, blocked, blockedUntil } = s.policyMemory;
  const width = s.grid.width;
  const field = s.fields.field(s.manifest.table.objectType[k]!);
  const t = s.positions.y[eid]! * width + s.positions.x[eid]!;
  const d = field[t]!;
  if (d === 0) {
    const avoid = avoidRivalAction(s, eid, k, tick);
    if (avoid < 0) return USE_BASE + k;
    blocked[eid] = k;
    blockedUntil[eid] = tick + s.config.behavior.retry_ticks;
    intent[eid] = -1;
    return avoid;
  }
  if (d === UNREACHABLE) {
    blocked[eid] = k;
    blockedUntil[eid] = tick + s.config.behavior.retry_ticks;
    intent[eid] = -1;
    return Action.noop;
  }
  return stepDown(field, t, d, width);
}

/**
 * The affordance for the most urgent need below its threshold (lowest need ÷ threshold first; ties: hunger,
 * hygiene, energy): the one that raises that need most, that the agent can pay for, that is reachable and not
 * blocked; if that need has none, the next most urgent need's. -1 when none. Allocates nothing.
 */
function chooseAffordance(s: ShardState, eid: number, tick: number, critical: boolean, floor: number): number {
  const b = s.config.behavior;
  const r0 = urgency(s.needs.hunger[eid]!, raised(b.hunger_threshold, floor));
  const r1 = urgency(s.needs.hygiene[eid]!, raised(b.hygiene_threshold, floor));
  const r2 = urgency(s.needs.energy[eid]!, raised(b.energy_threshold, floor));
  let tried = 0; // bit n set: need n was tried
  for (let pass = 0; pass < 3; pass++) {
    // A ratio ≥ 1 means the need is met; <= keeps ties in need order.
    const h = (tried & 1) === 0 ? r0 : 1;
    const y = (tried & 2) === 0 ? r1 : 1;
    const e = (tried & 4) === 0 ? r2 : 1;
    const need = h < 1 && h <= y && h <= e ? 0 : y < 1 && y <= e ? 1 : e < 1 ? 2 : -1;
    if (need < 0) return -1;
    tried |= 1 << need;
    const k = affordableFor(s, eid, need, tick, critical);
    if (k >= 0) return k;
  }
  return -1;
}

/** need ÷ threshold; a threshold of 0 switches the need off (never urgent). */
/** A threshold raised to `floor`, unless the need is switched off (threshold 0). */
function raised(threshold: number, floor: number): number {
  return threshold > 0 ? Math.max(threshold, floor) : 0;
}

function urgency(need: number, threshold: number): number {
  return threshold > 0 ? need / threshold : INF;
}

function affordableFor(s: ShardState, eid: number, need: number, tick: number, critical: boolean): number {
  const table = s.manifest.table;
  const serves = table.serves[need]!;
  const { blocked, blockedUntil } = s.policyMemory;
  const t = s.positions.y[eid]! * s.grid.width + s.positions.x[eid]!;
  for (let i = 0; i < serves.length; i++) {
    const k = serves[i]!;
    if (blocked[eid] === k && tick < blockedUntil[eid]!) continue;
    if (s.wallets.balance[eid]! < affordanceCost(s, k)) continue;
    const d = s.fields.field(table.objectType[k]!)[t]!;
    if (d === UNREACHABLE) continue;
    // Only a critical need may make an agent late for work.
    if (!critical && wouldMakeLate(s, eid, tick, d + table.duration[k]!)) continue;
    return k;
  }
  return -1;
}
