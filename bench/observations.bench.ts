import { Bench } from 'tinybench';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard } from '../src/core/shard.js';
import { prepareObservations } from '../src/tensors/observation-prepare.js';
import { writeObservations } from '../src/tensors/observations.js';

/**
 * Hybrid observations of the default town (configs/town.yaml) at 10,000 agents: agent-observations per second
 * of one core (the prepare step and the row writes, as the observation system runs them), next to the issue's
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
const tick = s.clock[0]!;

const fill = new Float32Array(new SharedArrayBuffer(64 * 1024 * 1024));
fill.fill(1); // touch every page first

const bench = new Bench({ time: seconds * 1000, warmup: true });
bench.add('observations', () => {
  prepareObservations(s, t, tick);
  writeObservations(s, t, tick, 1, capacity + 1);
});
let v = 0;
bench.add('fill 64 MiB', () => fill.fill((v = 1 - v)));
await bench.run();

const [obs, mem] = bench.tasks.map((task) => {
  const r = task.result;
  if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}`);
  return r.latency.mean / 1000; // seconds per run
});
const live = s.live.count(s.life.alive);
const perSec = live / obs!;
const writtenPerSec = (capacity * t.spec.obsDim * 4) / obs!;
const fillPerSec = fill.byteLength / mem!;
const result = {
  variant: t.spec.variant,
  agents: live,
  obs_dim: t.spec.obsDim,
  mean_ms: +(obs! * 1000).toFixed(3),
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
