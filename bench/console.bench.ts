import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createToken } from '../src/console/tokens.js';
import { spread } from './stats.js';

/**
 * `npm run bench:console`: the console's round trips on a served shard of `--agents` agents ticking as fast as it
 * can. In each of `--runs` rounds (a fresh `townlet serve`): `--requests` set_price commands one after another, each
 * with a new cmd_id; the acceptance time (POST to its 202 with the apply tick) and the applied time (POST until a
 * repeat of the cmd_id answers 200 with the applied result). Writes bench/results/console.json.
 */
const { values } = parseArgs({
  options: {
    agents: { type: 'string', default: '10000' },
    requests: { type: 'string', default: '300' },
    runs: { type: 'string', default: '5' },
  },
});
const scratch = mkdtempSync(join(tmpdir(), 'townlet-bench-console-'));
const tokens = join(scratch, 'tokens.jsonl');
const admin = createToken(tokens, 'admin', 'bench');

interface Round {
  accept_p50_ms: number;
  accept_p99_ms: number;
  applied_p50_ms: number;
  applied_p99_ms: number;
  tick_p99_ms: number;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

type Answer = { status: number; body: { result: unknown } };

async function post(url: string, command: string, body: unknown): Promise<Answer> {
  const r = await fetch(`${url}/console/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'authorization': `Bearer ${admin}` },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as { result: unknown } };
}

async function round(n: number): Promise<Round> {
  const child = spawn(process.execPath, ['bin/townlet.js', 'serve', '--config', 'configs/town.yaml', '--agents',
    values.agents, '--port', '0', '--snapshot-dir', join(scratch, `s${n}`), '--token-file', tokens,
    '--audit-dir', join(scratch, `a${n}`)], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  let url: string | undefined;
  while (!url) {
    url = /listening on (\S+)/.exec(out)?.[1];
    await new Promise((r) => setTimeout(r, 5));
  }
  while ((await fetch(`${url}/readyz`).catch(() => undefined))?.status !== 200) await new Promise((r) => setTimeout(r, 10));
  const accept: number[] = [];
  const applied: number[] = [];
  for (let i = 0; i < Number(values.requests); i++) {
    const body = { args: { key: 'meal_cost', value: 2 + (i % 3) }, cmd_id: `bench-${n}-${i}` };
    const start = performance.now();
    const first = await post(url, 'set_price', body);
    accept.push(performance.now() - start);
    if (first.status !== 202) throw new Error(`expected 202, got ${first.status}: ${JSON.stringify(first.body)}`);
    while ((await post(url, 'set_price', body)).status !== 200);
    applied.push(performance.now() - start);
  }
  const health = (await post(url, 'health', {})).body.result as { tick_ms: { p99: number } };
  child.kill('SIGKILL');
  accept.sort((a, b) => a - b);
  applied.sort((a, b) => a - b);
  return {
    accept_p50_ms: quantile(accept, 0.5),
    accept_p99_ms: quantile(accept, 0.99),
    applied_p50_ms: quantile(applied, 0.5),
    applied_p99_ms: quantile(applied, 0.99),
    tick_p99_ms: health.tick_ms.p99,
  };
}

const rounds: Round[] = [];
for (let r = 0; r < Number(values.runs); r++) rounds.push(await round(r));
rmSync(scratch, { recursive: true, force: true });
const pick = (k: keyof Round) => spread(rounds.map((r) => r[k]));
const result = {
  accept_p99_ms: pick('accept_p99_ms'),
  accept_p50_ms: pick('accept_p50_ms'),
  applied_p99_ms: pick('applied_p99_ms'),
  applied_p50_ms: pick('applied_p50_ms'),
  tick_p99_ms: pick('tick_p99_ms'),
};
const f = (s: { median: number; min: number; max: number }) => `${s.median.toFixed(2)} [${s.min.toFixed(2)}–${s.max.toFixed(2)}]`;
process.stdout.write(
  `${values.agents} agents, ${values.requests} set_price per round, ${values.runs} rounds (median [min–max] of rounds):\n` +
  `  accepted (202) p99 ${f(result.accept_p99_ms)} ms, p50 ${f(result.accept_p50_ms)} ms (target p99 < 5 ms)\n` +
  `  applied p99 ${f(result.applied_p99_ms)} ms, p50 ${f(result.applied_p50_ms)} ms; tick p99 ${f(result.tick_p99_ms)} ms ` +
  '(target applied p99 ≤ one tick + 5 ms)\n',
);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/console.json', `${JSON.stringify({
  benchmark: 'console',
  command: `npm run bench:console -- --agents ${values.agents} --requests ${values.requests} --runs ${values.runs}`,
  date: new Date().toISOString(),
  node: process.version,
  ...result,
  rounds,
}, null, 2)}\n`);
process.stdout.write('wrote bench/results/console.json\n');
