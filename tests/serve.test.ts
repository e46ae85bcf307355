import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import parsePrometheus from 'parse-prometheus-text-format';
import { afterAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/console/tokens.js';
import { postConsole } from './helpers/console-cli.js';
import { runCli } from './helpers/run-cli.js';
import { call, type Served, startServe, until } from './helpers/served.js';
import { tempDir } from './helpers/temp-files.js';

const dir = tempDir('townlet-serve-');
const town = ['--config', 'configs/town.yaml'];
const running: Served[] = [];
afterAll(() => {
  for (const s of running) s.child.kill('SIGKILL');
});

async function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const s = await startServe(args, env);
  running.push(s);
  return s;
}

const health = async (s: Served) => (await call(s.url, '/health')).body as Record<string, unknown>;
const tickOf = async (s: Served) => (await health(s))['tick'] as number;

describe('townlet serve', () => {
  it('answers liveness, readiness, health and state; metrics parse as Prometheus text with the named series', async () => {
    const s = await serve([...town, '--agents', '300', '--snapshot-dir', join(dir, 'a')]);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await call(s.url, '/livez')).body).toEqual({ ok: true });
    await until(async () => (await call(s.url, '/readyz')).status === 200, 20_000, 'ready');
    await until(async () => (await tickOf(s)) > 20, 20_000, 'ticks');
    const h = await health(s);
    expect(h['status']).toBe('running');
    expect(h['live_agents']).toBe(300);
    expect(h['survival_rate']).toBe(1);
    expect(h['world_hash']).toMatch(/^[0-9a-f]{16}$/);
    expect((h['tick_ms'] as { p99: number; p50: number }).p99).toBeGreaterThanOrEqual(
      (h['tick_ms'] as { p50: number }).p50,
    );
    // The tick yields between its phases: its longest stretch is a positive part of it, ordered p50 ≤ p99 ≤ max.
    const slice = h['tick_slice_ms'] as { p50: number; p99: number; max: number };
    expect(slice.p50).toBeGreaterThan(0);
    expect(slice.p99).toBeGreaterThanOrEqual(slice.p50);
    expect(slice.max).toBeGreaterThanOrEqual(slice.p99);
    const state = (await call(s.url, '/state')).body as Record<string, unknown>;
    expect(Object.keys(state).sort()).toEqual(['counters', 'kpis', 'live_agents', 'perturbations', 'prices', 'tick', 'wages']);
    expect((state['prices'] as Record<string, number>)['meal_cost']).toBeGreaterThan(0);

    const text = (await call(s.url, '/metrics')).body as string;
    const families = new Map(parsePrometheus(text).map((f) => [f.name, f]));
    const expectFamily = (name: string, type: string) => {
      expect(families.get(name)?.type, name).toBe(type);
    };
    expectFamily('townlet_ticks_total', 'COUNTER');
    expectFamily('townlet_tick_seconds', 'HISTOGRAM');
    expectFamily('townlet_system_seconds', 'HISTOGRAM');
    expectFamily('townlet_ticks_per_second', 'GAUGE');
    expectFamily('townlet_agents_alive', 'GAUGE');
    expectFamily('townlet_queue_agents', 'GAUGE');
    expectFamily('townlet_exits_total', 'COUNTER');
    expectFamily('townlet_snapshot_age_seconds', 'GAUGE');
    expectFamily('townlet_worker_threads', 'GAUGE');
    expectFamily('process_cpu_user_seconds_total', 'COUNTER');
    expect(Number(families.get('townlet_ticks_total')!.metrics[0]!.value)).toBeGreaterThan(20);
    expect(Number(families.get('townlet_agents_alive')!.metrics[0]!.value)).toBe(300);
    expect(Number(families.get('townlet_ticks_per_second')!.metrics[0]!.value)).toBeGreaterThan(0);
    // The parser keeps no labels of histogram series: read the per-system counts from the text.
    const systems = [...text.matchAll(/^townlet_system_seconds_count\{system="([^"]+)"\} (\d+)$/gm)];
    expect(systems.map((m) => m[1])).toEqual(expect.arrayContaining(['5:actions', '13:tensors', 'pool-wait']));
    expect(Number(systems.find((m) => m[1] === '5:actions')![2])).toBeGreaterThan(20);
    for (const f of families.values()) for (const m of f.metrics) expect(m.labels?.['agent']).toBeUndefined();
    const openapi = (await call(s.url, '/openapi.json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/livez', '/readyz', '/health', '/state']),
    );
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });

  it('pause (console) stops the ticks and resume restarts them; a requested snapshot is written', async () => {
    const snaps = join(dir, 'b');
    const tokens = join(dir, 'b-tokens.jsonl');
    const admin = createToken(tokens, 'admin', 'ops');
    const s = await serve([...town, '--agents', '200', '--snapshot-dir', snaps, '--token-file', tokens]);
    const health = async (x: Served) => (await call(x.url, '/health', 'GET', admin)).body as Record<string, unknown>;
    const tickOf = async (x: Served) => (await health(x))['tick'] as number;
    expect((await call(s.url, '/health')).status).toBe(401);
    await until(async () => (await tickOf(s)) > 5, 20_000, 'ticks');
    const paused = (await postConsole(s.url, 'pause', admin)).body.result as { status: string; tick: number };
    expect(paused.status).toBe('paused');
    expect((await call(s.url, '/readyz')).status).toBe(503);
    await new Promise((r) => setTimeout(r, 300));
    expect(await tickOf(s)).toBe(paused.tick);
    const snap = (await postConsole(s.url, 'snapshot_save', admin)).body.result as { snapshot: { path: string; tick: number } };
    expect(snap.snapshot.tick).toBe(paused.tick);
    expect(existsSync(snap.snapshot.path)).toBe(true);
    expect(((await health(s))['last_snapshot'] as { tick: number }).tick).toBe(paused.tick);
    await postConsole(s.url, 'resume', admin);
    await until(async () => (await tickOf(s)) > paused.tick + 5, 20_000, 'ticks after resume');
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });

  it('SIGTERM drains: the snapshot resumes with the hashes of an uninterrupted run', async () => {
    const snaps = join(dir, 'c');
    const s = await serve([...town, '--agents', '150', '--seed', '4', '--snapshot-dir', snaps]);
    await until(async () => (await tickOf(s)) > 30, 20_000, 'ticks');
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    const line = s.stderr().split('\n').find((l) => l.includes('"msg":"drained"'))!;
    const drained = JSON.parse(line) as { tick: number; world_hash: string; snapshot: string };
    expect(drained.snapshot).toContain(snaps);
    const resumed = runCli(['run', '--resume', drained.snapshot, '--ticks', '20', '--hash-every', '1']);
    expect(resumed.code).toBe(0);
    const whole = runCli([...['run', ...town], '--agents', '150', '--seed', '4', '--ticks', String(drained.tick + 20),
      '--hash-every', '1']);
    expect(whole.code).toBe(0);
    const hashes = (out: string) => out.split('\n').filter((l) => l.startsWith('hash '));
    const tail = hashes(whole.stdout).slice(-20);
    expect(tail[0]).toMatch(new RegExp(`^hash ${drained.tick + 1} `));
    expect(hashes(resumed.stdout)).toEqual(tail);
    expect(hashes(whole.stdout)[drained.tick - 1]).toBe(`hash ${drained.tick} ${drained.world_hash}`);
  });

  it('a second signal during the drain exits 130 at once; a drain past --drain-timeout exits 1', async () => {
    // The test hook holds the drain open after its snapshot, so the second signal surely lands inside it.
    const hold = { TOWNLET_SERVE_DRAIN_HOLD_MS: '3000' };
    const s = await serve([...town, '--agents', '100', '--snapshot-dir', join(dir, 'd')], hold);
    await until(async () => (await tickOf(s)) > 2, 30_000, 'ticks');
    s.child.kill('SIGTERM');
    await until(async () => s.stderr().includes('"msg":"draining"'), 10_000, 'the drain');
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(130);
    const slow = await serve([...town, '--agents', '100', '--snapshot-dir', join(dir, 'd2'), '--drain-timeout', '1'], hold);
    await until(async () => (await tickOf(slow)) > 2, 30_000, 'ticks');
    slow.child.kill('SIGINT');
    expect(await slow.exited).toBe(1);
    expect(slow.stderr()).toContain('"msg":"drain timed out"');
  });

  it('--ticks drains and exits 0 after its last tick, with the world hash of `townlet run` (requests read mid-tick)', async () => {
    const snaps = join(dir, 'e');
    const s = await serve([...town, '--agents', '300', '--seed', '9', '--ticks', '60', '--snapshot-dir', snaps]);
    // Reads arrive while ticks yield between phases: they wait for the boundary and change nothing.
    let done = false;
    void s.exited.then(() => (done = true));
    const reads: number[] = [];
    while (!done) {
      const answers = await Promise.all(['/health', '/state', '/metrics'].map((p) => call(s.url, p).catch(() => undefined)));
      for (const a of answers) if (a) reads.push(a.status);
    }
    expect(await s.exited).toBe(0);
    expect(reads.length).toBeGreaterThan(0);
    expect(existsSync(join(snaps, 'snapshot-0000000060.tsnap'))).toBe(true);
    const line = s.stderr().split('\n').find((l) => l.includes('"msg":"drained"'))!;
    const drained = JSON.parse(line) as { tick: number; world_hash: string };
    const run = runCli([...['run', ...town], '--agents', '300', '--seed', '9', '--ticks', '60', '--hash-every', '60']);
    expect(run.code).toBe(0);
    expect(drained.tick).toBe(60);
    expect(run.stdout).toContain(`hash 60 ${drained.world_hash}`);
  });

  it('a tick that throws pauses the shard: readiness 503, health names the error, the server still answers', async () => {
    const tokens = join(dir, 'f-tokens.jsonl');
    const admin = createToken(tokens, 'admin', 'ops');
    const s = await serve([...town, '--agents', '100', '--snapshot-dir', join(dir, 'f'), '--token-file', tokens], {
      TOWNLET_SERVE_FAULT_TICK: '12',
    });
    const health = async () => (await call(s.url, '/health', 'GET', admin)).body as Record<string, unknown>;
    await until(async () => (await health())['status'] === 'faulted', 20_000, 'the fault');
    const h = await health();
    expect(h['error']).toBe('injected fault in tick 12');
    expect(h['tick']).toBe(11);
    expect((await call(s.url, '/readyz')).status).toBe(503);
    const resume = await postConsole(s.url, 'resume', admin);
    expect([resume.status, resume.body.code]).toEqual([422, 'conflict']);
    expect(resume.body.result['error']).toContain('faulted');
    const price = await postConsole(s.url, 'set_price', admin, { args: { key: 'meal_cost', value: 1 }, cmd_id: 'p' });
    expect([price.status, price.body.code]).toEqual([422, 'conflict']);
    expect((await call(s.url, '/livez')).status).toBe(200);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });

  it('bad input exits 2 before serving: a bad config, a port in use, a bad snapshot', async () => {
    const bad = runCli(['serve', '--config', 'configs/nope.yaml', '--port', '0'], 20_000);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: .*nope\.yaml/);
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const busy = runCli(['serve', ...town, '--agents', '10', '--port', String(port)], 20_000);
    blocker.close();
    expect(busy.code).toBe(2);
    expect(busy.stderr).toBe(`error: --port: expected a free port, found ${port} (in use on 127.0.0.1)\n`);
    expect(busy.stdout).toBe('');
    const noSnap = runCli(['serve', '--resume', join(dir, 'missing.tsnap'), '--port', '0'], 20_000);
    expect(noSnap.code).toBe(2);
  });
});
