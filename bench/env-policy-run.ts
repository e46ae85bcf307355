import { performance } from 'node:perf_hooks';
import seedrandom from 'seedrandom';
import { loadConfigFile } from '../src/config/load-config.js';
import { TownEnv } from '../src/env/town-env.js';

/** One process-level measurement of TownEnv.step with a uniform-over-the-mask policy. Printed as one JSON line. */
export interface EnvPolicyRunResult {
  side: 'typescript';
  agents: number;
  steps_measured: number;
  agent_steps_per_sec: number;
  mean_step_ms: number;
  mean_sample_ms: number;
}

/**
 * The in-process reference for the bridge benchmark (bench/bridge.bench.ts): `TownEnv.step` at `agents` agents,
 * each live row's action drawn uniformly from its mask inside the timed loop, as the Python runs do.
 * Usage: node dist/bench/env-policy-run.js <agents> <steps> <warmup> <config>
 */
function measure(agents: number, steps: number, warmup: number, config: string): EnvPolicyRunResult {
  const env = new TownEnv(loadConfigFile(config, { agents }));
  let s = env.reset(42);
  const actions = new Int32Array(env.capacity);
  const rng = seedrandom.alea('bridge-bench');
  const n = env.nActions;
  const sample = () => {
    const { masks, alive } = s;
    for (let row = 0; row < env.capacity; row++) {
      if (alive[row] !== 1) {
        actions[row] = 0;
        continue;
      }
      let allowed = 0;
      for (let a = 0; a < n; a++) allowed += masks[row * n + a]!;
      let k = Math.floor(rng() * allowed);
      let a = 0;
      for (; a < n; a++) if (masks[row * n + a] === 1 && k-- === 0) break;
      actions[row] = allowed === 0 ? 0 : a;
    }
  };
  for (let t = 0; t < warmup; t++) {
    sample();
    s = env.step(actions);
  }
  let agentSteps = 0;
  let sampleMs = 0;
  const t0 = performance.now();
  for (let t = 0; t < steps; t++) {
    const t1 = performance.now();
    sample();
    sampleMs += performance.now() - t1;
    for (let row = 0; row < env.capacity; row++) agentSteps += s.alive[row]!;
    s = env.step(actions);
  }
  const ms = performance.now() - t0;
  void env.close();
  return {
    side: 'typescript',
    agents,
    steps_measured: steps,
    agent_steps_per_sec: (agentSteps / ms) * 1000,
    mean_step_ms: ms / steps,
    mean_sample_ms: sampleMs / steps,
  };
}

const [agents, steps, warmup, config] = process.argv.slice(2);
process.stdout.write(
  `${JSON.stringify(measure(Number(agents), Number(steps), Number(warmup), config ?? 'configs/town.yaml'))}\n`,
);
process.exit(0);
