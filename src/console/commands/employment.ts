import { z } from 'zod';
import { approveExit, deferExit, pendingExits } from '../../employment/exit-api.js';
import { refuse } from '../codes.js';
import { command } from '../command.js';

/** employment_status: the agents with a pending employment exit, in queue order. */
export const employmentStatusCommand = command({
  name: 'employment_status',
  summary: 'agents with a pending employment exit, in queue order',
  role: 'viewer',
  destructive: false,
  mode: 'read',
  args: z.strictObject({}),
  run: (ctx) => {
    const pending = pendingExits(ctx.shard.state);
    return { pending_count: pending.length, pending_agents: pending };
  },
});

/** employment_exit {action: approve|defer, agent}: steers one pending exit (review: employment_status). */
export const employmentExitCommand = command({
  name: 'employment_exit',
  summary: 'approve (leaves next tick, cap or not) or defer a pending employment exit',
  role: 'admin',
  destructive: true,
  mode: 'queued',
  args: z.strictObject({ action: z.enum(['approve', 'defer']), agent: z.string() }),
  check: (ctx, a) => {
    const pending = pendingExits(ctx.shard.state);
    if (!pending.includes(a.agent)) {
      refuse('not_found', `args.agent: expected an agent with a pending employment exit (${pending.slice(0, 5).join(', ') || 'none'}), found "${a.agent}"`);
    }
  },
  run: (ctx, a) => {
    ctx.shard.guard('employment_exit');
    if (a.action === 'approve') approveExit(ctx.shard.state, a.agent);
    else deferExit(ctx.shard.state, a.agent);
    return { [a.action === 'approve' ? 'approved' : 'deferred']: a.agent };
  },
});

/** employment_exit review: the same list as employment_status (kept as its own read so viewers may run it). */
export const employmentReviewCommand = command({
  name: 'employment_exit_review',
  summary: 'review the employment exit queue (same as employment_status)',
  role: 'viewer',
  destructive: false,
  mode: 'read',
  args: z.strictObject({}),
  run: (ctx) => employmentStatusCommand.run(ctx, {}),
});
