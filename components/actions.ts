import { sharedInt32, sharedUint8 } from './shared-arrays.js';

/**
 * The shared action buffer and each agent's last action and its outcome.
 * `buffer` is indexed by tensor row (entity id − 1): the policy (scripted, or a trainer through the env API)
 * writes one action id per row (docs/ACTIONS.md); the action system reads it. `last`/`result` are indexed by
 * entity id and written by the action, queue and affordance systems (ActionResult codes).
 */
export function createActions(capacity: number) {
  return {
    buffer: sharedInt32(capacity),
    last: sharedInt32(capacity + 1),
    result: sharedUint8(capacity + 1),
  };
}
export type Actions = ReturnType<typeof createActions>;
