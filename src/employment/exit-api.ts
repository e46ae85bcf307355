import type { ShardState } from '../core/shard-state.js';

/** PLACEHOLDER (employment helper): approve agent `agentId`'s employment exit (runs at the next employment phase). */
export function approveExit(_s: ShardState, _agentId: string): void {
  throw new Error('not implemented yet');
}

/** PLACEHOLDER: defer agent `agentId`'s pending employment exit. */
export function deferExit(_s: ShardState, _agentId: string): void {
  throw new Error('not implemented yet');
}

/** PLACEHOLDER: ids of agents with a pending employment exit, in queue order. */
export function pendingExits(_s: ShardState): string[] {
  return [];
}
