import { inputError } from '../core/errors.js';
import type { ShardState } from '../core/shard-state.js';
import { isPending, Q_APPROVALS, Q_DEFERRALS, Q_HEAD, removeExit } from './exit-queue.js';

/**
 * Approves agent `agentId`'s pending employment exit: it exits in the next tick's employment phase, cap or not
 * (route manual). Writes exitQueue.approved and the approvals list. Throws InputError, changing nothing, when
 * the id names no live agent or the agent has no pending exit. Approving twice is the same as once.
 */
export function approveExit(s: ShardState, agentId: string): void {
  const eid = pendingAgent(s, agentId, 'approveEmploymentExit');
  const q = s.exitQueue;
  if (q.approved[eid] === 1) return;
  q.approved[eid] = 1;
  q.approvals[q.meta[Q_APPROVALS]!] = eid;
  q.meta[Q_APPROVALS]! += 1;
}

/**
 * Defers agent `agentId`'s pending employment exit: it leaves the queue now (and any approval is cancelled),
 * and is not queued again before exit_review_window ticks have passed. The next tick writes its
 * employment_exit_deferred event. Throws InputError, changing nothing, like approveExit.
 */
export function deferExit(s: ShardState, agentId: string): void {
  const eid = pendingAgent(s, agentId, 'deferEmploymentExit');
  const q = s.exitQueue;
  removeExit(q, eid);
  q.deferUntil[eid] = s.clock[0]! + s.config.employment.exit_review_window;
  q.deferrals[q.meta[Q_DEFERRALS]!] = eid;
  q.meta[Q_DEFERRALS]! += 1;
}

/** Ids of the agents with a pending employment exit, in queue order (head first). Reads the exit queue. */
export function pendingExits(s: ShardState): string[] {
  const q = s.exitQueue;
  const out: string[] = [];
  for (let eid = q.meta[Q_HEAD]!; eid !== 0; eid = q.next[eid]!) {
    // A life that ended since the last tick leaves the queue at the next employment phase; hide it already.
    if (s.life.alive[eid] === 1 && s.life.life[eid] === s.employment.lifeSeen[eid]) out.push(s.agentIds.get(eid));
  }
  return out;
}

/** The entity id of live agent `agentId` with a pending exit; InputError otherwise. */
function pendingAgent(s: ShardState, agentId: string, where: string): number {
  const eid = typeof agentId === 'string' && agentId !== '' ? s.agentIds.indexOf(agentId) : -1;
  const found = typeof agentId === 'string' ? `"${agentId}"` : String(agentId);
  if (eid < 1 || s.life.alive[eid] !== 1) inputError(`${where}(agentId)`, 'the id of a live agent', found);
  const q = s.exitQueue;
  if (!isPending(q, eid) || s.life.life[eid] !== s.employment.lifeSeen[eid]) {
    const pending = pendingExits(s);
    const list = pending.length === 0 ? 'none pending' : pending.slice(0, 5).join(', ') + (pending.length > 5 ? ', …' : '');
    inputError(`${where}(agentId)`, `an agent with a pending employment exit (${list})`, `${found} (not pending)`);
  }
  return eid;
}
