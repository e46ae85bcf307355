import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { type Spread, spread } from './stats.js';
import type { TickRunResult } from './tick-run.js';

/**
 * `npm run bench`: the full tick of configs/town.yaml at several population sizes, each measured in
 * `--runs` fresh processes (default 5). `npm run bench:env` (`--tensors`): the full env step, the tick plus
 * observations, masks and rewards. Reports agent-steps/s and tick p99 as median and min–max over runs,
 * bytes per agent, and writes bench/results/tick.json.
 */
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '50,100,1000,10000,100000' },
    runs: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '2' },
    config: { type: 'string', default: 'configs/town.yaml' },
    out: { type: 'string' },
    tensors: { type: 'boolean', default: false },
    workers: { type: 'string', default: '0' },
  },
});
const out =
  values.out ??
  (values.tensors ? `bench/results/env-step-workers-${values.workers}.json` : 'bench/results/tick.json');
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);

/** One population size's figures over its runs. */
interface Row {
  agents: number;
  runs: number;
  agent_steps_per_sec: Spread;
  tick_p99_ms: Spread;
  tick_mean_ms: Spread;
  startup_ms: Spread;
  state_bytes_per_agent: number;
  memory_bytes_per_agent: number;
  ticks_measured: number[];
}

const rows: Row[] = [];
for (const agents of sizes) {
  const results: TickRunResult[] = [];
  for (let r = 0; r < runs; r++) {
    const line = execFileSync(
      process.execPath,
      [
        'dist/bench/tick-run.js',
        String(agents),
        values.seconds,
        values.config,
        values.tensors ? 'tensors' : 'world',
        values.workers,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    results.push(JSON.parse(line) as TickRunResult);
  }
  const row: Row = {
    agents,
    runs,
    agent_steps_per_sec: spread(results.map((r) => r.agent_steps_per_sec)),
    tick_p99_ms: spread(results.map((r) => r.p99_tick_ms)),
    tick_mean_ms: spread(results.map((r) => r.mean_tick_ms)),
    startup_ms: spread(results.map((r) => r.startup_ms)),
    state_bytes_per_agent: results[0]!.state_bytes_per_agent,
    memory_bytes_per_agent: spread(results.map((r) => r.memory_bytes_per_agent)).median,
    ticks_measured: results.map((r) => r.ticks_measured),
  };
  rows.push(row);
  const m = (n: number) => Math.round(n).toLocaleString('en-US');
  const us = (ms: number) => (ms * 1000).toFixed(1);
  process.stdout.write(
    `${String(agents).padStart(7)} agents: ${m(row.agent_steps_per_sec.median)} agent-steps/s ` +
    `[${m(row.agent_steps_per_sec.min)}–${m(row.agent_steps_per_sec.max)}], ` +
    `tick p99 ${us(row.tick_p99_ms.median)} µs [${us(row.tick_p99_ms.min)}–${us(row.tick_p99_ms.max)}], ` +
    `${Math.round(row.state_bytes_per_agent)} B/agent state, ${Math.round(row.memory_bytes_per_agent)} B/agent measured\n`,
  );
}

// Targets of the tensors issue, printed next to the figures they judge.
if (values.tensors) {
  const at = (n: number) => rows.find((r) => r.agents === n);
  const tenK = at(10_000);
  const hundredK = at(100_000);
  if (tenK) {
    process.stdout.write(
      `target: full env step ≥ 1,000,000 agent-steps/s at 10,000 agents: ` +
      `${Math.round(tenK.agent_steps_per_sec.median).toLocaleString('en-US')} (${values.workers} worker threads)\n`,
    );
  }
  if (hundredK) {
    process.stdout.write(
      `target: 100,000-agent full step p99 ≤ 100 ms: ${hundredK.tick_p99_ms.median.toFixed(1)} ms\n`,
    );
  }
}

const report = {
  benchmark: values.tensors ? 'env-step' : 'tick',
  command:
    `npm run bench${values.tensors ? ':env' : ''} -- --sizes ${values.sizes} --runs ${runs} ` +
    `--seconds ${values.seconds} --workers ${values.workers}`,
  workers: Number(values.workers),
  config: values.config,
  date: new Date().toISOString(),
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memory_gib: Math.round(totalmem() / 2 ** 30),
  },
  node: process.version,
  results: rows,
};
mkdirSync('bench/results', { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`wrote ${out}\n`);
