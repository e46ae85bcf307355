import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import WebSocket from 'ws';
import { AuditLog } from '../src/console/audit-log.js';
import { Console } from '../src/console/console.js';
import { createToken, TokenRing } from '../src/console/tokens.js';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard } from '../src/core/shard.js';
import { buildHttpApi } from '../src/serve/http-api.js';
import { ServedShard } from '../src/serve/served-shard.js';
import { spread } from './stats.js';

/**
 * `npm run bench:console-burst`: how long 100 console viewers asking at the same moment hold the served shard's
 * event loop. In each of `--runs` rounds (a fresh process): a served shard of `--agents` agents, paused, with its
 * HTTP API; a child process opens `--viewers` WebSocket viewers on /console that all send `whoami` once a second;
 * a `setImmediate` ping loop in the server records the longest macrotask in each 1 s window (`--windows` of
 * them), in wall time and in the process's CPU time (which the machine's other load does not inflate). A paced
 * tick's start is late by about that much when a burst lands on its slot. Writes
 * bench/results/console-burst.json (run it from two builds to compare them).
 */
const { values } = parseArgs({
  options: {
    agents: { type: 'string', default: '1000' },
    viewers: { type: 'string', default: '100' },
    windows: { type: 'string', default: '12' },
    runs: { type: 'string', default: '5' },
    round: { type: 'string' },
    clients: { type: 'string' },
    token: { type: 'string' },
  },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The child: opens the viewers, says so, then has them all ask once a second. */
async function clients(url: string, token: string): Promise<void> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < Number(values.viewers); i++) {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/console`, { headers: { authorization: `Bearer ${token}` } });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    sockets.push(ws);
  }
  process.send!('ready');
  setInterval(() => {
    for (const ws of sockets) ws.send(JSON.stringify({ id: 1, command: 'whoami' }));
  }, 1000);
}

/** One round in this process: the longest macrotask of each window, in ms. */
async function round(): Promise<{ wall: number; cpu: number }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'townlet-bench-burst-'));
  const tokenFile = join(dir, 'tokens.jsonl');
  const token = createToken(tokenFile, 'viewer', 'bench-viewer');
  const served = new ServedShard({ dir: join(dir, 'snapshots'), keep: 1 });
  const operatorConsole = new Console(served, new TokenRing(tokenFile), new AuditLog(join(dir, 'audit')));
  served.attach(operatorConsole.attachedState());
  const app = await buildHttpApi(served, pino({ level: 'warn' }), { console: operatorConsole, enforceTokens: true });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const shard = createShard(loadConfigFile('configs/town.yaml', { agents: Number(values.agents) }));
  const runner = served.start(shard, { tickRate: 20 }, () => undefined, () => operatorConsole.drain());
  runner.pause();
  await runner.atBoundary(() => undefined);
  const child = fork(fileURLToPath(import.meta.url), ['--clients', url, '--token', token, '--viewers', values.viewers!]);
  await new Promise((resolve) => child.once('message', resolve));
  // Each gap between two pings is one macrotask (or more) of other work; its CPU time (user + system of the
  // process) is what the work cost, its wall time adds what the machine took away meanwhile.
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let longest = 0;
  let longestCpu = 0;
  let pinging = true;
  const ping = () => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    longest = Math.max(longest, now - last);
    longestCpu = Math.max(longestCpu, (cpu.user + cpu.system) / 1000);
    last = now;
    lastCpu = process.cpuUsage();
    if (pinging) setImmediate(ping);
  };
  setImmediate(ping);
  await sleep(1500);
  const windows: { wall: number; cpu: number }[] = [];
  for (let w = 0; w < Number(values.windows); w++) {
    longest = 0;
    longestCpu = 0;
    await sleep(1000);
    windows.push({ wall: longest, cpu: longestCpu });
  }
  pinging = false;
  child.kill('SIGKILL');
  await app.close();
  await shard.close();
  rmSync(dir, { recursive: true, force: true });
  return windows;
}

if (values.clients !== undefined) {
  await clients(values.clients, values.token!);
} else if (values.round !== undefined) {
  const windows = await round();
  process.stdout.write(`${JSON.stringify({ windows, load: loadavg()[0] })}\n`);
  process.exit(0);
} else {
  const rounds: { median_ms: number; median_cpu_ms: number; max_ms: number; load: number }[] = [];
  for (let r = 0; r < Number(values.runs); r++) {
    const child = fork(fileURLToPath(import.meta.url), ['--round', String(r), '--agents', values.agents!,
      '--viewers', values.viewers!, '--windows', values.windows!], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((resolve) => child.once('exit', resolve));
    const { windows, load } = JSON.parse(out.trim().split('\n').pop()!) as { windows: { wall: number; cpu: number }[]; load: number };
    const wall = windows.map((w) => w.wall);
    const cpu = windows.map((w) => w.cpu);
    rounds.push({ median_ms: spread(wall).median, median_cpu_ms: spread(cpu).median, max_ms: Math.max(...wall), load });
  }
  const median = spread(rounds.map((r) => r.median_ms));
  const medianCpu = spread(rounds.map((r) => r.median_cpu_ms));
  const load = spread(rounds.map((r) => r.load));
  const f = (s: { median: number; min: number; max: number }) => `${s.median.toFixed(2)} [${s.min.toFixed(2)}–${s.max.toFixed(2)}]`;
  process.stdout.write(`${values.viewers} viewers asking at once, ${values.agents} agents (paused): longest macrotask per ` +
    `1 s window, median of windows: wall ${f(median)} ms, CPU ${f(medianCpu)} ms; ${values.runs} rounds; load average ` +
    `${f(load)}\n`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/console-burst.json', `${JSON.stringify({
    benchmark: 'console-burst',
    command: `npm run bench:console-burst -- --agents ${values.agents} --viewers ${values.viewers} --windows ${values.windows} --runs ${values.runs}`,
    date: new Date().toISOString(),
    node: process.version,
    longest_macrotask_ms: median,
    longest_macrotask_cpu_ms: medianCpu,
    load_average: load,
    rounds,
  }, null, 2)}\n`);
  process.stdout.write('wrote bench/results/console-burst.json\n');
}
