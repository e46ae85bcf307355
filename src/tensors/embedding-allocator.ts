import type { StateRegistry } from '../core/state-registry.js';

/** PLACEHOLDER (observations helper): stable embedding slots per agent with cooldown and forced reuse. */
export function createEmbeddingAllocator(_capacity: number, _maxSlots: number) {
  return {};
}
export type EmbeddingAllocator = ReturnType<typeof createEmbeddingAllocator>;

export function registerEmbeddingAllocator(_registry: StateRegistry, _e: EmbeddingAllocator): void {}
