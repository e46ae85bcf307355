import { sharedInt32, sharedUint32, sharedUint8 } from '../../components/shared-arrays.js';
import type { StateRegistry } from '../core/state-registry.js';

/** Slots of ExitQueue.meta. */
export const Q_HEAD = 0;
export const Q_TAIL = 1;
export const Q_LENGTH = 2;
/** Day index the daily counters (exits today, lateness today) belong to. */
export const Q_DAY = 3;
export const Q_EXITS_TODAY = 4;
/** Entries in `approvals` and `deferrals` (written by the API between ticks, drained by the next tick). */
export const Q_APPROVALS = 5;
export const Q_DEFERRALS = 6;

/**
 * Pending employment exits: a FIFO of agent entity ids as a doubly linked list over per-agent typed arrays
 * (0 = end of list), so members leave from anywhere in O(1). Agents join at the tail in tick order, so the head
 * has waited longest. Also the approvals and deferrals made through the API since the last tick, and the daily
 * exit count. Written by the employment system and src/employment/exit-api.ts; all registered state.
 */
export function createExitQueue(capacity: number) {
  const n = capacity + 1;
  const q = {
    /** head, tail, length, day, exits today, approvals, deferrals (Q_* slots). */
    meta: sharedInt32(8),
    next: sharedUint32(n),
    prev: sharedUint32(n),
    /** Tick the agent joined the queue (-1 = not pending). */
    since: sharedInt32(n),
    /** A pending deferred exit may not be queued again before this tick. */
    deferUntil: sharedInt32(n),
    /** 1 = approved through the API: it exits in the next employment phase. */
    approved: sharedUint8(n),
    /** Agents approved / deferred since the last tick, in call order. */
    approvals: sharedUint32(capacity),
    deferrals: sharedUint32(capacity),
  };
  q.since.fill(-1);
  return q;
}
export type ExitQueue = ReturnType<typeof createExitQueue>;

/** Registers every array of the queue as `exit_queue.<name>`. */
export function registerExitQueue(registry: StateRegistry, q: ExitQueue): void {
  registry.addGroup('exit_queue', q);
}

/** True when agent `eid` has a pending exit. */
export function isPending(q: ExitQueue, eid: number): boolean {
  return q.since[eid]! >= 0;
}

/** Appends agent `eid` (not pending) at the tail, stamped with `tick`; returns the new length. */
export function enqueueExit(q: ExitQueue, eid: number, tick: number): number {
  const m = q.meta;
  const tail = m[Q_TAIL]!;
  q.prev[eid] = tail;
  q.next[eid] = 0;
  if (tail === 0) m[Q_HEAD] = eid;
  else q.next[tail] = eid;
  m[Q_TAIL] = eid;
  q.since[eid] = tick;
  m[Q_LENGTH] = m[Q_LENGTH]! + 1;
  return m[Q_LENGTH]!;
}

/** Unlinks pending agent `eid` from the queue and clears its approval; returns the new length. */
export function removeExit(q: ExitQueue, eid: number): number {
  const m = q.meta;
  const before = q.prev[eid]!;
  const after = q.next[eid]!;
  if (before === 0) m[Q_HEAD] = after;
  else q.next[before] = after;
  if (after === 0) m[Q_TAIL] = before;
  else q.prev[after] = before;
  q.next[eid] = 0;
  q.prev[eid] = 0;
  q.since[eid] = -1;
  q.approved[eid] = 0;
  m[Q_LENGTH] = m[Q_LENGTH]! - 1;
  return m[Q_LENGTH]!;
}
