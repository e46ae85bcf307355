import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard, type Shard } from '../src/core/shard.js';
import { captureSnapshot } from '../src/snapshots/capture.js';
import { loadSnapshot } from '../src/snapshots/load.js';
import { PeriodicSnapshots } from '../src/snapshots/periodic.js';

/** One process-level measurement of snapshots at one population size. Printed as one JSON line. */
export interface SnapshotRunResult {
  agents: number;
  file_bytes: number;
  /** shard.saveSnapshot (capture, checksum, write, fsync, rename, folder fsync), median of 3 in this process. */
  save_ms: number;
  /** The tick-thread part of a periodic save (copy of the arrays into a reused buffer, header), median of 3. */
  capture_ms: number;
  /** loadSnapshot (read, checksum, build the shard, restore, hash check), median of 3. */
  load_ms: number;
  /** Periodic mode only: ticks/s without and with a snapshot every `every` ticks, and the relative cost. */
  periodic?: {
    every: number;
    ticks: number;
    plain_ticks_per_sec: number;
    snap_ticks_per_sec: number;
    cost: number;
    max_stall_ms: number;
  };
}

const median3 = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;

function timeIt(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

async function measure(agents: number, periodicEvery: number): Promise<SnapshotRunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'townlet-snap-bench-'));
  const shard = createShard(loadConfigFile('configs/town.yaml', { agents }));
  try {
    shard.run(100);
    const path = join(dir, 'bench.tsnap');
    const saves = [0, 1, 2].map(() => timeIt(() => shard.saveSnapshot(path)));
    // As periodic saves capture: into the buffer of the previous capture.
    let buffer: SharedArrayBuffer | undefined;
    const captures = [0, 1, 2, 3].map(() =>
      timeIt(() => {
        buffer = captureSnapshot(shard.state, {}, buffer).arrays.buffer as SharedArrayBuffer;
      }),
    ).slice(1);
    const loads = [0, 1, 2].map(() =>
      timeIt(() => {
        void loadSnapshot(path).close();
      }),
    );
    const result: SnapshotRunResult = {
      agents,
      file_bytes: statSync(path).size,
      save_ms: median3(saves),
      capture_ms: median3(captures),
      load_ms: median3(loads),
    };
    if (periodicEvery > 0) result.periodic = await periodic(shard, dir, periodicEvery);
    return result;
  } finally {
    await shard.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Alternates blocks of plain ticks and ticks with periodic snapshots, so drift of a noisy machine hits both. */
async function periodic(shard: Shard, dir: string, every: number) {
  const block = every * 5;
  let plainMs = 0;
  let snapMs = 0;
  let maxStall = 0;
  const saver = new PeriodicSnapshots({ dir: join(dir, 'periodic'), every, keep: 2 });
  for (let round = 0; round < 4; round++) {
    let t0 = performance.now();
    for (let t = 0; t < block; t++) shard.step();
    plainMs += performance.now() - t0;
    t0 = performance.now();
    for (let t = 0; t < block; t++) {
      shard.step();
      const s0 = performance.now();
      await saver.afterTick(shard);
      maxStall = Math.max(maxStall, performance.now() - s0);
    }
    await saver.flush();
    snapMs += performance.now() - t0;
  }
  await saver.close();
  const ticks = block * 4;
  const plain = (ticks / plainMs) * 1000;
  const snap = (ticks / snapMs) * 1000;
  const cost = 1 - snap / plain;
  return { every, ticks, plain_ticks_per_sec: plain, snap_ticks_per_sec: snap, cost, max_stall_ms: maxStall };
}

const [agentsArg, everyArg] = process.argv.slice(2);
const agents = Number(agentsArg);
if (!Number.isInteger(agents) || agents < 1) {
  process.stderr.write('usage: node dist/bench/snapshot-run.js <agents> [periodic-every]\n');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(await measure(agents, Number(everyArg ?? 0)))}\n`);
