import { codesOf } from './codes.js';

/**
 * Every kind of event a system may write, with its numeric code. Codes are stable (telemetry and captures
 * store them); add new kinds at the end. `fields` documents what the record's columns mean for that kind.
 */
export const EVENT_KINDS = [
  { name: 'agent_faint', fields: 'agent fainted (hunger ≤ lifecycle.faint_threshold); value = hunger' },
  { name: 'agent_exit', fields: 'agent left the world; other = exit reason code (EXIT_REASONS)' },
  { name: 'agent_respawn', fields: 'replacement entered a slot; other = life number of the slot' },
  {
    name: 'respawn_deferred',
    fields: 'a due replacement waits (cooldown or daily cap); other = tick it is moved to',
  },
  { name: 'affordance_start', fields: 'agent started an affordance on object; other = affordance index' },
  {
    name: 'affordance_finish',
    fields: 'affordance completed and its effects applied; other = affordance index',
  },
  {
    name: 'affordance_fail',
    fields: 'affordance failed or was cancelled; other = affordance index, value = reason code (FAIL_REASONS)',
  },
  {
    name: 'queue_conflict',
    fields: 'ghost step: an idle holder lost object to the waiting line; other = next holder, value = agents waiting',
  },
  { name: 'queue_handover', fields: 'object passed to the next waiting agent; other = previous holder (0 = none)' },
  { name: 'queue_cooldown', fields: 'request refused: agent used object recently; other = tick it may ask again' },
  {
    name: 'invalid_action',
    fields: 'action could not apply and became a no-op; other = action id, value = reason code (INVALID_REASONS)',
  },
  { name: 'chat', fields: 'agent chatted with a neighbour; other = partner entity id' },
  { name: 'manifest_reloaded', fields: 'a changed manifest file was applied at the start of this tick' },
] as const;

/** An event kind's name. */
export type EventKindName = (typeof EVENT_KINDS)[number]['name'];

/** Numeric code of each event kind (1-based; 0 is never written). */
export const EventKind = codesOf(EVENT_KINDS.map((k) => k.name));

/** Name of an event code. */
export function eventKindName(code: number): EventKindName {
  const kind = EVENT_KINDS[code - 1];
  if (!kind) throw new RangeError(`unknown event code ${code}`);
  return kind.name;
}

/** Why an agent left the world; stored in `agent_exit` events and counted in run summaries. */
export const EXIT_REASONS = ['faint', 'eviction'] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];
/** Numeric code of each exit reason (1-based). */
export const ExitReasonCode = codesOf(EXIT_REASONS);
