import { codesOf } from '../core/codes.js';

/**
 * The discrete action space shared by the scripted policy and learned policies (docs/ACTIONS.md).
 * Ids 0–6 are fixed; ids from USE_BASE on are "use affordance k", one per affordance in manifest order, so the
 * space has USE_BASE + (affordance count) actions.
 */
export const Action = {
  noop: 0,
  moveNorth: 1,
  moveSouth: 2,
  moveEast: 3,
  moveWest: 4,
  release: 5,
  chat: 6,
} as const;

/** Id of "use affordance 0"; affordance k is USE_BASE + k. */
export const USE_BASE = 7;

/** Tile offsets of the four moves, indexed by action id − 1 (north is y − 1: row 0 is the top of the map). */
export const MOVE_DX: readonly number[] = [0, 0, 1, -1];
export const MOVE_DY: readonly number[] = [-1, 1, 0, 0];

/** Number of actions for a manifest with `affordances` affordances. */
export function actionCount(affordances: number): number {
  return USE_BASE + affordances;
}

/** The names of the action ids, for docs, logs and the tensor spec. */
export function actionNames(affordanceIds: readonly string[]): string[] {
  return [
    'noop',
    'move_north',
    'move_south',
    'move_east',
    'move_west',
    'release',
    'chat',
    ...affordanceIds.map((id) => `use:${id}`),
  ];
}

/**
 * What became of an agent's action this tick (components/actions.ts `result`). The affordance system may
 * overwrite it later in the tick (finished, failed); the scripted policy reads it on the next tick.
 */
export const ActionResult = {
  none: 0,
  moved: 1,
  started: 2,
  queued: 3,
  finished: 4,
  failed: 5,
  cooldown: 6,
  invalid: 7,
  released: 8,
  chatted: 9,
  running: 10,
  evicted: 11,
} as const;

/** Why an action was invalid (the `invalid_action` event's value). */
export const INVALID_REASONS = [
  'unknown_action',
  'blocked_move',
  'no_adjacent_object',
  'busy',
  'nothing_to_release',
  'no_chat_partner',
  'chat_cooldown',
] as const;
export type InvalidReason = (typeof INVALID_REASONS)[number];
export const InvalidReasonCode = codesOf(INVALID_REASONS);
