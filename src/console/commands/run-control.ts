import { z } from 'zod';
import { refuse } from '../codes.js';
import { command } from '../command.js';
import type { ConsoleHost, HostResult } from '../host.js';

/** A host answer as a result, or the refusal it carries (409: not now → conflict; 503: still loading). */
function settle(r: HostResult): unknown {
  if ('error' in r) refuse(r.code === 409 ? 'conflict' : 'in_progress', r.error);
  return r;
}

/** An admin run-state command the host carries out (no args, not destructive: repeating it is harmless). */
function hostCommand(name: string, summary: string, call: (host: ConsoleHost) => Promise<HostResult>) {
  return command({
    name,
    summary,
    role: 'admin',
    destructive: false,
    mode: 'control',
    args: z.strictObject({}),
    run: async (ctx) => settle(await call(ctx.host)),
  });
}

/** pause: stops ticking after the tick in flight; queued mutations then apply at once. */
export const pauseCommand = hostCommand(
  'pause',
  'stop ticking after the tick in flight (reads keep answering; mutations apply at once)',
  (host) => host.pause(),
);

/** resume: goes on ticking. */
export const resumeCommand = hostCommand('resume', 'go on ticking', (host) => host.resume());

/** snapshot_save: writes a snapshot now, at a tick boundary, with the console's state in its extra section. */
export const snapshotSaveCommand = hostCommand(
  'snapshot_save',
  'write a snapshot now (at a tick boundary) into the snapshot folder',
  (host) => host.snapshotNow(),
);
