import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import type { SnapshotRunResult } from './snapshot-run.js';
import { type Spread, spread } from './stats.js';

/**
 * `npm run bench:snapshots`: save and load of configs/town.yaml shards at several sizes, and the tick throughput
 * cost of periodic snapshots, each measured in `--runs` fresh processes (default 5). Reports median and min–max
 * over the runs and writes bench/results/snapshots.json.
 */
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    runs: { type: 'string', default: '5' },
    every: { type: 'string', default: '100' },
    periodicAt: { type: 'string', default: '10000' },
    out: { type: 'string', default: 'bench/results/snapshots.json' },
  },
});
const runs = Number(values.runs);
const periodicAt = Number(values.periodicAt);

interface Row {
  agents: number;
  runs: number;
  file_bytes: number;
  save_ms: Spread;
  capture_ms: Spread;
  load_ms: Spread;
  periodic?: {
    every: number;
    cost: Spread;
    plain_ticks_per_sec: Spread;
    snap_ticks_per_sec: Spread;
    max_stall_ms: Spread;
  };
}

const rows: Row[] = [];
for (const agents of values.sizes.split(',').map(Number)) {
  const results: SnapshotRunResult[] = [];
  const every = agents === periodicAt ? values.every : '0';
  for (let r = 0; r < runs; r++) {
    const line = execFileSync(process.execPath, ['dist/bench/snapshot-run.js', String(agents), every], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    results.push(JSON.parse(line) as SnapshotRunResult);
  }
  const row: Row = {
    agents,
    runs,
    file_bytes: results[0]!.file_bytes,
    save_ms: spread(results.map((r) => r.save_ms)),
    capture_ms: spread(results.map((r) => r.capture_ms)),
    load_ms: spread(results.map((r) => r.load_ms)),
  };
  const periodic = results.flatMap((r) => (r.periodic ? [r.periodic] : []));
  if (periodic.length > 0) {
    row.periodic = {
      every: periodic[0]!.every,
      cost: spread(periodic.map((p) => p.cost)),
      plain_ticks_per_sec: spread(periodic.map((p) => p.plain_ticks_per_sec)),
      snap_ticks_per_sec: spread(periodic.map((p) => p.snap_ticks_per_sec)),
      max_stall_ms: spread(periodic.map((p) => p.max_stall_ms)),
    };
  }
  rows.push(row);
  const ms = (s: Spread) => `${s.median.toFixed(1)} ms [${s.min.toFixed(1)}–${s.max.toFixed(1)}]`;
  process.stdout.write(
    `${String(agents).padStart(7)} agents, ${(row.file_bytes / 1e6).toFixed(1)} MB: save ${ms(row.save_ms)}, ` +
    `load ${ms(row.load_ms)}, tick-thread capture ${ms(row.capture_ms)}\n`,
  );
  if (row.periodic) {
    const p = row.periodic;
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    process.stdout.write(
      `         periodic every ${p.every} ticks: throughput cost ${pct(p.cost.median)} [${pct(p.cost.min)}–${pct(p.cost.max)}], ` +
      `longest stall ${ms(p.max_stall_ms)}\n`,
    );
  }
}

mkdirSync('bench/results', { recursive: true });
const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memory_gb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
};
writeFileSync(values.out, `${JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2)}\n`);
process.stdout.write(`wrote ${values.out}\n`);
