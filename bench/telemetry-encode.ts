import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard } from '../src/core/shard.js';
import { encoderTables } from '../src/telemetry/encoder-tables.js';
import { FileSink } from '../src/telemetry/file-sink.js';
import { FramePipeline } from '../src/telemetry/frame-pipeline.js';
import { type Frame, FrameCapture } from '../src/telemetry/frame.js';

/**
 * The encoder thread's work, in process: captures `--ticks` frames of a `--agents` town from its start (the agent
 * section every `agents_every_ticks`, as a run takes it), then encodes and writes them to a file `--rounds` times
 * (a fresh pipeline each: a snapshot, then diffs and events), printing ms per tick and MB/s per round. What the
 * file transport's encoder thread does in `townlet run`, without the tick competing for the cores; the process's CPU
 * time beside the wall time (on a shared machine the CPU time moves less). Run:
 * npm run build && node dist/bench/telemetry-encode.js [--agents N] [--ticks T] [--rounds R]
 * (add node's --cpu-prof to see where the time goes).
 */
const { values } = parseArgs({
  options: {
    config: { type: 'string', default: 'configs/town.yaml' },
    agents: { type: 'string', default: '10000' },
    ticks: { type: 'string', default: '600' },
    rounds: { type: 'string', default: '5' },
  },
});
const config = loadConfigFile(values.config, { agents: Number(values.agents) });
const shard = createShard(config);
const capture = new FrameCapture();
const frames: Frame[] = [];
const every = config.config.telemetry.agents_every_ticks;
const captureStart = performance.now();
let captureMs = 0;
for (let t = 1; t <= Number(values.ticks); t++) {
  shard.step();
  const start = performance.now();
  frames.push(capture.capture(shard, (t - 1) % every === 0));
  captureMs += performance.now() - start;
}
process.stdout.write(
  `captured ${frames.length} ticks in ${((performance.now() - captureStart) / 1000).toFixed(1)} s ` +
  `(capture ${(captureMs / frames.length).toFixed(3)} ms a tick)\n`,
);
const tables = encoderTables(shard);
const dir = mkdtempSync(join(tmpdir(), 'townlet-encode-'));
const telemetry = { ...config.config.telemetry, buffer_payloads: frames.length + 1, file_max_bytes: 2 ** 40 };
for (let r = 0; r < Number(values.rounds); r++) {
  const path = join(dir, `round-${r}.ndjson`);
  const sink = new FileSink(path, telemetry.file_max_bytes, telemetry.file_keep);
  const pipeline = new FramePipeline({ config: telemetry, tables, salt: Buffer.alloc(16), privacy: false });
  pipeline.addSink(sink);
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (const frame of frames) {
    pipeline.push(frame);
    pipeline.flush();
  }
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  await pipeline.close();
  const bytes = statSync(path).size;
  process.stdout.write(
    `round ${r}: ${(ms / frames.length).toFixed(3)} ms a tick (CPU ${(cpuMs / frames.length).toFixed(3)} ms), ` +
    `${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s ` +
    `(${(bytes / 1e6).toFixed(1)} MB)\n`,
  );
  rmSync(path);
}
rmSync(dir, { recursive: true, force: true });
await shard.close();
