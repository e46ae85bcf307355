import { ActionResult } from '../actions/action-space.js';
import { EventKind } from '../core/event-kinds.js';
import type { ShardState } from '../core/shard-state.js';
import { conflictIntensity, politeHandover, queueConflict } from '../social/deltas.js';
import { tieScore } from '../social/ties.js';

// Not the global `Infinity`: optimized code boxes a double merged with it (docs/PERFORMANCE.md, "Garbage per tick").
const INF = Infinity;

/** Outcome of asking for an exclusive object. */
export const Request = { granted: 0, queued: 1, cooldown: 2 } as const;

/**
 * Asks for exclusive object `object` on behalf of `agent` (docs/QUEUES.md has the rule and why it is fair).
 * The holder keeps it; an agent in its cooldown for this object is refused; a free object with nobody waiting
 * is granted at once; otherwise the agent joins the end of the waiting line (or keeps its place in it).
 * An agent holds or waits for one object at a time: asking for another gives up the previous one.
 * Joining the line of an object someone holds is a contention conflict between joiner and holder (intensity
 * handover_boost + queue_length_boost × agents already waiting; docs/SOCIAL.md), written to both ledgers.
 */
export function requestObject(s: ShardState, agent: number, object: number, tick: number): number {
  const q = s.queues;
  const holder = s.reservations.holder[object]!;
  if (holder === agent) return Request.granted;
  if (q.waitingFor[agent] === object) return Request.queued;
  if (q.cooldownObject[agent] === object && tick < q.cooldownUntil[agent]!) {
    s.events.emit(EventKind.queue_cooldown, agent, object + 1, q.cooldownUntil[agent]!);
    return Request.cooldown;
  }
  letGo(s, agent, tick);
  if (holder === 0 && q.length[object] === 0) {
    grant(s, object, agent, tick);
    return Request.granted;
  }
  const waiting = q.length[object]!;
  join(s, agent, object, tick);
  if (holder !== 0) {
    const intensity = conflictIntensity(s, s.config.conflict.rivalry.handover_boost, waiting);
    queueConflict(s, agent, holder, intensity, object + 1);
  }
  return Request.queued;
}

/**
 * Gives back whatever `agent` holds or waits for (not a running affordance: see affordance-runtime.ts).
 * A held object passes to the next in line, with no cooldown for the agent.
 */
export function letGo(s: ShardState, agent: number, tick: number): void {
  const q = s.queues;
  if (q.waitingFor[agent]! >= 0) leaveLine(s, agent);
  const held = q.holds[agent]!;
  if (held >= 0) passOn(s, held, tick, false);
}

/**
 * Ends `agent`'s hold on `object`. After a successful use the agent may not ask for this object again for
 * queue_fairness.cooldown_ticks. The object passes to the next in line: after a success, the one the agent
 * regards best gets a head start (pickNext) and the handover is polite (trust and familiarity up both ways).
 */
export function releaseObject(s: ShardState, agent: number, object: number, tick: number, success: boolean): void {
  if (s.reservations.holder[object] !== agent) return;
  if (success) {
    s.queues.cooldownObject[agent] = object;
    s.queues.cooldownUntil[agent] = tick + s.config.queue_fairness.cooldown_ticks;
  }
  passOn(s, object, tick, success);
}

/**
 * The ghost-step deadlock breaker, once per tick per object: a holder that sits idle (holding, not using)
 * while others wait loses the object after queue_fairness.ghost_step_after such ticks. A holder that is using
 * the object is never evicted: its progress is kept, and its use ends by itself (the duration bounds it).
 * The eviction is a conflict between the holder and the next holder (intensity ghost_step_boost +
 * queue_length_boost × (waiting − 1)), written to both ledgers.
 */
export function checkStall(s: ShardState, object: number, tick: number): void {
  const q = s.queues;
  const holder = s.reservations.holder[object]!;
  if (holder === 0 || q.length[object] === 0 || s.activity.object[holder] === object) {
    q.stall[object] = 0;
    return;
  }
  const limit = s.config.queue_fairness.ghost_step_after;
  if (limit === 0) return;
  q.stall[object]! += 1;
  if (q.stall[object]! < limit) return;
  // The conflict (cause) is written before the handover (effect); the rival is who the handover will pick.
  const rival = pickNext(s, object, tick, 0);
  const waiting = q.length[object]!;
  s.events.emit(EventKind.queue_conflict, holder, object + 1, rival, waiting);
  const r = s.config.conflict.rivalry;
  queueConflict(s, holder, rival, conflictIntensity(s, r.ghost_step_boost, waiting - 1), object + 1);
  s.actions.result[holder] = ActionResult.evicted;
  passOn(s, object, tick, false);
}

/**
 * Frees `object` and grants it to the best waiting agent, if any. `polite`: the holder leaves after a
 * successful use, so its regard for the candidates counts and the handover strengthens their tie.
 */
function passOn(s: ShardState, object: number, tick: number, polite: boolean): void {
  const previous = s.reservations.holder[object]!;
  if (previous !== 0) s.queues.holds[previous] = -1;
  s.reservations.holder[object] = 0;
  s.reservations.since[object] = -1;
  s.queues.stall[object] = 0;
  const next = pickNext(s, object, tick, polite ? previous : 0);
  if (next === 0) return;
  leaveLine(s, next);
  grant(s, object, next, tick);
  s.events.emit(EventKind.queue_handover, next, object + 1, previous);
  if (polite && previous !== 0) politeHandover(s, previous, next, object + 1);
}

/**
 * The next holder: the waiting agent with the highest score, ties to the earlier in line. Score = weight ×
 * ticks waited, plus, when `from` (the holder leaving after a successful use) is given and the weight is > 0,
 * from's regard for the candidate (trust + familiarity − rivalry, in [−3, 2]). Age grows without bound and the
 * regard is bounded, so every waiting agent is still served (docs/QUEUES.md). Weight 0 = pure line order.
 */
function pickNext(s: ShardState, object: number, tick: number, from: number): number {
  const q = s.queues;
  const weight = s.config.queue_fairness.age_priority_weight;
  const regard = from !== 0 && weight > 0 && s.social.tieCount[from] !== 0;
  let best = 0;
  let bestScore = -INF;
  for (let a = q.head[object]!; a !== 0; a = q.next[a]!) {
    const score = weight * (tick - q.joinedTick[a]!) + (regard ? tieScore(s, from, a) : 0);
    if (score > bestScore) {
      best = a;
      bestScore = score;
    }
  }
  return best;
}

function grant(s: ShardState, object: number, agent: number, tick: number): void {
  s.reservations.holder[object] = agent;
  s.reservations.since[object] = tick;
  s.queues.holds[agent] = object;
  s.queues.stall[object] = 0;
}

function join(s: ShardState, agent: number, object: number, tick: number): void {
  const q = s.queues;
  q.waitingFor[agent] = object;
  q.joinedTick[agent] = tick;
  q.next[agent] = 0;
  const tail = q.tail[object]!;
  q.prev[agent] = tail;
  if (tail === 0) q.head[object] = agent;
  else q.next[tail] = agent;
  q.tail[object] = agent;
  q.length[object]! += 1;
}

function leaveLine(s: ShardState, agent: number): void {
  const q = s.queues;
  const object = q.waitingFor[agent]!;
  const prev = q.prev[agent]!;
  const next = q.next[agent]!;
  if (prev === 0) q.head[object] = next;
  else q.next[prev] = next;
  if (next === 0) q.tail[object] = prev;
  else q.prev[next] = prev;
  q.next[agent] = 0;
  q.prev[agent] = 0;
  q.waitingFor[agent] = -1;
  q.length[object]! -= 1;
}
