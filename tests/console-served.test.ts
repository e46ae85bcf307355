import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../src/snapshots/reader.js';
import { postConsole, runCliAsync } from './helpers/console-cli.js';
import { type Served, startServe, until } from './helpers/served.js';
import { tempDir } from './helpers/temp-files.js';

const dir = tempDir('townlet-console-served-');
const tokens = join(dir, 'tokens.jsonl');
const audit = join(dir, 'audit');
const snaps = join(dir, 'snaps');
const running: Served[] = [];
afterAll(() => {
  for (const s of running) s.child.kill('SIGKILL');
});

async function serve(args: string[]): Promise<Served> {
  const s = await startServe(['--token-file', tokens, '--audit-dir', audit, '--snapshot-dir', snaps, '--tick-rate', '20', ...args]);
  running.push(s);
  return s;
}

async function newToken(role: string, label: string): Promise<string> {
  const r = await runCliAsync(['token', 'create', '--role', role, '--label', label, '--token-file', tokens]);
  expect(r.code).toBe(0);
  return r.stdout.trim();
}

const get = async (url: string, path: string, token?: string) =>
  (await fetch(`${url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {})).status;

describe('the console of a served shard', () => {
  it('tokens, the CLI client, rotation, WebSocket, and idempotency across a snapshot and a resume', async () => {
    const admin = await newToken('admin', 'alice');
    const viewer = await newToken('viewer', 'vic');
    expect(admin).toMatch(/^tlt_/);
    const file = readFileSync(tokens, 'utf8');
    expect(file).not.toContain(admin);
    expect(file).toContain('"label":"alice"');
    expect((await runCliAsync(['token', 'create', '--role', 'root', '--label', 'x', '--token-file', tokens])).code).toBe(2);

    const s = await serve(['--config', 'configs/town.yaml', '--agents', '150']);
    const url = s.url;
    await until(async () => (await get(url, '/readyz')) === 200, 20_000, 'ready');
    // Without a token only the probes and the metrics answer.
    expect([await get(url, '/livez'), await get(url, '/readyz'), await get(url, '/metrics')]).toEqual([200, 200, 200]);
    expect([await get(url, '/health'), await get(url, '/state'), await get(url, '/openapi.json')]).toEqual([401, 401, 401]);
    expect(await get(url, '/health', viewer)).toBe(200);
    expect((await postConsole(url, 'whoami', undefined)).status).toBe(401);

    // The CLI client: exit 0 applied or accepted, 2 refused or bad input, 1 unreachable.
    const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCliAsync(['console', '--url', url, ...args], env);
    const who = await cli(['whoami', '--json'], { TOWNLET_TOKEN: viewer });
    expect(who.code).toBe(0);
    expect(JSON.parse(who.stdout)).toMatchObject({ ok: true, code: 'ok', result: { role: 'viewer', label: 'vic' } });
    const refused = await cli(['set_price', '--token', viewer, '--args', '{"key":"meal_cost","value":3}', '--cmd-id', 'v-1']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('forbidden (403)');
    expect((await cli(['set_price', '--token', admin, '--args', '{"key":"meal_cost","value":3}'])).stderr).toContain('usage (400)');
    expect((await cli(['set_price', '--token', admin, '--args', '{oops'])).code).toBe(2);
    const accepted = await cli(['set_price', '--token', admin, '--args', '{"key":"meal_cost","value":3}', '--cmd-id', 'keep-1', '--json']);
    expect(accepted.code).toBe(0);
    const a = JSON.parse(accepted.stdout) as { result: { accepted: boolean; apply_tick: number }; tick: number };
    // The next drain point: tick + 1, or tick + 2 while the tick in flight is past its drain point (the front-desk
    // thread answers while the tick thread computes).
    expect(a.result.accepted).toBe(true);
    expect([a.tick + 1, a.tick + 2]).toContain(a.result.apply_tick);
    expect((await runCliAsync(['console', '--url', 'http://127.0.0.1:9', 'whoami', '--token', admin])).code).toBe(1);

    // Rotation: a new token works at once; the old one is refused within a second of leaving the file.
    const next = await newToken('admin', 'alice-2');
    await until(async () => (await postConsole(url, 'whoami', next)).status === 200, 1_000, 'the new token');
    writeFileSync(tokens, readFileSync(tokens, 'utf8').split('\n').filter((l) => !l.includes('"alice"')).join('\n'));
    const cut = Date.now();
    await until(async () => (await postConsole(url, 'whoami', admin)).status === 401, 1_000, 'the old token refused');
    expect(Date.now() - cut).toBeLessThan(1_000);

    // WebSocket: the same commands and answers, in order; a connection without a valid token is closed.
    const answers = await wsExchange(url, next, [
      { id: 1, command: 'whoami' },
      { id: 2, command: 'set_price', args: { key: 'meal_cost', value: 3 }, cmd_id: 'keep-1' },
      { id: 3, command: 'set_price', args: { key: 'meal_cost', value: 5 }, cmd_id: 'keep-1' },
      { id: 4, command: 'teleport_all' },
    ]);
    expect(answers.map((m) => [m['id'], m['status'], m['code']])).toEqual([[1, 200, 'ok'], [2, 200, 'ok'], [3, 422, 'conflict'], [4, 404, 'unsupported']]);
    const stored = answers[1]!;
    expect(stored['result']).toMatchObject({ key: 'meal_cost', price: 3, applied_tick: a.result.apply_tick });
    expect(await wsRefused(url, admin)).toBe(4401);

    // Pause, snapshot, stop; resume from the snapshot: the cmd_id keeps its result and acts no second time.
    expect((await postConsole(url, 'pause', next)).body.result['status']).toBe('paused');
    const saved = (await postConsole(url, 'snapshot_save', next)).body;
    const snapPath = (saved.result['snapshot'] as { path: string }).path;
    const head = ((await postConsole(url, 'audit_head', viewer)).body.result)['audit_head'];
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    const extra = readSnapshot(snapPath).header.extra['console'] as { audit: { head: string }; state_version: number };
    expect(extra.audit.head).toMatch(/^[0-9a-f]{64}$/);

    const r = await serve(['--resume', snapPath]);
    await until(async () => (await get(r.url, '/readyz')) === 200, 20_000, 'ready after resume');
    const repeat = await postConsole(r.url, 'set_price', next, { args: { key: 'meal_cost', value: 3 }, cmd_id: 'keep-1' });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual(withoutWs(stored));
    const version = (await postConsole(r.url, 'whoami', viewer)).body.state_version;
    expect(version).toBe(extra.state_version + 1);
    expect(head).toMatch(/^[0-9a-f]{64}$/);
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);

    // One audit chain across both processes and the day's file: it verifies, and its head is the last line's.
    const files = readdirSync(audit).sort().map((f) => join(audit, f));
    const verified = await runCliAsync(['audit', 'verify', ...files]);
    expect(verified.code).toBe(0);
    const lines = files.flatMap((f) => readFileSync(f, 'utf8').trim().split('\n'));
    expect(lines.some((l) => l.includes('"label":"vic"') && l.includes('"code":"forbidden"'))).toBe(true);
    expect(lines.some((l) => l.includes('"code":"unauthorized"'))).toBe(true);
  });
});

function withoutWs(m: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, status: _status, ...rest } = m;
  return rest;
}

async function wsExchange(url: string, token: string, messages: object[]): Promise<Record<string, unknown>[]> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/console`, { headers: { authorization: `Bearer ${token}` } });
  const out: Record<string, unknown>[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('open', () => {
      for (const m of messages) ws.send(JSON.stringify(m));
    });
    ws.on('message', (data) => {
      out.push(JSON.parse(data.toString()) as Record<string, unknown>);
      if (out.length === messages.length) resolve();
    });
  });
  ws.close();
  return out;
}

function wsRefused(url: string, token: string): Promise<number> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/console`, { headers: { authorization: `Bearer ${token}` } });
  return new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.on('close', (code) => resolve(code));
  });
}
