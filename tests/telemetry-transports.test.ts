import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import parsePrometheus from 'parse-prometheus-text-format';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { rotatedFiles } from '../src/telemetry/summarize-command.js';
import type { TelemetryPayload } from '../src/telemetry/payload-schemas.js';
import { runCli } from './helpers/run-cli.js';
import { call, type Served, startServe, until } from './helpers/served.js';
import { tempDir } from './helpers/temp-files.js';
import { townWith } from './helpers/town-with-telemetry.js';

const dir = tempDir('townlet-telemetry-');
const running: Served[] = [];
afterAll(() => {
  for (const s of running) s.child.kill('SIGKILL');
});

/** Runs the CLI without blocking this process (a consumer in it must keep working). */
function runAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/townlet.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on('exit', (code) => done({ code, stdout, stderr })));
}

function listen(onSocket: (socket: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onSocket);
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ server, port: (server.address() as { port: number }).port })));
}

const parse = (text: string) =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as TelemetryPayload);

describe('telemetry file transport', () => {
  it('rotates by size into numbered files, each starting with a snapshot; every event exactly once, in order', () => {
    const config = townWith(dir, 'rotating.yaml', '  file_max_bytes: 40000\n  file_keep: 1000');
    const out = join(dir, 'stream', 't.ndjson');
    const summary = join(dir, 'rotating.json');
    const r = runCli(['run', '--config', config, '--agents', '60', '--ticks', '300', '--quiet', '--telemetry', `file:${out}`,
      '--summary-json', summary]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const files = rotatedFiles(out);
    expect(files.length).toBeGreaterThan(3);
    const payloads: TelemetryPayload[] = [];
    for (const file of files) {
      const inFile = parse(readFileSync(file, 'utf8'));
      expect(inFile[0]!.payload_type).toBe('snapshot');
      payloads.push(...inFile);
    }
    const seqs = payloads.flatMap((p) => (p.payload_type === 'events' ? p.events.map((e) => e.seq) : []));
    const s = JSON.parse(readFileSync(summary, 'utf8')) as { counts: { events: number }; telemetry: Record<string, number> };
    expect(seqs.length).toBe(s.counts.events);
    expect(seqs).toEqual(seqs.map((_, i) => i));
    const ticks = payloads.filter((p) => p.payload_type !== 'events').map((p) => p.tick);
    expect(ticks).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(s.telemetry['dropped']).toBe(0);
    expect(s.telemetry['produced']).toBe(s.telemetry['delivered']);
    expect(s.telemetry['produced']).toBe(payloads.length);

    const told = runCli(['telemetry', 'summarize', out]);
    expect(told.code).toBe(0);
    expect(told.stdout).toContain('ticks        1 … 300 (0 missing: dropped)');
    expect(told.stdout).toContain(`events       ${s.counts.events} (0 missing: dropped)`);
    const tail = runCli(['telemetry', 'tail', files[0]!, '--no-follow', '--count', '2']);
    expect(tail.stdout).toMatch(/^tick 1 snapshot: 60 agents/);
  });

  it('a bad target is bad input: exit 2 naming --telemetry', () => {
    const r = runCli(['run', '--config', 'configs/town.yaml', '--ticks', '1', '--telemetry', 'tcp:nowhere']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--telemetry');
  });
});

describe('telemetry over TCP', () => {
  it('a consumer that never reads: 2,000 ticks finish, the buffer stays in bound, dropped = produced − delivered', async () => {
    const sockets: Socket[] = [];
    const { server, port } = await listen((socket) => {
      socket.pause();
      sockets.push(socket);
    });
    const config = townWith(dir, 'stalled.yaml', '  sink_buffer_bytes: 16384\n  buffer_payloads: 16');
    const summary = join(dir, 'stalled.json');
    const r = await runAsync(['run', '--config', config, '--agents', '400', '--ticks', '2000', '--quiet',
      '--telemetry', `tcp:127.0.0.1:${port}`, '--summary-json', summary]);
    for (const s of sockets) s.destroy();
    server.close();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(readFileSync(summary, 'utf8')) as { ticks: number; telemetry: Record<string, number> };
    expect(s.ticks).toBe(2000);
    const t = s.telemetry;
    expect(t['dropped']).toBeGreaterThan(0);
    expect(t['delivered']).toBeGreaterThan(0);
    expect(t['dropped']).toBe(t['produced']! - t['delivered']!);
    expect(t['backlog_peak']).toBeLessThanOrEqual(16);
    expect(t['backlog']).toBe(0);
  }, 120_000);

  it('a reconnecting consumer of a served shard gets a snapshot first, each time; WebSocket consumers too', async () => {
    const connections: string[] = [];
    const { server, port } = await listen((socket) => {
      const i = connections.push('') - 1;
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (connections[i] += d));
      socket.on('error', () => undefined);
      // The first connection is cut after a few payloads.
      if (i === 0) setTimeout(() => socket.destroy(), 300);
    });
    const s = await startServe(['--config', 'configs/town.yaml', '--agents', '30', '--tick-rate', '50',
      '--snapshot-dir', join(dir, 'snaps'), '--telemetry', `tcp:127.0.0.1:${port}`]);
    running.push(s);
    await until(async () => connections.length >= 2 && parse(connections[1]!.replace(/[^\n]*$/, '')).length >= 4, 20_000,
      'a second connection with payloads');
    const first = parse(connections[0]!.replace(/[^\n]*$/, ''));
    const second = parse(connections[1]!.replace(/[^\n]*$/, ''));
    expect(first[0]!.payload_type).toBe('snapshot');
    expect(second[0]!.payload_type).toBe('snapshot');
    expect(second[0]!.tick).toBeGreaterThan(first.at(-1)!.tick);

    // Two WebSocket consumers: each starts with a snapshot.
    const wsUrl = `${s.url.replace('http', 'ws')}/telemetry`;
    const clients = [new WebSocket(wsUrl), new WebSocket(wsUrl)];
    const got: TelemetryPayload[][] = [[], []];
    clients.forEach((ws, i) => ws.on('message', (m) => got[i]!.push(JSON.parse(String(m)) as TelemetryPayload)));
    await until(async () => got.every((g) => g.length >= 6), 20_000, 'WebSocket payloads');
    for (const g of got) {
      expect(g[0]!.payload_type).toBe('snapshot');
      expect(g.slice(1).filter((p) => p.payload_type === 'snapshot')).toHaveLength(0);
    }
    // Privacy is the console's `privacy` command now (tests/telemetry-console.test.ts): the old route is gone.
    const gone = await fetch(`${s.url}/control/privacy`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: true }),
    });
    expect(gone.status).toBe(404);

    const health = (await call(s.url, '/health')).body as { telemetry: Record<string, number> };
    expect(health.telemetry['consumers']).toBe(3);
    expect(health.telemetry['produced']).toBeGreaterThan(0);
    const metrics = parsePrometheus((await call(s.url, '/metrics')).body as string);
    const names = metrics.map((m) => m.name);
    for (const n of ['townlet_telemetry_dropped_total', 'townlet_telemetry_backlog', 'townlet_telemetry_delivered_total']) {
      expect(names).toContain(n);
    }
    for (const ws of clients) ws.close();
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    // One WebSocket plugin for the whole server: a second one failed every upgrade in the log.
    expect(s.stdout() + s.stderr()).not.toContain('websocket upgrade failed');
    server.close();
  }, 60_000);
});
