import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spread } from './stats.js';

/**
 * `npm run bench:telemetry`: what the stream costs at `--agents` (10,000). Per round (fresh processes):
 * `townlet run --profile` without telemetry, with `--telemetry file:…` (the telemetry rows' share of the loop, the
 * encoder thread's time per tick, drops), with a TCP consumer that never reads, and without telemetry again (the
 * stalled run's ticks per second against the mean of the two plain runs around it, so slow drifts of a shared
 * machine's load cancel), the same stalled comparison over `--stall-ticks` (6,000: the consumer's cost is mostly
 * fixed start-up, so a short run overstates it), with the ratio of the two plain runs around it as the noise;
 * then `townlet serve --tick-rate 20` streaming to a TCP consumer that reads, counting the ticks and events that
 * never arrived. Writes bench/results/telemetry.json, with the load average.
 */
const { values } = parseArgs({
  options: {
    'agents': { type: 'string', default: '10000' },
    'ticks': { type: 'string', default: '600' },
    'served-ticks': { type: 'string', default: '200' },
    // The stalled consumer's cost is mostly fixed (the encoder's start-up and first payloads compete with the
    // tick thread's own warm-up for the two cores), so it is also measured over a longer run.
    'stall-ticks': { type: 'string', default: '6000' },
    'runs': { type: 'string', default: '5' },
  },
});
const agents = values.agents;
const ticks = values.ticks;
const scratch = mkdtempSync(join(tmpdir(), 'townlet-bench-telemetry-'));

function townlet(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/townlet.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on('exit', (code) => done({ code, stdout, stderr })));
}

interface Summary {
  ticks_per_sec: number;
  wall_seconds: number;
  profile: { system: string; total_ms: number }[];
  telemetry?: Record<string, number>;
}

async function run(name: string, extra: string[], length = ticks): Promise<Summary> {
  const out = join(scratch, `${name}.json`);
  const r = await townlet(['run', '--config', 'configs/town.yaml', '--agents', agents, '--ticks', length, '--quiet',
    '--profile', '--summary-json', out, ...extra]);
  if (r.code !== 0) throw new Error(`${name}: exit ${r.code}: ${r.stderr}`);
  return JSON.parse(readFileSync(out, 'utf8')) as Summary;
}

function listen(read: boolean, onLine?: (line: string) => void) {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    if (!read) return socket.pause();
    let rest = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      rest += d;
      let nl: number;
      while ((nl = rest.indexOf('\n')) >= 0) {
        onLine?.(rest.slice(0, nl));
        rest = rest.slice(nl + 1);
      }
    });
  });
  return new Promise<{ port: number; close: () => void }>((done) =>
    server.listen(0, '127.0.0.1', () =>
      done({
        port: (server.address() as { port: number }).port,
        close: () => {
          for (const s of sockets) s.destroy();
          server.close();
        },
      }),
    ),
  );
}

const telemetryMs = (s: Summary) =>
  s.profile.filter((r) => r.system.startsWith('telemetry-')).reduce((a, r) => a + r.total_ms, 0);

async function servedRound(round: number) {
  let snapshots = 0;
  let states = 0;
  let lastTick = 0;
  let gaps = 0;
  let nextSeq: number | undefined;
  let missingEvents = 0;
  const consumer = await listen(true, (line) => {
    const p = JSON.parse(line) as { payload_type: string; tick: number; events?: { seq: number }[] };
    if (p.payload_type === 'events') {
      for (const e of p.events!) {
        if (nextSeq !== undefined && e.seq !== nextSeq) missingEvents += e.seq - nextSeq;
        nextSeq = e.seq + 1;
      }
      return;
    }
    states++;
    if (p.payload_type === 'snapshot') snapshots++;
    if (lastTick && p.tick !== lastTick + 1) gaps += p.tick - lastTick - 1;
    lastTick = p.tick;
  });
  const dir = join(scratch, `served-${round}`);
  mkdirSync(dir, { recursive: true });
  const r = await townlet(['serve', '--config', 'configs/town.yaml', '--agents', agents, '--port', '0', '--tick-rate', '20',
    '--ticks', values['served-ticks'], '--snapshot-dir', dir, '--telemetry', `tcp:127.0.0.1:${consumer.port}`]);
  await new Promise((res) => setTimeout(res, 200));
  consumer.close();
  if (r.code !== 0) throw new Error(`serve: exit ${r.code}: ${r.stderr}`);
  return { states, snapshots, missing_ticks: gaps, missing_events: missingEvents };
}

const rounds: Record<string, unknown>[] = [];
for (let i = 0; i < Number(values.runs); i++) {
  const plain = await run(`plain-${i}`, []);
  const file = await run(`file-${i}`, ['--telemetry', `file:${join(scratch, `t-${i}.ndjson`)}`]);
  const stalled = await listen(false);
  const tcp = await run(`tcp-${i}`, ['--telemetry', `tcp:127.0.0.1:${stalled.port}`]);
  stalled.close();
  const plainAfter = await run(`plain-after-${i}`, []);
  const long = values['stall-ticks'];
  const plainLong = await run(`plain-long-${i}`, [], long);
  const stalledLong = await listen(false);
  const tcpLong = await run(`tcp-long-${i}`, ['--telemetry', `tcp:127.0.0.1:${stalledLong.port}`], long);
  stalledLong.close();
  const plainLongAfter = await run(`plain-long-after-${i}`, [], long);
  const served = await servedRound(i);
  const loopMs = file.wall_seconds * 1000;
  const round = {
    plain_ticks_per_sec: plain.ticks_per_sec,
    plain_after_ticks_per_sec: plainAfter.ticks_per_sec,
    file_ticks_per_sec: file.ticks_per_sec,
    file_telemetry_share: telemetryMs(file) / loopMs,
    file_capture_share: (file.telemetry?.['capture_ms'] ?? 0) / loopMs,
    file_wait_share: (file.telemetry?.['wait_ms'] ?? 0) / loopMs,
    file_encode_ms_per_tick: (file.telemetry?.['encode_ms'] ?? 0) / Number(ticks),
    file_dropped: file.telemetry?.['dropped'],
    stalled_tcp_ticks_per_sec: tcp.ticks_per_sec,
    stalled_tcp_ratio: tcp.ticks_per_sec / ((plain.ticks_per_sec + plainAfter.ticks_per_sec) / 2),
    stalled_tcp_dropped: tcp.telemetry?.['dropped'],
    stalled_tcp_long_ratio: tcpLong.ticks_per_sec / ((plainLong.ticks_per_sec + plainLongAfter.ticks_per_sec) / 2),
    plain_long_ratio: plainLongAfter.ticks_per_sec / plainLong.ticks_per_sec,
    served,
    load_average: loadavg().map((l) => Math.round(l * 100) / 100),
  };
  rounds.push({ ...round, load_1: round.load_average[0] });
  process.stdout.write(`${JSON.stringify(round)}\n`);
}
const pick = (k: string) => spread(rounds.map((r) => r[k] as number));
const result = {
  agents: Number(agents),
  ticks: Number(ticks),
  runs: rounds.length,
  plain_ticks_per_sec: pick('plain_ticks_per_sec'),
  file_ticks_per_sec: pick('file_ticks_per_sec'),
  file_telemetry_share: pick('file_telemetry_share'),
  file_capture_share: pick('file_capture_share'),
  file_wait_share: pick('file_wait_share'),
  file_encode_ms_per_tick: pick('file_encode_ms_per_tick'),
  stalled_tcp_ticks_per_sec: pick('stalled_tcp_ticks_per_sec'),
  stalled_tcp_ratio: pick('stalled_tcp_ratio'),
  stall_ticks: Number(values['stall-ticks']),
  stalled_tcp_long_ratio: pick('stalled_tcp_long_ratio'),
  // Two plain runs of the same length, one after the other: how much ticks/s moves with no telemetry at all.
  plain_long_ratio: pick('plain_long_ratio'),
  load_average_1min: pick('load_1'),
  served_tick_rate_20: rounds.map((r) => r['served']),
  rounds,
  note: 'fresh processes per measurement; shared 2-core machine (other sessions running): noisy',
  threads: 'tick thread + one telemetry encoder worker thread (node:worker_threads); no tensor workers',
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/telemetry.json', `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
rmSync(scratch, { recursive: true, force: true });
