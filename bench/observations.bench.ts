import { Bench } from 'tinybench';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard } from '../src/core/shard.js';
import { prepareObservations } from '../src/tensors/observation-prepare.js';
import { writeObservations } from '../src/tensors/observations.js';
import { tickedPasses } from './ticked-pass.js';

/**
 * Hybrid observations of the default town (configs/town.yaml) at 10,000 agents: agent-observations per second
 * of one core (the prepare step and the row writes, as the observation system runs them, over real ticks:
 * ticked-pass.ts; rows whose window did not change keep their maps), next to the issue's
 * 2M target; and the bytes those writes reach as a share of this machine's Float32Array.fill bandwidth over a
 * pre-touched 64 MiB SharedArrayBuffer (target ≥ 30%).
 * Run: npm run build && node dist/bench/observations.bench.js [agents] [seconds]
 */
const agents = Number(process.argv[2] ?? 10_000);
const seconds = Number(process.argv[3] ?? 3);
const shard = createShard(loadConfigFile('configs/town.yaml', { agents }), { tensors: true });
shard.run(200); // agents spread out, some hold objects and have ties
const s = shard.state;
const t = shard.tensors!;
const capacity = s.layout.capacity;

const fill = new Float32Array(new SharedArrayBuffer(64 * 1024 * 1024));
fill.fill(1); // touch every page first

const writers = { prepare: prepareObservations, write: writeObservations };
tickedPasses(shard, writers, 20); // warm-up
let passes = { ms: 0, rows: 0 };
let ticks = 0;
for (const t0 = performance.now(); performance.now() - t0 < seconds * 1000; ticks += 10) {
  const p = tickedPasses(shard, writers, 10);
  passes = { ms: passes.ms + p.ms, rows: passes.rows + p.rows };
}
const bench = new Bench({ time: 1000, warmup: true });
let v = 0;
bench.add('fill 64 MiB', () => fill.fill((v = 1 - v)));
await bench.run();
const mem = bench.tasks[0]!.result;
if (mem.state !== 'completed') throw new Error(`fill: ${mem.state}`);
const live = passes.rows / ticks;
const obs = passes.ms / 1000 / ticks; // seconds per pass
const perSec = live / obs;
const writtenPerSec = (capacity * t.spec.obsDim * 4) / obs;
const fillPerSec = fill.byteLength / (mem.latency.mean / 1000);
const result = {
  variant: t.spec.variant,
  agents: Math.round(live),
  ticks,
  obs_dim: t.spec.obsDim,
  mean_ms: +(obs * 1000).toFixed(3),
  agent_observations_per_sec: Math.round(perSec),
  target_per_sec: 2_000_000,
  of_target: +(perSec / 2_000_000).toFixed(2),
  written_gb_per_sec: +(writtenPerSec / 1e9).toFixed(2),
  fill_gb_per_sec: +(fillPerSec / 1e9).toFixed(2),
  share_of_fill: +(writtenPerSec / fillPerSec).toFixed(2),
  share_target: 0.3,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
await shard.close();
