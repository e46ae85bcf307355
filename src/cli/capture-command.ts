import { performance } from 'node:perf_hooks';
import { captureRun } from '../capture/capture-run.js';
import { finishRun, prepareRun, type RunOptions } from './run-command.js';
import type { RunSummary } from './run-summary.js';
import { assertWritableDir } from './writable-path.js';

/** Options of `townlet capture`: every run option plus where and what to record. */
export interface CaptureOptions extends RunOptions {
  out: string;
  recordAgents?: number;
  chunkTicks?: number;
}

/**
 * `townlet capture`: runs like `townlet run` (tensors on) and records the rollout as .npy files in `--out`
 * (docs/TENSORS.md, "Rollout capture"). Prints the run summary and where the files went.
 */
export async function captureCommand(o: CaptureOptions): Promise<RunSummary> {
  assertWritableDir('--out', o.out);
  const run = prepareRun(o, true);
  const loopStart = performance.now();
  await captureRun(run.shard, {
    out: o.out,
    ticks: run.ticks,
    chunkTicks: o.chunkTicks ?? 64,
    ...(o.recordAgents !== undefined ? { recordAgents: o.recordAgents } : {}),
  });
  const summary = await finishRun(o, run, loopStart);
  if (!o.quiet) process.stdout.write(`  capture      ${o.out} (manifest.json and six .npy files)\n`);
  return summary;
}
