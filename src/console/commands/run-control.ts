import { z } from 'zod';
import { type ConsoleCode, refuse } from '../codes.js';
import { command } from '../command.js';
import type { HostResult } from '../host.js';

/** A host answer as a result, or the refusal it carries (409: not now; 503: still loading). */
function settle(r: HostResult): unknown {
  if ('error' in r) refuse((r.code === 409 ? 'conflict' : 'in_progress') satisfies ConsoleCode, r.error);
  return r;
}

/** pause: stops ticking after the tick in flight; queued mutations then apply at once. */
export const pauseCommand = command({
  name: 'pause',
  summary: 'stop ticking after the tick in flight (reads keep answering; mutations apply at once)',
  role: 'admin',
  destructive: false,
  mode: 'control',
  args: z.strictObject({}),
  run: async (ctx) => settle(await ctx.host.pause()),
});

/** resume: goes on ticking. */
export const resumeCommand = command({
  name: 'resume',
  summary: 'go on ticking',
  role: 'admin',
  destructive: false,
  mode: 'control',
  args: z.strictObject({}),
  run: async (ctx) => settle(await ctx.host.resume()),
});

/** snapshot_save: writes a snapshot now, at a tick boundary, with the console's state in its extra section. */
export const snapshotSaveCommand = command({
  name: 'snapshot_save',
  summary: 'write a snapshot now (at a tick boundary) into the snapshot folder',
  role: 'admin',
  destructive: false,
  mode: 'control',
  args: z.strictObject({}),
  run: async (ctx) => settle(await ctx.host.snapshotNow()),
});
