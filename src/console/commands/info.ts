import { z } from 'zod';
import { command } from '../command.js';

/** health: the /health report (from the last tick boundary). */
export const healthCommand = command({
  name: 'health',
  summary: 'the health report of /health',
  role: 'viewer',
  destructive: false,
  mode: 'control',
  args: z.strictObject({}),
  run: async (ctx) => ({ ...((await ctx.host.health()) as object), audit_head: ctx.auditHead() }),
});

/** audit_head: the hash of the audit log's last line. */
export const auditHeadCommand = command({
  name: 'audit_head',
  summary: 'the hash of the audit log\'s last line (the head of the chain)',
  role: 'viewer',
  destructive: false,
  mode: 'read',
  args: z.strictObject({}),
  run: (ctx) => ({ audit_head: ctx.auditHead() }),
});

/** whoami: the caller's role and token label. */
export const whoamiCommand = command({
  name: 'whoami',
  summary: 'the caller\'s role and token label',
  role: 'viewer',
  destructive: false,
  mode: 'read',
  args: z.strictObject({}),
  run: (ctx) => ({ role: ctx.caller.role, label: ctx.caller.label }),
});

/** debug_queues: object lines with waiting agents and the total waiting. */
export const debugQueuesCommand = command({
  name: 'debug_queues',
  summary: 'object lines with agents waiting (object id and length), and the total',
  role: 'viewer',
  destructive: false,
  mode: 'read',
  args: z.strictObject({ limit: z.number().int().min(1).max(10_000).optional() }),
  run: (ctx, a) => {
    const s = ctx.shard.state;
    const length = s.queues.length;
    const lines: { object: string; waiting: number }[] = [];
    let total = 0;
    for (let i = 0; i < length.length; i++) {
      const n = length[i]!;
      if (n === 0) continue;
      total += n;
      lines.push({ object: s.objectIds.get(i), waiting: n });
    }
    lines.sort((x, y) => y.waiting - x.waiting || (x.object < y.object ? -1 : 1));
    return { total_waiting: total, lines: lines.slice(0, a.limit ?? 50) };
  },
});
