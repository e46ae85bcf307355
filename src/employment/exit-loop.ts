import { exitAgent } from '../../systems/lifecycle.js';
import { codesOf } from '../core/codes.js';
import { EventKind, ExitReasonCode } from '../core/event-kinds.js';
import type { ShardState } from '../core/shard-state.js';
import { absencesInWindow, clearAbsences } from './absences.js';
import {
  enqueueExit,
  isPending,
  Q_APPROVALS,
  Q_DEFERRALS,
  Q_EXITS_TODAY,
  Q_HEAD,
  Q_LENGTH,
  removeExit,
} from './exit-queue.js';

/** How an employment exit was executed; stored in employment_exit_processed events (`other`). */
export const EMPLOYMENT_EXIT_ROUTES = ['manual', 'auto_review', 'daily_cap'] as const;
export type EmploymentExitRoute = (typeof EMPLOYMENT_EXIT_ROUTES)[number];
/** Numeric code of each route (1-based). */
export const EmploymentExitRoute = codesOf(EMPLOYMENT_EXIT_ROUTES);

/**
 * Drops queue members whose life ended (a faint, say) or was replaced since they were queued.
 * Reads life.alive, life.life, employment.lifeSeen; writes the exit queue.
 */
export function dropEndedLives(s: ShardState): void {
  const q = s.exitQueue;
  let eid = q.meta[Q_HEAD]!;
  while (eid !== 0) {
    const next = q.next[eid]!;
    if (s.life.alive[eid] !== 1 || s.life.life[eid] !== s.employment.lifeSeen[eid]) removeExit(q, eid);
    eid = next;
  }
}

/** Writes an employment_exit_deferred event for each API deferral since the last tick (other = agents pending). */
export function reportDeferrals(s: ShardState): void {
  const m = s.exitQueue.meta;
  const length = m[Q_LENGTH]!;
  for (let i = 0; i < m[Q_DEFERRALS]!; i++) {
    s.events.emit(EventKind.employment_exit_deferred, s.exitQueue.deferrals[i]!, 0, length);
  }
  m[Q_DEFERRALS] = 0;
}

/** Step 1: exits approved through the API since the last tick, in call order (they bypass the daily cap). */
export function executeApprovals(s: ShardState, tick: number): void {
  const q = s.exitQueue;
  const m = q.meta;
  for (let i = 0; i < m[Q_APPROVALS]!; i++) {
    const eid = q.approvals[i]!;
    // A later deferral or the end of the life cancels the approval.
    if (q.approved[eid] === 1 && isPending(q, eid)) executeExit(s, eid, tick, EmploymentExitRoute.manual);
  }
  m[Q_APPROVALS] = 0;
}

/**
 * Step 2, for one agent: with max_absent_shifts > 0, an agent not pending, not deferred, whose absences over
 * the window reach max_absent_shifts joins the queue (employment_exit_pending; employment_exit_overflow too
 * when the queue is then longer than exit_queue_limit).
 */
export function queueIfDue(s: ShardState, eid: number, tick: number, day: number): void {
  const q = s.exitQueue;
  const cfg = s.config.employment;
  if (cfg.max_absent_shifts === 0 || isPending(q, eid) || tick < q.deferUntil[eid]!) return;
  if (absencesInWindow(s.employment, eid, day) < cfg.max_absent_shifts) return;
  const length = enqueueExit(q, eid, tick);
  s.events.emit(EventKind.employment_exit_pending, eid, 0, length);
  if (length > cfg.exit_queue_limit) s.events.emit(EventKind.employment_exit_overflow, eid, 0, length);
}

/**
 * Steps 3 and 4: members pending for exit_review_window ticks exit (they are at the head: the queue is in
 * joining order); then the head exits while the day's exits are under daily_exit_cap (0 = no cap).
 */
export function executeDueExits(s: ShardState, tick: number): void {
  const q = s.exitQueue;
  const m = q.meta;
  const { exit_review_window: review, daily_exit_cap: cap } = s.config.employment;
  while (m[Q_LENGTH]! > 0 && tick - q.since[m[Q_HEAD]!]! >= review) {
    executeExit(s, m[Q_HEAD]!, tick, EmploymentExitRoute.auto_review);
  }
  while (m[Q_LENGTH]! > 0 && (cap === 0 || m[Q_EXITS_TODAY]! < cap)) {
    executeExit(s, m[Q_HEAD]!, tick, EmploymentExitRoute.daily_cap);
  }
}

/**
 * Executes pending agent `eid`'s exit by `route`: leaves the queue, counts towards today's exits, writes
 * employment_exit_processed (other = route, value = absences in the window) and exits the world as an
 * eviction (exitAgent: detach, vacate, respawn ticket). Its absences are forgotten.
 */
function executeExit(s: ShardState, eid: number, tick: number, route: number): void {
  const q = s.exitQueue;
  const day = Math.floor(tick / s.config.ticks_per_day);
  const absences = absencesInWindow(s.employment, eid, day);
  removeExit(q, eid);
  q.meta[Q_EXITS_TODAY]! += 1;
  clearAbsences(s.employment, eid);
  exitAgent(s, eid, tick, ExitReasonCode.eviction);
  s.events.emit(EventKind.employment_exit_processed, eid, 0, route, absences);
}
