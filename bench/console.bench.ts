import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createToken } from '../src/console/tokens.js';
import { consoleClient, type ConsolePost } from './console-client.js';
import { startServedChild } from './served-child.js';
import { spread } from './stats.js';

/**
 * `npm run bench:console`: the console's round trips on a served shard of `--agents` agents ticking as fast as it
 * can (or at `--tick-rate`). In each of `--runs` rounds (a fresh `townlet serve`): `--requests` set_price commands
 * one after another, each with a new cmd_id: half plain (acceptance: POST to its 202 with the apply tick), then
 * half with `wait: true` (the applied time: POST to its 200 once it applied at the next tick's drain point);
 * then the shard is paused and `--requests` / 2 more measure the floor (the same request on a shard that does not
 * tick: what the machine and the request path cost by themselves). Before the timed requests, 40 untimed ones (half
 * of each kind) warm both request paths. Writes bench/results/console.json.
 * `--front off` serves with `--no-front-thread` (one thread); `--front ab` alternates the two, round by round, and
 * writes bench/results/console-ab.json with a summary of each.
 */
const { values } = parseArgs({
  options: {
    'agents': { type: 'string', default: '10000' },
    'requests': { type: 'string', default: '300' },
    'runs': { type: 'string', default: '5' },
    'tick-rate': { type: 'string' },
    'client': { type: 'string', default: 'http' },
    'front': { type: 'string', default: 'on' },
  },
});
if (!['on', 'off', 'ab'].includes(values.front)) throw new Error(`--front: expected on, off or ab, found ${values.front}`);
const scratch = mkdtempSync(join(tmpdir(), 'townlet-bench-console-'));
const tokens = join(scratch, 'tokens.jsonl');
const admin = createToken(tokens, 'admin', 'bench');
const clientKind = values.client === 'fetch' ? 'fetch' : 'http';

interface Round {
  accept_p50_ms: number;
  accept_p99_ms: number;
  /** The server's own time of the accepted requests (Server-Timing): the rest is waiting, network and client. */
  accept_server_p99_ms: number;
  applied_p50_ms: number;
  applied_p99_ms: number;
  floor_p50_ms: number;
  floor_p99_ms: number;
  tick_p99_ms: number;
  /** Per tick, the longest stretch it held the event loop (/health tick_slice_ms): what a request may wait for. */
  slice_p99_ms: number;
  slice_max_ms: number;
  /** The machine's 1-minute load average at the end of the round (other sessions share it). */
  load_average: number;
  /** Served with the front-desk thread. */
  front: boolean;
}

/** Untimed requests per round before the timed ones, half plain, half with `wait`. */
const WARM_REQUESTS = 40;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function round(n: number, front: boolean): Promise<Round> {
  const extra = [...(values['tick-rate'] ? ['--tick-rate', values['tick-rate']] : []), ...(front ? [] : ['--no-front-thread'])];
  const { child, url } = await startServedChild({ agents: values.agents, scratch, n, tokens, extra });
  const post: ConsolePost = consoleClient(url, admin, clientKind);
  const accept: number[] = [];
  const acceptServer: number[] = [];
  const applied: number[] = [];
  const floor: number[] = [];
  const timed = async (i: number, wait: boolean, expected: number) => {
    const body = { args: { key: 'meal_cost', value: 2 + (i % 3) }, cmd_id: `bench-${n}-${i}`, ...(wait ? { wait } : {}) };
    const start = performance.now();
    const answer = await post('set_price', body);
    const ms = performance.now() - start;
    if (answer.status !== expected) throw new Error(`expected ${expected}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
    if (expected === 202) acceptServer.push(answer.serverMs ?? NaN);
    return ms;
  };
  const requests = Number(values.requests);
  // Untimed first: each request path once warm (with the front thread, plain requests never reach the tick
  // thread's console, so its code would still be cold at the first `wait`, tens of ms on this machine).
  for (let i = 0; i < WARM_REQUESTS; i++) {
    await post('set_price', { args: { key: 'meal_cost', value: 2 }, cmd_id: `warm-${n}-${i}`, ...(i % 2 === 1 ? { wait: true } : {}) });
  }
  // Two batches, not alternating: a request sent right after a wait answer (given at the drain point) would
  // always land in the tick's first, heaviest phases.
  for (let i = 0; i < requests / 2; i++) accept.push(await timed(i, false, 202));
  for (let i = requests / 2; i < requests; i++) applied.push(await timed(i, true, 200));
  const health = (await post('health', {})).body.result as { tick_ms: { p99: number }; tick_slice_ms: { p99: number; max: number } };
  await post('pause', {});
  for (let i = requests; i < requests + requests / 2; i++) floor.push(await timed(i, false, 200));
  child.kill('SIGKILL');
  for (const list of [accept, acceptServer, applied, floor]) list.sort((a, b) => a - b);
  return {
    accept_p50_ms: quantile(accept, 0.5),
    accept_p99_ms: quantile(accept, 0.99),
    accept_server_p99_ms: quantile(acceptServer, 0.99),
    applied_p50_ms: quantile(applied, 0.5),
    applied_p99_ms: quantile(applied, 0.99),
    floor_p50_ms: quantile(floor, 0.5),
    floor_p99_ms: quantile(floor, 0.99),
    tick_p99_ms: health.tick_ms.p99,
    slice_p99_ms: health.tick_slice_ms.p99,
    slice_max_ms: health.tick_slice_ms.max,
    load_average: loadavg()[0]!,
    front,
  };
}

const rounds: Round[] = [];
for (let r = 0; r < Number(values.runs); r++) rounds.push(await round(r, values.front === 'on' || (values.front === 'ab' && r % 2 === 0)));
rmSync(scratch, { recursive: true, force: true });
const summary = (of: Round[]) => {
  const pick = (k: Exclude<keyof Round, 'front'>) => spread(of.map((r) => r[k]));
  return {
    accept_p99_ms: pick('accept_p99_ms'),
    accept_p50_ms: pick('accept_p50_ms'),
    accept_server_p99_ms: pick('accept_server_p99_ms'),
    applied_p99_ms: pick('applied_p99_ms'),
    applied_p50_ms: pick('applied_p50_ms'),
    floor_p99_ms: pick('floor_p99_ms'),
    floor_p50_ms: pick('floor_p50_ms'),
    tick_p99_ms: pick('tick_p99_ms'),
    slice_p99_ms: pick('slice_p99_ms'),
    slice_max_ms: pick('slice_max_ms'),
    load_average: pick('load_average'),
  };
};
const f = (s: { median: number; min: number; max: number }) => `${s.median.toFixed(2)} [${s.min.toFixed(2)}–${s.max.toFixed(2)}]`;
const groups = values.front === 'ab'
  ? [['front thread', rounds.filter((r) => r.front)], ['one thread (--no-front-thread)', rounds.filter((r) => !r.front)]] as const
  : [[values.front === 'on' ? 'front thread' : 'one thread (--no-front-thread)', rounds]] as const;
for (const [label, of] of groups) {
  const result = summary(of);
  process.stdout.write(
    `${label}: ${values.agents} agents ${values['tick-rate'] ? `at --tick-rate ${values['tick-rate']}` : 'ticking as fast as they can'}, ` +
    `${values.requests} set_price per round, ${of.length} rounds (median [min–max] of rounds):\n` +
    `  accepted (202) p99 ${f(result.accept_p99_ms)} ms, p50 ${f(result.accept_p50_ms)} ms (target p99 < 5 ms); ` +
    `the server's own share p99 ${f(result.accept_server_p99_ms)} ms\n` +
    `  applied p99 ${f(result.applied_p99_ms)} ms, p50 ${f(result.applied_p50_ms)} ms; tick p99 ${f(result.tick_p99_ms)} ms ` +
    '(target applied p99 ≤ one tick + 5 ms)\n' +
    `  floor (paused shard) p99 ${f(result.floor_p99_ms)} ms, p50 ${f(result.floor_p50_ms)} ms\n` +
    `  the tick's longest stretch without a yield: p99 ${f(result.slice_p99_ms)} ms, max ${f(result.slice_max_ms)} ms\n` +
    `  client ${clientKind}; load average ${f(result.load_average)}\n`,
  );
}
const out = values.front === 'ab' ? 'bench/results/console-ab.json' : 'bench/results/console.json';
mkdirSync('bench/results', { recursive: true });
writeFileSync(out, `${JSON.stringify({
  benchmark: 'console',
  command: `npm run bench:console -- --agents ${values.agents} --requests ${values.requests} --runs ${values.runs}` +
    (values['tick-rate'] ? ` --tick-rate ${values['tick-rate']}` : '') + ` --client ${clientKind}` +
    (values.front !== 'on' ? ` --front ${values.front}` : ''),
  date: new Date().toISOString(),
  node: process.version,
  ...(values.front === 'ab'
    ? { front: summary(rounds.filter((r) => r.front)), single: summary(rounds.filter((r) => !r.front)) }
    : summary(rounds)),
  rounds,
}, null, 2)}\n`);
process.stdout.write(`wrote ${out}\n`);
