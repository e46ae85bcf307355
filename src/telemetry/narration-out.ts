import { createWriteStream } from 'node:fs';
import { inputError } from '../core/errors.js';
import type { FramePipeline } from './frame-pipeline.js';
import { type NarrationThrottle, narratePayload } from './narration.js';

/** Narrates every events payload of `pipeline` through `throttle`, writing the lines told; returns the throttle. */
export function attachNarration(
  pipeline: FramePipeline,
  throttle: NarrationThrottle,
  write: (line: string) => void,
): NarrationThrottle {
  pipeline.onEvents((payload) => narratePayload(throttle, payload, write));
  return throttle;
}

/** Refuses a narration target other than `none`, `stderr` or `file:PATH` (InputError naming the key). */
export function checkNarrationTarget(target: string): void {
  if (target === 'none' || target === 'stderr' || (target.startsWith('file:') && target.length > 5)) return;
  inputError('telemetry.narration.target', 'none, stderr or file:PATH', target);
}

/** Where narration lines go (`stderr` or `file:PATH`, config telemetry.narration.target): a line writer. */
export function narrationWriter(target: string): (line: string) => void {
  checkNarrationTarget(target);
  if (target === 'stderr') return (line) => process.stderr.write(line);
  const out = createWriteStream(target.slice(5), { flags: 'a' });
  return (line) => out.write(line);
}
