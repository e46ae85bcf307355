import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { type Spread, spread } from './stats.js';

/**
 * `npm run bench:bridge`: the Python bridge against the in-process env, each case in `--runs` fresh processes
 * (default 5), every policy uniform over the mask with its sampling inside the timed loop:
 * TownEnv.step (TypeScript) and TownVecEnv.step (Python) at `--vec-agents` (10,000), TownParallelEnv.step at
 * `--parallel-agents` (100). Writes bench/results/bridge.json (median and min–max of agent-steps/s).
 */
const { values } = parseArgs({
  options: {
    'runs': { type: 'string', default: '5' },
    'vec-agents': { type: 'string', default: '10000' },
    'parallel-agents': { type: 'string', default: '100' },
    'steps': { type: 'string', default: '100' },
    'parallel-steps': { type: 'string', default: '1000' },
    'config': { type: 'string', default: 'configs/town.yaml' },
    'out': { type: 'string', default: 'bench/results/bridge.json' },
  },
});
const python = 'python/.venv/bin/python';
const warmup = '20';

interface RunResult {
  agent_steps_per_sec: number;
  mean_step_ms: number;
  mean_sample_ms?: number;
  mean_server_env_ms?: number;
  mean_server_write_ms?: number;
}

const cases: { name: string; argv: [string, ...string[]] }[] = [
  {
    name: 'typescript TownEnv.step',
    argv: [process.execPath, 'dist/bench/env-policy-run.js', values['vec-agents'], values.steps, warmup, values.config],
  },
  {
    name: 'python TownVecEnv.step',
    argv: [python, 'bench/python/bridge_run.py', 'vec', values['vec-agents'], values.steps, warmup, values.config],
  },
  {
    name: 'python TownParallelEnv.step',
    argv: [
      python,
      'bench/python/bridge_run.py',
      'parallel',
      values['parallel-agents'],
      values['parallel-steps'],
      warmup,
      values.config,
    ],
  },
];

const rows = cases.map(({ name, argv }) => {
  const results: RunResult[] = [];
  for (let r = 0; r < Number(values.runs); r++) {
    const [cmd, ...args] = argv;
    const line = execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    results.push(JSON.parse(line.trim().split('\n').pop()!) as RunResult);
  }
  const agents = Number(argv[argv.length - 4]);
  const row: Record<string, unknown> = {
    case: name,
    agents,
    runs: results.length,
    agent_steps_per_sec: spread(results.map((x) => x.agent_steps_per_sec)),
    mean_step_ms: spread(results.map((x) => x.mean_step_ms)),
  };
  for (const key of ['mean_sample_ms', 'mean_server_env_ms', 'mean_server_write_ms'] as const) {
    if (results[0]![key] !== undefined) row[key] = spread(results.map((x) => x[key]!));
  }
  const s = row['agent_steps_per_sec'] as Spread;
  process.stdout.write(
    `${name.padEnd(30)} ${String(agents).padStart(6)} agents  ${fmt(s.median)} agent-steps/s ` +
    `[${fmt(s.min)}–${fmt(s.max)}]\n`,
  );
  return row;
});
const ts = (rows[0]!['agent_steps_per_sec'] as Spread).median;
const vec = (rows[1]!['agent_steps_per_sec'] as Spread).median;
process.stdout.write(`python vec / typescript (medians): ${((vec / ts) * 100).toFixed(1)}%\n`);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  values.out,
  `${JSON.stringify({ when: new Date().toISOString(), cpus: cpus().length, node: process.version, observation_dtype: 'float32', rows, vec_over_typescript: vec / ts }, null, 2)}\n`,
);

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
