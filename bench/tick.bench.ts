import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { spread } from './stats.js';
import type { TickRunResult } from './tick-run.js';

/**
 * `npm run bench`: the full tick of configs/town.yaml at several population sizes, each measured in
 * `--runs` fresh processes (default 5). Reports agent-steps/s and tick p99 as median and min–max over runs,
 * bytes per agent, and writes bench/results/tick.json.
 */
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '50,100,1000,10000,100000' },
    runs: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '2' },
    config: { type: 'string', default: 'configs/town.yaml' },
    out: { type: 'string', default: 'bench/results/tick.json' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);

const rows = [];
for (const agents of sizes) {
  const results: TickRunResult[] = [];
  for (let r = 0; r < runs; r++) {
    const line = execFileSync(
      process.execPath,
      ['dist/bench/tick-run.js', String(agents), values.seconds, values.config],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    results.push(JSON.parse(line) as TickRunResult);
  }
  const row = {
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

const report = {
  benchmark: 'tick',
  command: `npm run bench -- --sizes ${values.sizes} --runs ${runs} --seconds ${values.seconds}`,
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
writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`wrote ${values.out}\n`);
