import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadConfigFile } from '../config/load-config.js';
import { inputError } from '../core/errors.js';
import { createShard, type Shard } from '../core/shard.js';
import { hashTensors } from '../tensors/tensor-hash.js';
import { createProgress } from './progress.js';
import { assertWritableFile } from './writable-path.js';
import { formatSummary, type RunSummary, summarize, tensorSummary } from './run-summary.js';

/** Options of `townlet run`. */
export interface RunOptions {
  config: string;
  ticks?: number;
  tickLimit?: number;
  agents?: number;
  seed?: number;
  summaryJson?: string;
  quiet?: boolean;
  profile?: boolean;
  tensors?: boolean;
  workers?: number;
  hashEvery?: number;
}

/** A shard ready to run, with its tick count and the time its start-up began. */
export interface PreparedRun {
  shard: Shard;
  ticks: number;
  started: number;
}

/** Loads the config with the command's overrides and builds the shard (`tensors` forces tensors on). */
export function prepareRun(o: RunOptions, tensors = false): PreparedRun {
  const started = performance.now();
  if (o.summaryJson !== undefined) assertWritableFile('--summary-json', o.summaryJson);
  if (o.ticks !== undefined && o.tickLimit !== undefined && o.ticks !== o.tickLimit) {
    inputError(
      '--ticks / --tick-limit',
      'one tick count (they are the same option)',
      `${o.ticks} and ${o.tickLimit}`,
    );
  }
  const loaded = loadConfigFile(o.config, {
    ...(o.agents !== undefined ? { agents: o.agents } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
  });
  const ticks = o.ticks ?? o.tickLimit ?? loaded.config.run.ticks;
  if (ticks === undefined) inputError(`${o.config}: run.ticks`, 'a tick count (or --ticks N)', 'neither');
  const shard = createShard(loaded, {
    profile: o.profile ?? false,
    tensors: tensors || (o.tensors ?? false),
    ...(o.workers !== undefined ? { workers: o.workers } : {}),
    // Operators edit the manifest under a running shard: say what became of each change.
    onManifestReload: (reload) => {
      if (reload.status !== 'unchanged') process.stderr.write(`${reload.message}\n`);
    },
  });
  return { shard, ticks, started };
}

/** Summarises a finished run, prints and writes the summary as asked, closes the shard. */
export async function finishRun(o: RunOptions, run: PreparedRun, loopStart: number): Promise<RunSummary> {
  const { shard, ticks, started } = run;
  const loopSeconds = (performance.now() - loopStart) / 1000;
  const summary = summarize(shard, ticks, { startupSeconds: (loopStart - started) / 1000, loopSeconds });
  if (shard.tensors) {
    summary.tensors = tensorSummary(shard, shard.tensors);
    summary.tensor_hash = hashTensors(shard.tensors.buffers);
  }
  const profile = shard.profile();
  if (profile) summary.profile = profile;
  await shard.close();
  if (!o.quiet) process.stdout.write(`${formatSummary(summary)}\n`);
  if (o.summaryJson) writeFileSync(o.summaryJson, `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

/** `townlet run`: a bounded headless run that prints a summary. Returns the summary. */
export async function runCommand(o: RunOptions): Promise<RunSummary> {
  const run = prepareRun(o);
  const { shard, ticks } = run;
  const hashes: { tick: number; hash: string }[] = [];
  const progress = createProgress(ticks, !o.quiet);
  const loopStart = performance.now();
  try {
    const pooled = shard.workerPool !== undefined;
    for (let t = 1; t <= ticks; t++) {
      if (pooled) await shard.stepAsync();
      else shard.step();
      if (o.hashEvery !== undefined && t % o.hashEvery === 0) {
        const hash = shard.hash();
        hashes.push({ tick: t, hash });
        if (!o.quiet) process.stdout.write(`hash ${t} ${hash}\n`);
      }
      progress.update(t);
    }
  } finally {
    progress.stop();
  }
  const summary = await finishRun(o, run, loopStart);
  if (o.hashEvery !== undefined) summary.hashes = hashes;
  return summary;
}
