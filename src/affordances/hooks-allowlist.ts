/**
 * The built-in affordance hooks a manifest may name (reference §2.5). Hooks are engine code, never loaded
 * from the manifest: a manifest only picks from this list, so a typo or a foreign name fails at load time.
 */
export const HOOK_NAMES = [
  'on_attempt_shower',
  'on_finish_shower',
  'on_no_power',
  'on_attempt_eat',
  'on_finish_eat',
  'on_attempt_cook',
  'on_finish_cook',
  'on_cook_fail',
  'on_attempt_sleep',
  'on_finish_sleep',
] as const;

/** One of the built-in hook names. */
export type HookName = (typeof HOOK_NAMES)[number];

/** The stages an affordance can attach hooks to: before it starts, after it finishes, when it fails. */
export const HOOK_STAGES = ['before', 'after', 'fail'] as const;

/** One of the hook stages. */
export type HookStage = (typeof HOOK_STAGES)[number];

// A Set, not an object lookup: `isAllowedHook('constructor')` must be false.
const allowed: ReadonlySet<string> = new Set(HOOK_NAMES);

/** True when `name` is a built-in hook a manifest may use. */
export function isAllowedHook(name: string): name is HookName {
  return allowed.has(name);
}
