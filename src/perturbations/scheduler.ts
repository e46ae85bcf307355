import { EventKind } from '../core/event-kinds.js';
import type { ShardState } from '../core/shard-state.js';
import { refreshPrices } from '../economy/price-update.js';
import { priceMask } from '../economy/prices.js';
import { commitDraw, drawParticipants } from './fairness.js';
import { meetingObject } from './meeting.js';
import { PerturbationKind, SLOT_ACTIVE, SLOT_FREE, SLOT_PENDING } from './perturbation-state.js';
import { refreshUtilities } from './utilities.js';

/** A spec of perturbations.events, by its index in config order. */
export function specAt(s: ShardState, spec: number) {
  return s.config.perturbations.events[s.perturbations.specs[spec]!]!;
}

/** Values of a new event; absent ones are drawn from the events stream. */
export interface EventPlan {
  startsAt: number;
  duration?: number | undefined;
  magnitude?: number | undefined;
  targets?: readonly string[] | undefined;
}

/**
 * Fills free `slot` with a pending event of spec `spec` that gets id perturbations.nextId[0] (the caller advances
 * the counter once the event is kept). Duration is drawn in the spec's [min, max] and a price spike's magnitude
 * uniformly in [min, max] (events stream) unless the plan gives them; targets default to the spec's.
 */
export function fillSlot(s: ShardState, slot: number, spec: number, plan: EventPlan): void {
  const p = s.perturbations;
  const cfg = specAt(s, spec);
  const [dmin, dmax] = cfg.duration;
  const duration = plan.duration ?? s.rng.events.int(dmin, dmax);
  p.id[slot] = p.nextId[0]!;
  p.status[slot] = SLOT_PENDING;
  p.spec[slot] = spec;
  p.kind[slot] = PerturbationKind[cfg.kind];
  p.startsAt[slot] = plan.startsAt;
  p.endsAt[slot] = plan.startsAt + duration;
  p.magnitude[slot] = 1;
  p.targets[slot] = 0;
  p.location[slot] = -1;
  p.bucket[slot] = -1;
  p.participants[slot] = 0;
  if (cfg.kind === 'price_spike') {
    const [lo, hi] = cfg.magnitude;
    p.magnitude[slot] = Math.max(0, plan.magnitude ?? lo + (hi - lo) * s.rng.events.next());
    const mask = priceMask(plan.targets ?? cfg.targets);
    p.targets[slot] = typeof mask === 'number' ? mask : 0; // targets were validated by the schema or the API
  }
}

/**
 * Puts the event in `slot` in force at `tick`: an arranged meet first draws its participants (fairness buckets)
 * and its meeting object, and when it cannot (fewer than two eligible agents in every bucket, or no such object)
 * the event does not happen: the slot is freed and false returned (the caller reports it). Otherwise: spec
 * cooldown until end + cooldown_ticks + global_cooldown_ticks, a window entry, the effect (prices, utilities,
 * assignments with per-agent cooldowns until end + per_agent_cooldown_ticks, meet_assigned events) and a
 * perturbation_started event (other = id, value = kind code; object = the meeting object for a meet).
 */
export function activate(s: ShardState, slot: number, tick: number): boolean {
  const p = s.perturbations;
  const cfg = specAt(s, p.spec[slot]!);
  const id = p.id[slot]!;
  if (cfg.kind === 'arranged_meet') {
    const draw = drawParticipants(s, cfg.max_participants, tick, cfg.gather === 'nearby');
    const row = draw ? meetingObject(s, cfg.location, draw.seed) : -1;
    if (!draw || row < 0) {
      p.status[slot] = SLOT_FREE;
      return false;
    }
    commitDraw(s, draw, id);
    assignMeeting(s, slot, row, draw.bucket, s.scratch.subarray(0, draw.count));
  }
  startEvent(s, slot, tick);
  return true;
}

/**
 * Puts the pending arranged meet in `slot` in force at `tick` with the participants the operator named (agent
 * slots, live and unassigned: the caller checks), without a fairness draw: the meeting point is chosen for the
 * first one. False (the slot freed) when the world has no such meeting object. Otherwise as `activate`.
 */
export function activateNamed(s: ShardState, slot: number, tick: number, participants: Uint32Array): boolean {
  const p = s.perturbations;
  const cfg = specAt(s, p.spec[slot]!);
  const row = cfg.kind === 'arranged_meet' ? meetingObject(s, cfg.location, participants[0]!) : -1;
  if (row < 0) {
    p.status[slot] = SLOT_FREE;
    return false;
  }
  // Bucket -1: the participants may come from any fairness bucket (release scans every slot).
  assignMeeting(s, slot, row, -1, participants);
  startEvent(s, slot, tick);
  return true;
}

/** Assigns the participants to the meeting at object `row` with per-agent cooldowns; meet_assigned events. */
function assignMeeting(s: ShardState, slot: number, row: number, bucket: number, participants: Uint32Array): void {
  const p = s.perturbations;
  const id = p.id[slot]!;
  p.location[slot] = row;
  p.bucket[slot] = bucket;
  p.participants[slot] = participants.length;
  const until = p.endsAt[slot]! + s.config.perturbations.per_agent_cooldown_ticks;
  for (let i = 0; i < participants.length; i++) {
    const eid = participants[i]!;
    p.meetEvent[eid] = id;
    p.agentCooldownUntil[eid] = until;
    s.events.emit(EventKind.meet_assigned, eid, row + 1, id);
  }
}

/** The common start of an event: status, cooldowns, window entry, effect, perturbation_started. */
function startEvent(s: ShardState, slot: number, tick: number): void {
  const p = s.perturbations;
  const cfg = specAt(s, p.spec[slot]!);
  const id = p.id[slot]!;
  const ends = p.endsAt[slot]!;
  p.status[slot] = SLOT_ACTIVE;
  const spec = p.spec[slot]!;
  p.specCooldownUntil[spec] = ends + cfg.cooldown_ticks + s.config.perturbations.global_cooldown_ticks;
  const w = p.windowSize;
  p.windowStarts[spec * w + p.windowHead[spec]!] = tick;
  p.windowHead[spec] = (p.windowHead[spec]! + 1) % w;
  applyEffect(s, p.kind[slot]!);
  s.events.emit(EventKind.perturbation_started, 0, p.location[slot]! + 1, id, p.kind[slot]!);
}

/**
 * Ends the event in `slot` at once: its effect is undone (prices and utilities recomputed, meeting assignments
 * cleared) and a perturbation_ended event, or perturbation_cancelled when `cancelled`, is written (other = id,
 * value = kind code). A pending event is simply dropped (cancelled).
 */
export function conclude(s: ShardState, slot: number, cancelled: boolean): void {
  const p = s.perturbations;
  const wasActive = p.status[slot] === SLOT_ACTIVE;
  const id = p.id[slot]!;
  const kind = p.kind[slot]!;
  p.status[slot] = SLOT_FREE;
  if (wasActive) {
    applyEffect(s, kind);
    if (kind === PerturbationKind.arranged_meet) releaseParticipants(s, slot, id);
  }
  s.events.emit(cancelled ? EventKind.perturbation_cancelled : EventKind.perturbation_ended, 0, 0, id, kind);
}

/** Re-derives what events of `kind` affect from the events now active. */
function applyEffect(s: ShardState, kind: number): void {
  if (kind === PerturbationKind.price_spike) refreshPrices(s);
  else if (kind === PerturbationKind.blackout || kind === PerturbationKind.outage) refreshUtilities(s);
}

/** Clears the meeting assignment of the event's participants (all in its bucket; bucket -1: named, anywhere). */
function releaseParticipants(s: ShardState, slot: number, id: number): void {
  const p = s.perturbations;
  const bucket = p.bucket[slot]!;
  const k = bucket < 0 ? 1 : p.bucketEvents.length;
  for (let eid = bucket < 0 ? 1 : bucket + 1; eid <= s.layout.capacity; eid += k) {
    if (p.meetEvent[eid] === id) p.meetEvent[eid] = 0;
  }
}
