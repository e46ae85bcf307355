import type { StateRegistry } from '../core/state-registry.js';

/** PLACEHOLDER (employment helper fills it): pending employment exits in order, exits today. */
export function createExitQueue(_capacity: number) {
  return {};
}
export type ExitQueue = ReturnType<typeof createExitQueue>;

export function registerExitQueue(_registry: StateRegistry, _q: ExitQueue): void {}
