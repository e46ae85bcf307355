import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadConfigFile } from '../config/load-config.js';
import { inputError } from '../core/errors.js';
import { createShard, type Shard } from '../core/shard.js';
import type { ManifestReload } from '../affordances/manifest-reload.js';
import { loadSnapshot } from '../snapshots/load.js';
import { type PeriodicSnapshotOptions, PeriodicSnapshots, parseFault } from '../snapshots/periodic.js';
import { hashTensors } from '../tensors/tensor-hash.js';
import { createProgress } from './progress.js';
import { parseTarget } from '../telemetry/target.js';
import { finishRunTelemetry, setupTelemetry } from '../telemetry/telemetry-setup.js';
import { assertWritableFile } from './writable-path.js';
import { formatSummary, type RunSummary, summarize, tensorSummary } from './run-summary.js';

/** Options of `townlet run`. */
export interface RunOptions {
  /** The config file (with `resume`: the target config, guarded by config_id; default the snapshot's). */
  config?: string;
  /** A snapshot to continue from (`--resume FILE`). */
  resume?: string;
  /** Save a snapshot every N ticks into snapshotDir, keeping the newest `keep`. */
  snapshotEvery?: number;
  snapshotDir?: string;
  keep?: number;
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
  /** Telemetry target (`--telemetry stdout|file:PATH|tcp:HOST:PORT`; default telemetry.transport). */
  telemetry?: string;
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
  if (o.resume !== undefined) return { ...resumeRun(o, o.resume, tensors), started };
  if (o.config === undefined) inputError('--config', 'a shard config file (or --resume FILE)', 'neither');
  const loaded = loadConfigFile(o.config, {
    ...(o.agents !== undefined ? { agents: o.agents } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
  });
  const ticks = o.ticks ?? o.tickLimit ?? loaded.config.run.ticks;
  if (ticks === undefined) inputError(`${o.config}: run.ticks`, 'a tick count (or --ticks N)', 'neither');
  const shard = createShard(loaded, { ...shardOptions(o), tensors: tensors || (o.tensors ?? false) });
  return { shard, ticks, started };
}

/** `--resume FILE`: the shard comes from the snapshot; by default it runs the rest of run.ticks. */
function resumeRun(o: RunOptions, file: string, tensors: boolean): Omit<PreparedRun, 'started'> {
  for (const [flag, value] of [['--agents', o.agents], ['--seed', o.seed]] as const) {
    if (value !== undefined) inputError(flag, 'no override with --resume (the config comes from the snapshot)', String(value));
  }
  const shard = loadSnapshot(file, {
    ...shardOptions(o),
    ...(o.config !== undefined ? { config: loadConfigFile(o.config) } : {}),
    ...(tensors || o.tensors ? { tensors: true } : {}),
  });
  const total = shard.config.run.ticks;
  const ticks = o.ticks ?? o.tickLimit ?? (total === undefined ? undefined : Math.max(0, total - shard.tick));
  if (ticks === undefined) {
    void shard.close();
    inputError(`${file}: config run.ticks`, 'a tick count (or --ticks N)', 'neither');
  }
  return { shard, ticks };
}

function shardOptions(o: RunOptions) {
  return {
    profile: o.profile ?? false,
    ...(o.workers !== undefined ? { workers: o.workers } : {}),
    // Operators edit the manifest under a running shard: say what became of each change.
    onManifestReload: (reload: ManifestReload) => {
      if (reload.status !== 'unchanged') process.stderr.write(`${reload.message}\n`);
    },
  };
}

/** Summarises a finished run, prints and writes the summary as asked, closes the shard. */
export async function finishRun(
  o: RunOptions,
  run: PreparedRun,
  loopStart: number,
  extra: { out?: NodeJS.WritableStream; decorate?: (summary: RunSummary) => void; loopEnd?: number } = {},
): Promise<RunSummary> {
  const { shard, ticks, started } = run;
  const loopSeconds = ((extra.loopEnd ?? performance.now()) - loopStart) / 1000;
  const summary = summarize(shard, ticks, { startupSeconds: (loopStart - started) / 1000, loopSeconds });
  if (shard.tensors) {
    summary.tensors = tensorSummary(shard, shard.tensors);
    summary.tensor_hash = hashTensors(shard.tensors.buffers);
  }
  const profile = shard.profile();
  if (profile) summary.profile = profile;
  await shard.close();
  extra.decorate?.(summary);
  if (!o.quiet) (extra.out ?? process.stdout).write(`${formatSummary(summary)}\n`);
  if (o.summaryJson) writeFileSync(o.summaryJson, `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

/** `townlet run`: a bounded headless run that prints a summary. Returns the summary. */
export async function runCommand(o: RunOptions): Promise<RunSummary> {
  const snapshotOptions = periodicOptions(o);
  if (o.telemetry !== undefined) parseTarget('--telemetry', o.telemetry);
  const run = prepareRun(o);
  const telemetry = setupTelemetry(run.shard, o.telemetry);
  await telemetry?.ready();
  // The stream owns stdout when it streams there: people's lines go to stderr.
  const human = telemetry?.sinks.some((sink) => sink.name === 'stdout') ? process.stderr : process.stdout;
  // Created only once the run is good to go: bad input leaves no folder behind.
  const snapshots = snapshotOptions && new PeriodicSnapshots(snapshotOptions);
  const { shard, ticks } = run;
  const hashes: { tick: number; hash: string }[] = [];
  const progress = createProgress(ticks, !o.quiet);
  const loopStart = performance.now();
  try {
    const pooled = shard.workerPool !== undefined;
    for (let t = 1; t <= ticks; t++) {
      if (pooled) await shard.stepAsync();
      else shard.step();
      // Shard ticks, not loop counts: a resumed run prints the ticks the uninterrupted run would.
      const tick = shard.tick;
      if (o.hashEvery !== undefined && tick % o.hashEvery === 0) {
        const hash = shard.hash();
        hashes.push({ tick, hash });
        if (!o.quiet) human.write(`hash ${tick} ${hash}\n`);
      }
      await snapshots?.afterTick(shard);
      if (telemetry) {
        telemetry.capture();
        // Between ticks the stream's worker encodes and writes what the capture copied (a run waits for it when a
        // whole buffer is still in flight, so its files are complete).
        await telemetry.settle();
      }
      progress.update(t);
    }
    await snapshots?.flush();
  } catch (err) {
    await shard.close();
    throw err;
  } finally {
    progress.stop();
    await snapshots?.close();
  }
  // The stream's last flush (and a stalled consumer's grace period) is teardown, not the tick loop.
  const loopEnd = performance.now();
  const finished = telemetry && (await finishRunTelemetry(telemetry));
  const summary = await finishRun(o, run, loopStart, {
    out: human,
    loopEnd,
    ...(finished ? { decorate: finished.decorate } : {}),
  });
  if (o.hashEvery !== undefined) summary.hashes = hashes;
  if (snapshots && !o.quiet) {
    human.write(`  snapshots    ${snapshots.written.length} written to ${o.snapshotDir}\n`);
  }
  return summary;
}

/** The periodic saves asked for with --snapshot-every and --snapshot-dir (both or neither). */
function periodicOptions(o: RunOptions): PeriodicSnapshotOptions | undefined {
  if ((o.snapshotEvery === undefined) !== (o.snapshotDir === undefined)) {
    inputError('--snapshot-every / --snapshot-dir', 'both options or neither', o.snapshotDir ? 'only --snapshot-dir' : 'only --snapshot-every');
  }
  if (o.keep !== undefined && o.snapshotEvery === undefined) inputError('--keep', 'with --snapshot-every', 'alone');
  if (o.snapshotEvery === undefined || o.snapshotDir === undefined) return undefined;
  const fault = parseFault(process.env['TOWNLET_SNAPSHOT_FAULT']);
  return {
    dir: o.snapshotDir,
    every: o.snapshotEvery,
    ...(o.keep !== undefined ? { keep: o.keep } : {}),
    ...(fault ? { fault } : {}),
  };
}
