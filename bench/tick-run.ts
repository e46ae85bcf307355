import { performance } from 'node:perf_hooks';
import { Bench } from 'tinybench';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard } from '../src/core/shard.js';

/** One process-level measurement of the tick at one population size. Printed as one JSON line. */
export interface TickRunResult {
  agents: number;
  ticks_measured: number;
  mean_tick_ms: number;
  p50_tick_ms: number;
  p99_tick_ms: number;
  agent_steps_per_sec: number;
  mean_live_agents: number;
  startup_ms: number;
  state_bytes_per_agent: number;
  memory_bytes_per_agent: number;
}

/**
 * Measures `shard.step()` of configs/town.yaml at `agents` agents: a warm-up, then tinybench for `seconds`.
 * Run by tick.bench.ts in a fresh process per measurement (process-to-process variation is the real noise here).
 */
async function measure(
  agents: number,
  seconds: number,
  config: string,
  tensors: boolean,
  workers: number,
): Promise<TickRunResult> {
  const memBefore = memoryBytes();
  const t0 = performance.now();
  // The default town as shipped, scripted policy and mortality on: the tick a user runs. With tensors, the full
  // env step: the world plus observations, masks and rewards every tick.
  const shard = createShard(loadConfigFile(config, { agents }), { tensors, workers });
  const startupMs = performance.now() - t0;
  const memAfter = memoryBytes();
  // Warm up so the JIT has compiled the systems and agents have started walking to objects.
  for (let t = 0; t < 200; t++) await shard.stepAsync();
  const before = shard.counters();
  const bench = new Bench({ time: seconds * 1000, warmup: false, retainSamples: false });
  // stepAsync is step() unless the shard has a worker pool.
  if (workers > 0) bench.add(`tick@${agents}`, async () => shard.stepAsync());
  else bench.add(`tick@${agents}`, () => shard.step());
  await bench.run();
  const after = shard.counters();
  const task = bench.tasks[0]!;
  const result = task.result;
  if (result.state !== 'completed') throw new Error(`benchmark did not complete: ${result.state}`);
  const ticks = after.tick - before.tick;
  const steps = after.agent_steps - before.agent_steps;
  await shard.close();
  return {
    agents,
    ticks_measured: ticks,
    mean_tick_ms: result.latency.mean,
    p50_tick_ms: result.latency.p50,
    p99_tick_ms: result.latency.p99,
    agent_steps_per_sec: steps / (result.totalTime / 1000),
    mean_live_agents: steps / ticks,
    startup_ms: startupMs,
    state_bytes_per_agent: shard.state.registry.byteLength() / Math.max(1, agents),
    memory_bytes_per_agent: (memAfter - memBefore) / Math.max(1, agents),
  };
}

function memoryBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers + m.external;
}

const [agentsArg, secondsArg, configArg, tensorsArg, workersArg] = process.argv.slice(2);
const agents = Number(agentsArg);
if (!Number.isInteger(agents) || agents < 1) {
  process.stderr.write('usage: node dist/bench/tick-run.js <agents> [seconds] [config] [world|tensors] [workers]\n');
  process.exit(2);
}
const result = await measure(
  agents,
  Number(secondsArg ?? 2),
  configArg ?? 'configs/town.yaml',
  tensorsArg === 'tensors',
  Number(workersArg ?? 0),
);
process.stdout.write(`${JSON.stringify(result)}\n`);
