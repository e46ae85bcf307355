import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spread } from './stats.js';

/**
 * `npm run bench:serve`: what serving costs. In each of `--runs` rounds (fresh processes): the time from spawning
 * `townlet serve` to its first /readyz 200, and the ticks per second of `townlet serve --ticks N` with one client
 * scraping /metrics every second against `townlet run --ticks N` (loop time of its summary). Writes
 * bench/results/serve.json.
 */
const { values } = parseArgs({
  options: {
    agents: { type: 'string', default: '10000' },
    ticks: { type: 'string', default: '1500' },
    runs: { type: 'string', default: '5' },
  },
});
const agents = values.agents;
const ticks = Number(values.ticks);
const scratch = mkdtempSync(join(tmpdir(), 'townlet-bench-serve-'));

interface ServeRound {
  ready_ms: number;
  ticks_per_s: number;
  scrapes: number;
}

async function serveRound(round: number): Promise<ServeRound> {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/townlet.js', 'serve', '--config', 'configs/town.yaml', '--agents',
    agents, '--port', '0', '--ticks', String(ticks), '--snapshot-dir', join(scratch, `s${round}`)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let url: string | undefined;
  while (!url) {
    url = /listening on (\S+)/.exec(out)?.[1];
    await new Promise((r) => setTimeout(r, 5));
  }
  let ready = 0;
  while (!ready) {
    const r = await fetch(`${url}/readyz`).catch(() => undefined);
    if (r?.status === 200) ready = performance.now() - started;
    else await new Promise((res) => setTimeout(res, 10));
  }
  let scrapes = 0;
  const scraper = setInterval(() => {
    void fetch(`${url}/metrics`).then((r) => r.text()).then(() => scrapes++, () => undefined);
  }, 1000);
  await exited;
  clearInterval(scraper);
  const log = (msg: string) => JSON.parse(err.split('\n').find((l) => l.includes(`"msg":"${msg}"`))!) as {
    time: number;
  };
  const seconds = (log('draining').time - log('ticking').time) / 1000;
  return { ready_ms: ready, ticks_per_s: ticks / seconds, scrapes };
}

function runRound(round: number): number {
  const out = join(scratch, `run${round}.json`);
  execFileSync(process.execPath, ['bin/townlet.js', 'run', '--config', 'configs/town.yaml', '--agents', agents,
    '--ticks', String(ticks), '--quiet', '--summary-json', out]);
  const summary = JSON.parse(readFileSync(out, 'utf8')) as { ticks_per_sec: number };
  return summary.ticks_per_sec;
}

const serveRounds: ServeRound[] = [];
const runRates: number[] = [];
for (let r = 0; r < Number(values.runs); r++) {
  runRates.push(runRound(r));
  serveRounds.push(await serveRound(r));
}
rmSync(scratch, { recursive: true, force: true });
const ready = spread(serveRounds.map((r) => r.ready_ms));
const served = spread(serveRounds.map((r) => r.ticks_per_s));
const plain = spread(runRates);
const cost = spread(serveRounds.map((r, i) => 1 - r.ticks_per_s / runRates[i]!));
const f = (n: number, d = 0) => n.toFixed(d);
process.stdout.write(
  `${agents} agents: /readyz 200 after ${f(ready.median)} ms [${f(ready.min)}–${f(ready.max)}] (target ≤ 1000 ms)\n` +
  `ticks/s: run ${f(plain.median)} [${f(plain.min)}–${f(plain.max)}], serve with a 1 Hz scrape ` +
  `${f(served.median)} [${f(served.min)}–${f(served.max)}]; cost ${f(cost.median * 100, 1)}% ` +
  `[${f(cost.min * 100, 1)}–${f(cost.max * 100, 1)}%] (target ≤ 5%; rounds paired, alternating)\n`,
);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/serve.json', `${JSON.stringify({
  benchmark: 'serve',
  command: `npm run bench:serve -- --agents ${agents} --ticks ${ticks} --runs ${values.runs}`,
  date: new Date().toISOString(),
  node: process.version,
  ready_ms: ready,
  run_ticks_per_s: plain,
  serve_ticks_per_s: served,
  serve_cost: cost,
  rounds: serveRounds,
}, null, 2)}\n`);
process.stdout.write('wrote bench/results/serve.json\n');
