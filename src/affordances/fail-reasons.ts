import { codesOf } from '../core/codes.js';

/** Why an affordance failed or was cancelled (the `affordance_fail` event's value). Codes are 1-based and stable. */
export const FAIL_REASONS = [
  'precondition_failed',
  'insufficient_stock',
  'no_ingredients',
  'power_off',
  'water_off',
  'released',
  'agent_exit',
] as const;
export type FailReason = (typeof FAIL_REASONS)[number];
export const FailReasonCode = codesOf(FAIL_REASONS);
