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
  { name: 'chat', fields: 'agent chatted with a neighbour; other = partner entity id, value = quality in [0, 1]' },
  { name: 'manifest_reloaded', fields: 'a changed manifest file was applied at the start of this tick' },
  {
    name: 'job_late',
    fields: 'first late tick of a shift (grace over, never on time); object = workplace, other = job, value = ticks since start',
  },
  {
    name: 'job_absent',
    fields: 'a shift became absent (once per shift); object = workplace, other = job, value = absences in the last 7 days',
  },
  {
    name: 'shift_complete',
    fields: 'agent\'s shift ended; object = workplace, other = job, value = on-time ticks ÷ scheduled ticks',
  },
  { name: 'employment_exit_pending', fields: 'agent queued for an employment exit; other = agents pending' },
  {
    name: 'employment_exit_processed',
    fields: 'agent left through the employment exit loop; other = route (EMPLOYMENT_EXIT_ROUTES code), value = absences',
  },
  { name: 'employment_exit_deferred', fields: 'a pending employment exit was deferred; other = agents pending' },
  { name: 'employment_exit_overflow', fields: 'the exit queue is over exit_queue_limit; other = agents pending' },
  { name: 'stock_restocked', fields: 'a restock ran; other = objects that gained stock, value = units added' },
  { name: 'price_changed', fields: 'a price changed; other = price index (ECONOMY_PRICES), value = new current price' },
  { name: 'wage_changed', fields: 'a job\'s wage changed; other = job index, value = new wage per tick' },
  {
    name: 'perturbation_started',
    fields: 'a perturbation began; other = event id, value = kind code (PERTURBATION_KINDS); object = meeting point',
  },
  { name: 'perturbation_cancelled', fields: 'a perturbation was cancelled; other = event id, value = kind code' },
  { name: 'perturbation_ended', fields: 'a perturbation ended; other = event id, value = kind code' },
  { name: 'meet_assigned', fields: 'agent was sent to an arranged meeting at object; other = event id' },
  { name: 'chat_failure', fields: 'a chat went wrong (the speaker avoids the partner); other = partner' },
  { name: 'shared_meal', fields: 'two agents ate at the same fridge together; other = partner' },
  {
    name: 'rivalry_changed',
    fields: 'a rivalry edge was created, crossed the avoid threshold or was dropped; other = rival, value = score',
  },
  {
    name: 'relationship_changed',
    fields: 'a tie was created, reached the friend trust level or was dropped; other = partner, value = trust',
  },
  { name: 'rival_avoided', fields: 'agent turned away from an object held by a rival; other = rival' },
  { name: 'nightly_reset', fields: 'the day ended; value = agents sent home' },
  {
    name: 'starvation_incident',
    fields: 'agent\'s hunger stayed at or below the starvation threshold for min_duration_ticks; value = hunger',
  },
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

/**
 * Why an agent left the world (operator: the console's kill); stored in `agent_exit` events and counted in run
 * summaries.
 */
export const EXIT_REASONS = ['faint', 'eviction', 'operator'] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];
/** Numeric code of each exit reason (1-based). */
export const ExitReasonCode = codesOf(EXIT_REASONS);
