import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { createToken } from '../src/console/tokens.js';
import { startServedChild } from './served-child.js';
import { spread } from './stats.js';

/**
 * `npm run bench:viewers`: do WebSocket viewers make a paced shard miss its tick slots? In each of `--runs` rounds
 * (a fresh `townlet serve --tick-rate R` of `--agents` agents): the share of ticks that started at most 5 ms after
 * their slot over `--seconds` with no viewer, then over `--seconds` with `--viewers` connected (`--routes both`:
 * half on /telemetry, each receiving every payload, half on /console, each sending `whoami` once a second;
 * `--routes telemetry` or `console`: all on that route). The shares come from the
 * difference of two scrapes of the `townlet_tick_start_late_seconds` histogram. Writes
 * bench/results/console-viewers.json (`--routes both`) or console-viewers-<routes>.json.
 */
const { values } = parseArgs({
  options: {
    'agents': { type: 'string', default: '1000' },
    'viewers': { type: 'string', default: '100' },
    'tick-rate': { type: 'string', default: '20' },
    'seconds': { type: 'string', default: '15' },
    'runs': { type: 'string', default: '5' },
    'routes': { type: 'string', default: 'both' },
    'front': { type: 'string', default: 'on' },
  },
});
if (!['on', 'off', 'ab'].includes(values.front)) throw new Error(`--front: expected on, off or ab, found ${values.front}`);
const viewers = Number(values.viewers);
/** Whether viewer i watches /telemetry (else it uses /console). */
const onTelemetry = (i: number) => (values.routes === 'both' ? i % 2 === 0 : values.routes === 'telemetry');
const seconds = Number(values.seconds);
const scratch = mkdtempSync(join(tmpdir(), 'townlet-bench-viewers-'));
const tokens = join(scratch, 'tokens.jsonl');
const viewerToken = createToken(tokens, 'viewer', 'bench-viewer');

interface Round {
  on_time_idle: number;
  on_time_viewers: number;
  late_ticks_viewers: number;
  ticks_viewers: number;
  telemetry_messages: number;
  console_answers: number;
  /** With viewers: the share of ticks at most 1, 2.5, 5 and 10 ms late (finer than the target's 5 ms). */
  within_viewers: Shares;
  /** The machine's 1-minute load average at the end of the round (other sessions share it). */
  load_average: number;
  /** Served with the front-desk thread. */
  front: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Lateness bounds (seconds, buckets of the histogram) the bench reports shares for; 5 ms is the target's. */
const BOUNDS = ['0.001', '0.0025', '0.005', '0.01'] as const;
type Shares = Record<(typeof BOUNDS)[number], number>;

/** Cumulative counts of ticks at most each bound late, and of all paced ticks, from /metrics. */
async function lateCounts(url: string): Promise<{ within: Shares; all: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const pick = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
  const within = {} as Shares;
  for (const b of BOUNDS) within[b] = pick(new RegExp(`^townlet_tick_start_late_seconds_bucket\\{le="${b.replace('.', '\\.')}"\\} (\\d+)`, 'm'));
  return { within, all: pick(/^townlet_tick_start_late_seconds_count (\d+)/m) };
}

async function window(url: string): Promise<{ share: number; late: number; ticks: number; shares: Shares }> {
  const a = await lateCounts(url);
  await sleep(seconds * 1000);
  const b = await lateCounts(url);
  const ticks = b.all - a.all;
  const shares = {} as Shares;
  for (const k of BOUNDS) shares[k] = (b.within[k] - a.within[k]) / ticks;
  const onTime = b.within['0.005'] - a.within['0.005'];
  return { share: onTime / ticks, late: ticks - onTime, ticks, shares };
}

function connect(url: string, route: string): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}${route}`, { headers: { authorization: `Bearer ${viewerToken}` } });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function round(n: number, front: boolean): Promise<Round> {
  const extra = ['--tick-rate', values['tick-rate'], ...(front ? [] : ['--no-front-thread'])];
  const { child, url } = await startServedChild({ agents: values.agents, scratch, n, tokens, extra });
  const idle = await window(url);
  let telemetry = 0;
  let answers = 0;
  const sockets: WebSocket[] = [];
  for (let i = 0; i < viewers; i++) {
    const ws = await connect(url, onTelemetry(i) ? '/telemetry' : '/console');
    if (onTelemetry(i)) ws.on('message', () => telemetry++);
    else ws.on('message', () => answers++);
    sockets.push(ws);
  }
  const consoles = sockets.filter((_ws, i) => !onTelemetry(i));
  const ask = setInterval(() => {
    for (const ws of consoles) ws.send(JSON.stringify({ id: 1, command: 'whoami' }));
  }, 1000);
  await sleep(1000);
  telemetry = 0;
  answers = 0;
  const loaded = await window(url);
  clearInterval(ask);
  for (const ws of sockets) ws.terminate();
  child.kill('SIGKILL');
  return {
    on_time_idle: idle.share,
    on_time_viewers: loaded.share,
    late_ticks_viewers: loaded.late,
    ticks_viewers: loaded.ticks,
    telemetry_messages: telemetry,
    console_answers: answers,
    within_viewers: loaded.shares,
    load_average: loadavg()[0]!,
    front,
  };
}

const rounds: Round[] = [];
for (let r = 0; r < Number(values.runs); r++) rounds.push(await round(r, values.front === 'on' || (values.front === 'ab' && r % 2 === 0)));
rmSync(scratch, { recursive: true, force: true });
const summary = (of: Round[]) => {
  const pick = (k: Exclude<keyof Round, 'within_viewers' | 'front'>) => spread(of.map((r) => r[k]));
  const within = Object.fromEntries(BOUNDS.map((b) => [`${Number(b) * 1000}ms`, spread(of.map((r) => r.within_viewers[b]))]));
  return {
    on_time_idle: pick('on_time_idle'),
    on_time_viewers: pick('on_time_viewers'),
    within_viewers: within,
    load_average: pick('load_average'),
  };
};
const pct = (s: { median: number; min: number; max: number }) =>
  `${(100 * s.median).toFixed(1)}% [${(100 * s.min).toFixed(1)}–${(100 * s.max).toFixed(1)}%]`;
const groups = values.front === 'ab'
  ? [['front thread', rounds.filter((r) => r.front)], ['one thread (--no-front-thread)', rounds.filter((r) => !r.front)]] as const
  : [[values.front === 'on' ? 'front thread' : 'one thread (--no-front-thread)', rounds]] as const;
for (const [label, of] of groups) {
  const result = summary(of);
  const within = result.within_viewers;
  process.stdout.write(
    `${label}: ${values.agents} agents at --tick-rate ${values['tick-rate']}, ${of.length} rounds of ${seconds} s each ` +
    '(median [min–max] of rounds), ticks started at most 5 ms after their slot:\n' +
    `  no viewer ${pct(result.on_time_idle)}; ${viewers} viewers (routes: ${values.routes}) ` +
    `${pct(result.on_time_viewers)} (target ≥ 99%)\n` +
    `  with viewers, at most 1 / 2.5 / 5 / 10 ms late: ${Object.values(within).map((s) => pct(s)).join(' / ')}\n` +
    `  load average ${result.load_average.median.toFixed(2)} [${result.load_average.min.toFixed(2)}–${result.load_average.max.toFixed(2)}]\n`,
  );
}
mkdirSync('bench/results', { recursive: true });
// One file per route mix, so the routes' runs do not overwrite each other (`both`, the target's mix, keeps the name).
const suffix = `${values.routes === 'both' ? '' : `-${values.routes}`}${values.front === 'on' ? '' : `-front-${values.front}`}`;
const file = `bench/results/console-viewers${suffix}.json`;
writeFileSync(file, `${JSON.stringify({
  benchmark: 'console-viewers',
  command: `npm run bench:viewers -- --agents ${values.agents} --viewers ${viewers} --tick-rate ${values['tick-rate']} ` +
    `--seconds ${seconds} --runs ${values.runs} --routes ${values.routes}${values.front === 'on' ? '' : ` --front ${values.front}`}`,
  date: new Date().toISOString(),
  node: process.version,
  ...(values.front === 'ab'
    ? { front: summary(rounds.filter((r) => r.front)), single: summary(rounds.filter((r) => !r.front)) }
    : summary(rounds)),
  rounds,
}, null, 2)}\n`);
process.stdout.write(`wrote ${file}\n`);
