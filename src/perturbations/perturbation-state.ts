import {
  sharedFloat64,
  sharedInt16,
  sharedInt32,
  sharedUint8,
} from '../../components/shared-arrays.js';
import type { TownConfig } from '../config/schema.js';
import { codesOf } from '../core/codes.js';
import type { StateRegistry } from '../core/state-registry.js';

/** Perturbation kinds; the code is the `value` of perturbation_* events. Append only. */
export const PERTURBATION_KINDS = ['price_spike', 'blackout', 'outage', 'arranged_meet'] as const;
export type PerturbationKindName = (typeof PERTURBATION_KINDS)[number];
export const PerturbationKind = codesOf(PERTURBATION_KINDS);

/** Events pending or active at once (the fixed-size event table). */
export const EVENT_SLOTS = 64;
/** Slot status: free, scheduled for a later tick, in force. */
export const SLOT_FREE = 0;
export const SLOT_PENDING = 1;
export const SLOT_ACTIVE = 2;

/** A window entry older than any tick. */
const NEVER = -0x80000000;

/**
 * The perturbation scheduler's state. Registered: the event table (one row per slot), the id counter, spec
 * cooldowns and window entries, fairness-bucket counts and per-agent meeting assignments and cooldowns.
 * Not registered: `specs` (from the config) and `derived` (meeting distance fields, rebuilt on demand).
 */
export function createPerturbations(config: TownConfig, capacity: number) {
  const cfg = config.perturbations;
  const specs = Object.keys(cfg.events);
  const windowSize = Math.max(1, cfg.max_events_per_window);
  const buckets = cfg.fairness_buckets;
  const windowStarts = sharedInt32(specs.length * windowSize);
  windowStarts.fill(NEVER);
  const nextId = sharedInt32(1);
  nextId[0] = 1;
  const location = sharedInt32(EVENT_SLOTS);
  location.fill(-1);
  const bucket = sharedInt16(EVENT_SLOTS);
  bucket.fill(-1);
  return {
    /** Spec names in config order (index = spec code in `spec`). */
    specs,
    /** Entries kept per spec for max_events_per_window (its last starts, a ring). */
    windowSize,
    /** Event table, per slot: */
    id: sharedInt32(EVENT_SLOTS),
    status: sharedUint8(EVENT_SLOTS),
    spec: sharedInt16(EVENT_SLOTS),
    kind: sharedUint8(EVENT_SLOTS),
    startsAt: sharedInt32(EVENT_SLOTS),
    /** First tick the event is no longer in force (start + duration). */
    endsAt: sharedInt32(EVENT_SLOTS),
    /** Price spikes: the multiplier and the targeted prices (bit p = ECONOMY_PRICES[p]). */
    magnitude: sharedFloat64(EVENT_SLOTS),
    targets: sharedInt32(EVENT_SLOTS),
    /** Arranged meets: the meeting object's row, the participants' bucket and how many were drawn. */
    location,
    bucket,
    participants: sharedInt32(EVENT_SLOTS),
    /** [0]: the id the next event gets (ids start at 1). */
    nextId,
    /** Per spec: tick before which it may not fire by chance. */
    specCooldownUntil: sharedInt32(specs.length),
    /** Per spec: its last windowSize start ticks (ring at windowHead[spec]: the oldest entry). */
    windowStarts,
    windowHead: sharedInt32(specs.length),
    /** Per fairness bucket: agent-targeting events drawn from it, and the id of the last one (0 = never). */
    bucketEvents: sharedInt32(buckets),
    bucketLast: sharedInt32(buckets),
    /** Per agent slot: the arranged meet it is assigned to (event id, 0 = none) and its cooldown end tick. */
    meetEvent: sharedInt32(capacity + 1),
    agentCooldownUntil: sharedInt32(capacity + 1),
    derived: {
      /** Walking distance to the meeting object, by object row (derived from the grid, so not hashed). */
      meetingFields: new Map<number, Int32Array>(),
    },
  };
}
export type Perturbations = ReturnType<typeof createPerturbations>;

/** Registers every array of the scheduler under `perturbations.*`. */
export function registerPerturbations(registry: StateRegistry, p: Perturbations): void {
  const arrays = {
    id: p.id,
    status: p.status,
    spec: p.spec,
    kind: p.kind,
    starts_at: p.startsAt,
    ends_at: p.endsAt,
    magnitude: p.magnitude,
    targets: p.targets,
    location: p.location,
    bucket: p.bucket,
    participants: p.participants,
    next_id: p.nextId,
    spec_cooldown_until: p.specCooldownUntil,
    window_starts: p.windowStarts,
    window_head: p.windowHead,
    bucket_events: p.bucketEvents,
    bucket_last: p.bucketLast,
    meet_event: p.meetEvent,
    agent_cooldown_until: p.agentCooldownUntil,
  };
  registry.addGroup('perturbations', arrays);
}

/** The slot holding event `id`, or -1. */
export function slotOf(p: Perturbations, id: number): number {
  if (id <= 0) return -1;
  for (let slot = 0; slot < EVENT_SLOTS; slot++) if (p.status[slot] !== SLOT_FREE && p.id[slot] === id) return slot;
  return -1;
}

/** The lowest free slot, or -1 when the table is full. */
export function freeSlot(p: Perturbations): number {
  for (let slot = 0; slot < EVENT_SLOTS; slot++) if (p.status[slot] === SLOT_FREE) return slot;
  return -1;
}
