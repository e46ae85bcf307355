import { inputError } from '../core/errors.js';
import type { ShardState } from '../core/shard-state.js';
import { PRICE_TARGET_NAMES, priceMask } from '../economy/prices.js';
import { locationExists } from './meeting.js';
import {
  EVENT_SLOTS,
  freeSlot,
  PERTURBATION_KINDS,
  type PerturbationKindName,
  SLOT_FREE,
  SLOT_PENDING,
  slotOf,
} from './perturbation-state.js';
import { activateNamed, conclude, fillSlot, specAt } from './scheduler.js';

/** Overrides of a manually scheduled perturbation (absent ones are drawn as for a chance event). */
export interface ManualPerturbation {
  /** Ticks from now until it starts (0 = at the start of the next tick). */
  startsIn?: number;
  /** Ticks it lasts (≥ 1). */
  duration?: number;
  /** Price spikes only: the price multiplier (≥ 0). */
  magnitude?: number;
  /** Price spikes only: price keys or groups (market, global); empty = every price. */
  targets?: string[];
}

/** A perturbation as the API reports it. */
export interface PerturbationInfo {
  id: number;
  spec: string;
  kind: PerturbationKindName;
  state: 'pending' | 'active';
  /** First tick in force. */
  startsAt: number;
  /** First tick no longer in force (startsAt + duration). */
  endsAt: number;
}

const OPTION_KEYS = ['startsIn', 'duration', 'magnitude', 'targets'];
const MAX_TICKS = 1_000_000;

/**
 * Schedules spec `spec` (a name under perturbations.events) by hand and returns the new event's id. It starts
 * `startsIn` ticks after the next tick begins (0 = in force from the next tick), whatever max_concurrent_events,
 * cooldowns and windows say; once started it counts for them like any event. Writes a pending slot of the event
 * table (and draws what the options leave open from the events stream). An unknown spec, a bad option, a meeting
 * point that names no object or a full event table throws InputError and changes nothing.
 */
export function schedulePerturbation(s: ShardState, spec: string, options: ManualPerturbation = {}): number {
  const p = s.perturbations;
  const index = typeof spec === 'string' ? p.specs.indexOf(spec) : -1;
  if (index < 0) {
    const known = p.specs.length > 0 ? p.specs.join(', ') : 'none: perturbations.events is empty';
    inputError('schedulePerturbation(spec)', `a spec under perturbations.events (${known})`, JSON.stringify(spec) ?? String(spec));
  }
  const cfg = specAt(s, index);
  const where = `schedulePerturbation(${spec}, options)`;
  if (options === null || typeof options !== 'object') inputError(where, 'an options object', String(options));
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key)) inputError(`${where}.${key}`, `one of ${OPTION_KEYS.join(', ')}`, `the key "${key}"`);
  }
  const { startsIn = 0, duration, magnitude, targets } = options;
  checkInt(`${where}.startsIn`, startsIn, 0);
  if (duration !== undefined) checkInt(`${where}.duration`, duration, 1);
  if (cfg.kind !== 'price_spike') {
    if (magnitude !== undefined) inputError(`${where}.magnitude`, `no magnitude (spec ${spec} is a ${cfg.kind})`, String(magnitude));
    if (targets !== undefined) inputError(`${where}.targets`, `no targets (spec ${spec} is a ${cfg.kind})`, JSON.stringify(targets));
  }
  if (magnitude !== undefined && (typeof magnitude !== 'number' || !Number.isFinite(magnitude) || magnitude < 0 || magnitude > 100)) {
    inputError(`${where}.magnitude`, 'a price multiplier in [0, 100]', String(magnitude));
  }
  if (targets !== undefined) {
    const mask = Array.isArray(targets) && targets.every((t) => typeof t === 'string') ? priceMask(targets) : { unknown: String(targets) };
    if (typeof mask !== 'number') {
      inputError(`${where}.targets`, `price keys or groups (${PRICE_TARGET_NAMES.join(', ')})`, JSON.stringify(mask.unknown));
    }
  }
  if (cfg.kind === 'arranged_meet' && !locationExists(s, cfg.location)) {
    inputError(`perturbations.events.${spec}.location`, 'an object id or an object type of the world', JSON.stringify(cfg.location));
  }
  const slot = freeSlot(p);
  if (slot < 0) inputError('schedulePerturbation', `a free event slot (at most ${EVENT_SLOTS} pending or active)`, 'a full table');
  fillSlot(s, slot, index, { startsAt: s.clock[0]! + 1 + startsIn, duration, magnitude, targets });
  const id = p.nextId[0]!;
  p.nextId[0] = id + 1;
  return id;
}

/**
 * Starts an arranged meet of spec `spec` at once (in force from the tick in progress, the clock's) with the named
 * participants (agent slots) instead of a fairness draw, and returns its id. Each must be alive and not assigned
 * to another meeting; the spec must be an arranged_meet whose location names an object of the world; the event
 * table needs a free slot. Otherwise InputError, and nothing changes. The meeting lasts `duration` ticks (drawn
 * in the spec's range when absent); it counts for cooldowns and windows like any event.
 */
export function arrangeMeetWith(
  s: ShardState,
  spec: string,
  participants: readonly number[],
  duration?: number,
): number {
  const p = s.perturbations;
  const index = p.specs.indexOf(spec);
  const where = `arrangeMeetWith(${spec})`;
  if (index < 0 || specAt(s, index).kind !== 'arranged_meet') {
    inputError(`${where}: spec`, 'an arranged_meet spec under perturbations.events', JSON.stringify(spec));
  }
  const cfg = specAt(s, index);
  if (cfg.kind !== 'arranged_meet' || !locationExists(s, cfg.location)) {
    inputError(`perturbations.events.${spec}.location`, 'an object id or an object type of the world', 'none');
  }
  if (duration !== undefined) checkInt(`${where}: duration`, duration, 1);
  if (participants.length < 2 || new Set(participants).size !== participants.length) {
    inputError(`${where}: participants`, 'at least two different agents', String(participants.length));
  }
  for (const eid of participants) {
    if (!(eid >= 1 && eid <= s.layout.capacity) || s.life.alive[eid] !== 1) {
      inputError(`${where}: participants`, 'live agents', `slot ${eid}`);
    }
    if (p.meetEvent[eid] !== 0) inputError(`${where}: participants`, 'agents not assigned to a meeting', s.agentIds.get(eid));
  }
  const slot = freeSlot(p);
  if (slot < 0) inputError(where, `a free event slot (at most ${EVENT_SLOTS} pending or active)`, 'a full table');
  const tick = s.clock[0]!;
  fillSlot(s, slot, index, { startsAt: tick, duration });
  if (!activateNamed(s, slot, tick, Uint32Array.from(participants))) {
    inputError(`perturbations.events.${spec}.location`, 'a meeting object the participants can be sent to', 'none');
  }
  const id = p.nextId[0]!;
  p.nextId[0] = id + 1;
  return id;
}

/**
 * Cancels event `id`: a pending one is dropped, an active one ends now with its effects undone; either way a
 * perturbation_cancelled event is written (and no perturbation_ended). An id that is not pending or active throws
 * InputError naming the ones that are.
 */
export function cancelPerturbation(s: ShardState, id: number): void {
  const slot = typeof id === 'number' && Number.isInteger(id) ? slotOf(s.perturbations, id) : -1;
  if (slot < 0) {
    const ids = listPerturbations(s).map((e) => e.id);
    inputError('cancelPerturbation(id)', `the id of a pending or active event (${ids.length > 0 ? ids.join(', ') : 'none'})`, String(id));
  }
  conclude(s, slot, true);
}

/** Pending and active events, by id. Reads the event table. */
export function listPerturbations(s: ShardState): PerturbationInfo[] {
  const p = s.perturbations;
  const out: PerturbationInfo[] = [];
  for (let slot = 0; slot < EVENT_SLOTS; slot++) {
    if (p.status[slot] === SLOT_FREE) continue;
    out.push({
      id: p.id[slot]!,
      spec: p.specs[p.spec[slot]!]!,
      kind: PERTURBATION_KINDS[p.kind[slot]! - 1]!,
      state: p.status[slot] === SLOT_PENDING ? 'pending' : 'active',
      startsAt: p.startsAt[slot]!,
      endsAt: p.endsAt[slot]!,
    });
  }
  return out.sort((a, b) => a.id - b.id);
}

function checkInt(where: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_TICKS) {
    inputError(where, `an integer number of ticks in [${min}, ${MAX_TICKS}]`, String(value));
  }
}
