import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { consoleClient } from './console-client.js';
import { spread } from './stats.js';

/**
 * `npm run bench:console-floor`: what the machine allows the console's acceptance round trip, with no
 * townlet code. The same lean client as bench:console against a bare node:http server (console-floor-server) in
 * three shapes, alternating fresh processes for `--runs` rounds of `--requests` POSTs: `idle` (the floor of the
 * machine and the client), `stretches` (the server's thread computes in `--stretch-ms` stretches with a yield
 * between them: a served shard's tick), `thread` (a second thread computes all the time and the HTTP thread
 * sleeps: an acceptance thread beside the tick). Writes bench/results/console-floor.json.
 */
const { values } = parseArgs({
  options: {
    'requests': { type: 'string', default: '200' },
    'runs': { type: 'string', default: '5' },
    'stretch-ms': { type: 'string', default: '1' },
  },
});
const MODES = ['idle', 'stretches', 'thread'] as const;
type Mode = (typeof MODES)[number];

async function round(mode: Mode): Promise<{ p50: number; p99: number; load: number }> {
  const child = spawn(process.execPath, ['dist/bench/console-floor-server.js', mode, values['stretch-ms']], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())));
  const post = consoleClient(`http://127.0.0.1:${port}`, 'unused', 'http');
  for (let i = 0; i < 20; i++) await post('set_price', {});
  const ms: number[] = [];
  for (let i = 0; i < Number(values.requests); i++) {
    const start = performance.now();
    await post('set_price', { args: { key: 'meal_cost', value: 2 }, cmd_id: `floor-${i}` });
    ms.push(performance.now() - start);
    // Requests spaced as bench:console's are (one after another, with the client's own turn between).
    await new Promise((r) => setImmediate(r));
  }
  child.kill('SIGKILL');
  ms.sort((a, b) => a - b);
  const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!;
  return { p50: q(0.5), p99: q(0.99), load: loadavg()[0]! };
}

const rounds: ({ mode: Mode } & Awaited<ReturnType<typeof round>>)[] = [];
for (let r = 0; r < Number(values.runs); r++) for (const mode of MODES) rounds.push({ mode, ...(await round(mode)) });
const result = Object.fromEntries(MODES.map((mode) => {
  const mine = rounds.filter((r) => r.mode === mode);
  return [mode, { p50_ms: spread(mine.map((r) => r.p50)), p99_ms: spread(mine.map((r) => r.p99)) }];
}));
const f = (s: { median: number; min: number; max: number }) => `${s.median.toFixed(2)} [${s.min.toFixed(2)}–${s.max.toFixed(2)}]`;
for (const mode of MODES) {
  process.stdout.write(`${mode.padEnd(9)} p50 ${f(result[mode]!.p50_ms)} ms, p99 ${f(result[mode]!.p99_ms)} ms\n`);
}
const load = spread(rounds.map((r) => r.load));
process.stdout.write(`load average ${f(load)}; ${values.runs} rounds of ${values.requests} requests, modes alternating\n`);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/console-floor.json', `${JSON.stringify({
  benchmark: 'console-floor',
  command: `npm run bench:console-floor -- --requests ${values.requests} --runs ${values.runs} --stretch-ms ${values['stretch-ms']}`,
  date: new Date().toISOString(),
  node: process.version,
  ...result,
  load_average: load,
  rounds,
}, null, 2)}\n`);
process.stdout.write('wrote bench/results/console-floor.json\n');
