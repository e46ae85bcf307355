import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard, type Shard } from '../src/core/shard.js';
import type { AggregatePayload, TelemetryPayload } from '../src/telemetry/payload-schemas.js';
import { TelemetryStream } from '../src/telemetry/stream.js';
import { summarizeTelemetry } from '../src/telemetry/summarize-command.js';
import { WebSocket } from 'ws';
import { runCli } from './helpers/run-cli.js';
import { call, startServe, until } from './helpers/served.js';
import { MemorySink, stepStreamed } from './helpers/telemetry-memory.js';
import { tempDir } from './helpers/temp-files.js';
import { townWith } from './helpers/town-with-telemetry.js';

const dir = tempDir('townlet-aggregate-');
const ajv = new Ajv2020({ strict: false });
const validate = ajv.compile(JSON.parse(readFileSync('docs/telemetry.schema.json', 'utf8')) as object);

/** A consumer that can be made to refuse payloads (a slow or stalled reader). */
class GatedSink extends MemorySink {
  open = true;

  protected override ready(): boolean {
    return this.open;
  }
}

type Streamed = { shard: Shard; stream: TelemetryStream };

/** A default-town shard and an in-process stream in aggregate mode. */
function aggregatingTown(agents: number, seed: number, every: number, buffer = 1e6): Streamed {
  const shard = createShard(loadConfigFile('configs/town.yaml', { agents, seed }));
  const config = {
    ...shard.config.telemetry,
    agents_every_ticks: 3,
    buffer_payloads: buffer,
    overflow: 'aggregate' as const,
    aggregate_every_ticks: every,
  };
  const stream = new TelemetryStream(config);
  stream.attach(shard);
  return { shard, stream };
}

/**
 * Checks a consumer's payloads against the ticks and events of the run: every tick 1…lastTick is in exactly one
 * state payload or summary, every event seq is in exactly one events payload or summary. Returns the summaries.
 */
function checkCoverage(payloads: TelemetryPayload[], lastTick: number, totalEvents: number): AggregatePayload[] {
  const ticks: number[] = [];
  const seqs: number[] = [];
  const aggregates: AggregatePayload[] = [];
  for (const p of payloads) {
    expect(validate(p), JSON.stringify(validate.errors)).toBe(true);
    if (p.payload_type === 'aggregate') {
      aggregates.push(p);
      expect(p.ticks).toBe(p.tick - p.from_tick + 1);
      for (let t = p.from_tick; t <= p.tick; t++) ticks.push(t);
      for (let q = 0; q < p.events.count; q++) seqs.push(p.events.first_seq + q);
      expect(Object.values(p.events.by_kind).reduce((a, n) => a + n, 0)).toBe(p.events.count);
    } else if (p.payload_type === 'events') {
      seqs.push(...p.events.map((e) => e.seq));
    } else {
      ticks.push(p.tick);
    }
  }
  expect(ticks).toEqual(Array.from({ length: lastTick }, (_, i) => i + 1));
  expect(seqs).toEqual(Array.from({ length: totalEvents }, (_, i) => i));
  return aggregates;
}

/** The payload after each summary that ends aggregate mode is a snapshot; summaries are followed by summaries or it. */
function checkRecovery(payloads: TelemetryPayload[]): void {
  payloads.forEach((p, i) => {
    const next = payloads[i + 1];
    if (p.payload_type === 'aggregate' && next) expect(['aggregate', 'snapshot']).toContain(next.payload_type);
  });
}

describe('aggregate mode (telemetry.overflow: aggregate)', () => {
  it('a consumer that stops taking payloads gets one summary of the gap, then a snapshot; events are counted in it, not sent', () => {
    const { shard, stream } = aggregatingTown(40, 7, 5);
    const gated = new GatedSink('gated');
    const reference = new GatedSink('reference');
    stream.addSink(gated);
    stream.addSink(reference);
    for (let t = 0; t < 12; t++) stepStreamed(shard, stream);
    gated.open = false;
    for (let t = 0; t < 23; t++) stepStreamed(shard, stream);
    gated.open = true;
    for (let t = 0; t < 20; t++) stepStreamed(shard, stream);
    const totalEvents = shard.state.events.totals.reduce((a, n) => a + n, 0);
    void stream.close();

    const got = gated.payloads();
    expect(got[0]!.payload_type).toBe('snapshot');
    const aggregates = checkCoverage(got, 55, totalEvents);
    checkRecovery(got);
    // The gap 13…35 is one summary, sent at the first tick the consumer takes payloads again (36); 37 is a snapshot.
    expect(aggregates).toHaveLength(1);
    const a = aggregates[0]!;
    expect([a.from_tick, a.tick, a.ticks]).toEqual([13, 36, 24]);
    const after = got[got.indexOf(a) + 1]!;
    expect([after.payload_type, after.tick]).toEqual(['snapshot', 37]);
    // The counts by kind are those of the events the reference consumer received one by one in that seq range.
    const byKind: Record<string, number> = {};
    for (const p of reference.payloads()) {
      if (p.payload_type !== 'events') continue;
      for (const e of p.events) {
        const inside = e.seq >= a.events.first_seq && e.seq < a.events.first_seq + a.events.count;
        if (inside) byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
      }
    }
    expect(a.events.count).toBeGreaterThan(0);
    expect(a.events.by_kind).toEqual(byKind);
    // KPIs over the window: the captured agent sections (every 3 ticks) give a range and the last value.
    expect(Object.keys(a.kpis).length).toBeGreaterThan(0);
    for (const k of Object.values(a.kpis)) {
      expect(k.min).toBeLessThanOrEqual(k.last);
      expect(k.last).toBeLessThanOrEqual(k.max);
    }
    // The summary stands for the state and events payloads of its 24 ticks: counted as aggregated, none dropped.
    const events = reference.payloads().filter((p) => p.payload_type === 'events' && p.tick >= 13 && p.tick <= 36).length;
    expect(a.payloads).toBe(24 + events);
    const produced = got.length + a.payloads;
    expect(gated.stats).toEqual({ produced, delivered: got.length, dropped: 0, aggregated: a.payloads });
    expect(reference.stats.aggregated).toBe(0);
    expect(reference.payloads().filter((p) => p.payload_type === 'snapshot')).toHaveLength(1);
    // `townlet telemetry summarize` counts the summarized ticks and events as covered, not missing.
    const file = join(dir, 'gated.ndjson');
    writeFileSync(file, gated.lines.join(''));
    const told = summarizeTelemetry(file);
    expect(told).toMatchObject({ missing_ticks: 0, missing_events: 0, aggregated_ticks: 24 });
    expect(told.aggregated_events).toBe(a.events.count);
    expect(told.events + told.aggregated_events).toBe(totalEvents);
    expect(told.payloads.aggregate).toBe(1);
  });

  it('a full buffer folds its oldest frames into summaries for every consumer (bounded), then a snapshot once drained', () => {
    const { shard, stream } = aggregatingTown(30, 9, 5, 8);
    const sink = new GatedSink();
    stream.addSink(sink);
    stepStreamed(shard, stream);
    // 30 ticks captured without the event loop running the stream in between: the buffer overflows.
    for (let t = 0; t < 30; t++) {
      shard.step();
      stream.capture();
      expect(stream.stats().backlog).toBeLessThanOrEqual(8);
    }
    stream.flush();
    for (let t = 0; t < 10; t++) stepStreamed(shard, stream);
    const totalEvents = shard.state.events.totals.reduce((a, n) => a + n, 0);
    const s = stream.stats();
    expect(s.backlog_peak).toBe(8);
    expect(s.dropped_ticks).toBe(0);
    const got = sink.payloads();
    const aggregates = checkCoverage(got, 41, totalEvents);
    checkRecovery(got);
    expect(aggregates.length).toBeGreaterThanOrEqual(2);
    // While the buffer is full every summary covers at least 5 ticks; the last one ends it and a snapshot follows.
    for (const a of aggregates) expect(a.ticks).toBeGreaterThanOrEqual(5);
    const last = aggregates.at(-1)!;
    expect(got[got.indexOf(last) + 1]!.payload_type).toBe('snapshot');
    expect(got.filter((p) => p.payload_type === 'snapshot')).toHaveLength(2);
    const folded = aggregates.reduce((n, a) => n + a.payloads, 0);
    expect(s).toMatchObject({ produced: got.length + folded, delivered: got.length, dropped: 0, aggregated: folded });
  });

  it('bad overflow settings are bad input: exit 2 naming the key', () => {
    for (const [line, key] of [
      ['  overflow: sometimes', 'telemetry.overflow'],
      ['  aggregate_every_ticks: 0', 'telemetry.aggregate_every_ticks'],
    ] as const) {
      const r = runCli(['run', '--config', townWith(dir, `bad-${key}.yaml`, line), '--ticks', '1', '--quiet']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(key);
    }
  });

  it('over TCP, a slow consumer of `townlet run`: the run finishes, bounded, summaries and snapshots, counts exact', async () => {
    const received: Buffer[] = [];
    let socket: Socket | undefined;
    const server = createServer((s) => {
      socket = s;
      s.on('data', (d: Buffer) => received.push(d));
      s.on('error', () => undefined);
    });
    const port = await new Promise<number>((done) => server.listen(0, '127.0.0.1', () => done((server.address() as { port: number }).port)));
    // Reads in short bursts: 5 ms out of every 200. The pauses are long enough for the run to fill the socket and
    // the bounded backlog even on a loaded machine, and short enough that the consumer is never stuck (250 ms).
    const throttle = setInterval(() => {
      socket?.resume();
      setTimeout(() => socket?.pause(), 5);
    }, 200);
    const config = townWith(dir, 'slow.yaml',
      '  sink_buffer_bytes: 16384\n  buffer_payloads: 16\n  agents_every_ticks: 1\n  overflow: aggregate\n  aggregate_every_ticks: 10');
    const summary = join(dir, 'slow.json');
    const child = spawn(process.execPath, ['bin/townlet.js', 'run', '--config', config, '--agents', '1000', '--ticks', '1500',
      '--quiet', '--telemetry', `tcp:127.0.0.1:${port}`, '--summary-json', summary], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((done) => child.on('exit', done));
    clearInterval(throttle);
    // The shard has closed its end; what it wrote is read to the end.
    await new Promise<void>((done) => {
      if (!socket || socket.readableEnded) return done();
      socket.on('end', done);
      socket.resume();
    });
    server.close();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const s = JSON.parse(readFileSync(summary, 'utf8')) as { ticks: number; counts: { events: number }; telemetry: Record<string, number> };
    expect(s.ticks).toBe(1500);
    const t = s.telemetry;
    expect(t['aggregated']).toBeGreaterThan(0);
    expect(t['produced']).toBe(t['delivered']! + t['dropped']! + t['aggregated']!);
    expect(t['backlog_peak']).toBeLessThanOrEqual(16);
    const text = Buffer.concat(received).toString('utf8');
    const payloads = text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as TelemetryPayload);
    expect(payloads[0]!.payload_type).toBe('snapshot');
    checkRecovery(payloads);
    const aggregates = payloads.filter((p) => p.payload_type === 'aggregate');
    expect(aggregates.length).toBeGreaterThan(0);
    expect(payloads.filter((p) => p.payload_type === 'snapshot').length).toBeGreaterThan(1);
    expect(aggregates.reduce((n, a) => n + a.payloads, 0)).toBe(t['aggregated']);
    // Nothing is lost while the consumer stays connected: every tick and event is sent or summarized exactly once
    // (a summary still open when the run closed may be dropped: then the counts say so).
    if (t['dropped'] === 0) checkCoverage(payloads, 1500, s.counts.events);
    else expect(t['dropped']).toBe(t['produced']! - t['delivered']! - t['aggregated']!);
  }, 120_000);
});

describe('aggregate mode on a served shard', () => {
  it('a WebSocket viewer that stops reading gets summaries of what it missed, then a snapshot', async () => {
    const config = townWith(dir, 'served.yaml', '  agents_every_ticks: 1\n  overflow: aggregate\n  aggregate_every_ticks: 5');
    const s = await startServe(['--config', config, '--agents', '3000', '--tick-rate', '40', '--snapshot-dir', join(dir, 'snaps')]);
    try {
      const got: TelemetryPayload[] = [];
      const ws = new WebSocket(`${s.url.replace('http', 'ws')}/telemetry`);
      ws.on('message', (m) => got.push(JSON.parse(String(m)) as TelemetryPayload));
      await until(async () => got.length >= 4, 20_000, 'first payloads');
      // The viewer stops reading for a while: its socket fills, then it stops taking payloads.
      ws.pause();
      // Long enough to fill every buffer on the way (the front-desk thread relays the stream over a second socket).
      await new Promise((r) => setTimeout(r, 6000));
      ws.resume();
      await until(async () => got.some((p, i) => p.payload_type === 'aggregate' && got[i + 1]?.payload_type === 'snapshot'), 20_000,
        'a summary, then a snapshot');
      checkRecovery(got);
      for (const p of got) expect(validate(p), JSON.stringify(validate.errors)).toBe(true);
      const health = (await call(s.url, '/health')).body as { telemetry: Record<string, number> };
      const folded = got.filter((p) => p.payload_type === 'aggregate').reduce((n, a) => n + a.payloads, 0);
      expect(health.telemetry['aggregated']).toBeGreaterThanOrEqual(folded);
      expect(folded).toBeGreaterThan(0);
      ws.close();
    } finally {
      s.child.kill('SIGKILL');
    }
  }, 60_000);
});
