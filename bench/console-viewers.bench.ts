import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
 * bench/results/console-viewers.json.
 */
const { values } = parseArgs({
  options: {
    'agents': { type: 'string', default: '1000' },
    'viewers': { type: 'string', default: '100' },
    'tick-rate': { type: 'string', default: '20' },
    'seconds': { type: 'string', default: '15' },
    'runs': { type: 'string', default: '5' },
    'routes': { type: 'string', default: 'both' },
  },
});
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
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Cumulative count of ticks at most 5 ms late, and of all paced ticks, from /metrics. */
async function lateCounts(url: string): Promise<{ onTime: number; all: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const pick = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
  return {
    onTime: pick(/^townlet_tick_start_late_seconds_bucket\{le="0\.005"\} (\d+)/m),
    all: pick(/^townlet_tick_start_late_seconds_count (\d+)/m),
  };
}

async function window(url: string): Promise<{ share: number; late: number; ticks: number }> {
  const a = await lateCounts(url);
  await sleep(seconds * 1000);
  const b = await lateCounts(url);
  const ticks = b.all - a.all;
  return { share: (b.onTime - a.onTime) / ticks, late: ticks - (b.onTime - a.onTime), ticks };
}

function connect(url: string, route: string): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}${route}`, { headers: { authorization: `Bearer ${viewerToken}` } });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function round(n: number): Promise<Round> {
  const extra = ['--tick-rate', values['tick-rate']];
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
  };
}

const rounds: Round[] = [];
for (let r = 0; r < Number(values.runs); r++) rounds.push(await round(r));
rmSync(scratch, { recursive: true, force: true });
const pick = (k: keyof Round) => spread(rounds.map((r) => r[k]));
const result = { on_time_idle: pick('on_time_idle'), on_time_viewers: pick('on_time_viewers') };
const pct = (s: { median: number; min: number; max: number }) =>
  `${(100 * s.median).toFixed(1)}% [${(100 * s.min).toFixed(1)}–${(100 * s.max).toFixed(1)}%]`;
process.stdout.write(
  `${values.agents} agents at --tick-rate ${values['tick-rate']}, ${values.runs} rounds of ${seconds} s each ` +
  '(median [min–max] of rounds), ticks started at most 5 ms after their slot:\n' +
  `  no viewer ${pct(result.on_time_idle)}; ${viewers} viewers (routes: ${values.routes}) ` +
  `${pct(result.on_time_viewers)} (target ≥ 99%)\n`,
);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/console-viewers.json', `${JSON.stringify({
  benchmark: 'console-viewers',
  command: `npm run bench:viewers -- --agents ${values.agents} --viewers ${viewers} --tick-rate ${values['tick-rate']} ` +
    `--seconds ${seconds} --runs ${values.runs} --routes ${values.routes}`,
  date: new Date().toISOString(),
  node: process.version,
  ...result,
  rounds,
}, null, 2)}\n`);
process.stdout.write('wrote bench/results/console-viewers.json\n');
