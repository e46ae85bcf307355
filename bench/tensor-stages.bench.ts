import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { type Spread, spread } from './stats.js';
import type { StagesRunResult } from './tensor-stages-run.js';

/**
 * `npm run bench:stages`: the tensor phase's cost per stage in nanoseconds per agent (10,000 agents of
 * configs/town.yaml by default, one thread), median and min–max over `--runs` fresh processes, with the
 * observation throughput and the Float32Array.fill bandwidth of the same processes. Writes
 * bench/results/tensor-stages.json (or `--out`).
 */
const { values } = parseArgs({
  options: {
    agents: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '0.5' },
    config: { type: 'string', default: 'configs/town.yaml' },
    out: { type: 'string', default: 'bench/results/tensor-stages.json' },
  },
});
const runs = Number(values.runs);
const results: StagesRunResult[] = [];
for (let r = 0; r < runs; r++) {
  const line = execFileSync(
    process.execPath,
    ['dist/bench/tensor-stages-run.js', values.agents, values.seconds, values.config],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  results.push(JSON.parse(line) as StagesRunResult);
}
const stages: Record<string, Spread> = {};
for (const name of Object.keys(results[0]!.stages_ns_per_agent)) {
  stages[name] = spread(results.map((r) => r.stages_ns_per_agent[name]!));
}
const report = {
  benchmark: 'tensor-stages',
  command: `npm run bench:stages -- --agents ${values.agents} --runs ${runs} --seconds ${values.seconds}`,
  config: values.config,
  threads: 1,
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length },
  node: process.version,
  agents: results[0]!.agents,
  obs_dim: results[0]!.obs_dim,
  stages_ns_per_agent: stages,
  observations_per_sec: spread(results.map((r) => r.observations_per_sec)),
  fill_gb_per_sec: spread(results.map((r) => r.fill_gb_per_sec)),
  share_of_fill: spread(results.map((r) => r.share_of_fill)),
  observations_uint8_per_sec: spread(results.map((r) => r.observations_uint8_per_sec)),
  uint8_over_float32: spread(results.map((r) => r.uint8_over_float32)),
  uint8_over_float32_paired: spread(results.map((r) => r.uint8_over_float32_paired)),
  runs: results,
};
const f = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
for (const [name, sp] of Object.entries(stages)) {
  process.stdout.write(`${name.padEnd(14)} ${f(sp.median).padStart(7)} ns/agent [${f(sp.min)}–${f(sp.max)}]\n`);
}
const o = report.observations_per_sec;
const m = (n: number) => `${(n / 1e6).toFixed(2)}M`;
process.stdout.write(
  `observations (prepare + rows, one thread): ${m(o.median)}/s [${m(o.min)}–${m(o.max)}] (target 2.0M); ` +
  `fill ${report.fill_gb_per_sec.median} GB/s, share ${report.share_of_fill.median}\n`,
);
const u = report.observations_uint8_per_sec;
const q = report.uint8_over_float32;
const p = report.uint8_over_float32_paired;
process.stdout.write(
  `uint8 maps, same processes: ${m(u.median)}/s [${m(u.min)}–${m(u.max)}], ${q.median}× float32 [${q.min}–${q.max}]; ` +
  `alternating rounds ${p.median}× [${p.min}–${p.max}] (target 1.3×)\n`,
);
mkdirSync('bench/results', { recursive: true });
writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`wrote ${values.out}\n`);
