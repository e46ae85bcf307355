import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { snapshotPayload, type TelemetryPayload } from '../src/telemetry/payload-schemas.js';
import { postConsole, runCliAsync } from './helpers/console-cli.js';
import { type Served, startServe, until } from './helpers/served.js';
import { tempDir } from './helpers/temp-files.js';

const dir = tempDir('townlet-telemetry-console-');
const tokens = join(dir, 'tokens.jsonl');
const narration = join(dir, 'narration.log');
const running: Served[] = [];

afterAll(() => {
  for (const s of running) s.child.kill('SIGKILL');
});

async function newToken(role: string, label: string): Promise<string> {
  const r = await runCliAsync(['token', 'create', '--role', role, '--label', label, '--token-file', tokens]);
  expect(r.code).toBe(0);
  return r.stdout.trim();
}

/** Lines the narration throttle lets through only within its limits (every kind that is not a priority item). */
const ORDINARY = /moved into town|lost their turn|is late for work|missed a shift|ended$|a price changed|chatted|chat went wrong|shared a meal|rivalry moved/;

describe('telemetry console commands', () => {
  it('privacy, telemetry_snapshot and narration_limits: roles, cmd_ids, and their effect on the WebSocket stream', async () => {
    const admin = await newToken('admin', 'ops');
    const viewer = await newToken('viewer', 'watch');
    const config = join(dir, 'narrating.yaml');
    const town = readFileSync('configs/town.yaml', 'utf8').replace(
      'manifest: affordances/core.yaml',
      `manifest: ${resolve('configs/affordances/core.yaml')}`,
    );
    writeFileSync(config, `${town}\ntelemetry:\n  narration:\n    target: file:${narration}\n    dedupe_ticks: 0\n`);
    const s = await startServe(['--config', config, '--agents', '40', '--tick-rate', '40', '--token-file', tokens,
      '--audit-dir', join(dir, 'audit'), '--snapshot-dir', join(dir, 'snaps')]);
    running.push(s);
    const got: TelemetryPayload[] = [];
    const ws = new WebSocket(`${s.url.replace('http', 'ws')}/telemetry`, { headers: { authorization: `Bearer ${viewer}` } });
    ws.on('message', (m) => got.push(JSON.parse(String(m)) as TelemetryPayload));
    await until(async () => got.length >= 6, 20_000, 'WebSocket payloads');
    expect(got[0]).toMatchObject({ payload_type: 'snapshot', privacy: false });

    // Viewers read but do not switch; destructive commands need a cmd_id; args are checked.
    expect((await postConsole(s.url, 'privacy', viewer, { args: { mode: 'on' }, cmd_id: 'p-v' })).body.code).toBe('forbidden');
    expect((await postConsole(s.url, 'narration_limits', viewer, { args: { window_ticks: 5 }, cmd_id: 'n-v' })).status).toBe(403);
    expect((await postConsole(s.url, 'privacy', admin, { args: { mode: 'on' } })).body.code).toBe('usage');
    expect((await postConsole(s.url, 'privacy', admin, { args: { mode: 'yes' }, cmd_id: 'p-bad' })).body.code).toBe('invalid_args');
    expect((await postConsole(s.url, 'narration_limits', admin, { args: {}, cmd_id: 'n-0' })).body.code).toBe('invalid_args');
    expect((await postConsole(s.url, 'narration_limits', admin, { args: { window_ticks: 0 }, cmd_id: 'n-1' })).body.code)
      .toBe('invalid_args');
    const plain = await postConsole(s.url, 'telemetry_snapshot', viewer);
    expect(plain.status).toBe(200);
    const before = snapshotPayload.parse(plain.body.result);
    expect(before.privacy).toBe(false);
    expect(Object.keys(before.agents)).toContain('agent-1');
    expect(before.agents['agent-1']!.slot).toBe(1);

    // Privacy on: the next payload of the WebSocket consumer is a snapshot in privacy mode; no clear id after it.
    const on = await postConsole(s.url, 'privacy', admin, { args: { mode: 'on' }, cmd_id: 'p-1' });
    expect(on.status).toBe(200);
    expect(on.body.result).toEqual({ privacy: 'on', effective: 'next payload (a full snapshot)' });
    const switchedAt = got.length;
    await until(async () => got.slice(switchedAt).some((p) => p.payload_type === 'snapshot' && p.privacy), 20_000, 'privacy');
    const at = got.findIndex((p, i) => i >= switchedAt && p.payload_type === 'snapshot');
    expect(got[at]).toMatchObject({ privacy: true });
    expect(got.slice(switchedAt, at).every((p) => p.payload_type !== 'snapshot')).toBe(true);
    await until(async () => got.length > at + 20, 20_000, 'payloads after the switch');
    const after = JSON.stringify(got.slice(at));
    expect(after).not.toMatch(/agent-\d+/);
    expect(after).not.toMatch(/"slot":/);
    // The same command again is the stored answer, not a second switch.
    expect((await postConsole(s.url, 'privacy', admin, { args: { mode: 'on' }, cmd_id: 'p-1' })).body.result).toEqual(on.body.result);

    const hidden = snapshotPayload.parse((await postConsole(s.url, 'telemetry_snapshot', viewer)).body.result);
    expect(hidden.privacy).toBe(true);
    expect(Object.keys(hidden.agents)).toHaveLength(Object.keys(before.agents).length);
    for (const [id, agent] of Object.entries(hidden.agents)) {
      expect(id).toMatch(/^a-[0-9a-f]{12}$/);
      expect(agent.slot).toBeUndefined();
    }
    // The stream's and the command's hashes agree (one salt per shard process).
    const streamed = got[at] as { agents: Record<string, unknown> };
    expect(Object.keys(hidden.agents).filter((id) => id in streamed.agents).length).toBeGreaterThan(30);

    // Narration: with no budget for ordinary lines, only priority lines are told from the next tick on.
    await until(async () => ORDINARY.test(readText(narration)), 20_000, 'an ordinary narration line');
    const limited = await postConsole(s.url, 'narration_limits', admin, {
      args: { global_per_window: 0, category_per_window: 0 },
      cmd_id: 'n-2',
    });
    expect(limited.status).toBe(200);
    expect(limited.body.result).toEqual({
      narration: { global_per_window: 0, category_per_window: 0, window_ticks: 60, dedupe_ticks: 0 },
    });
    const from = limited.body.tick;
    await until(async () => got.at(-1)!.tick > from + 40, 20_000, 'forty more ticks');
    const later = readText(narration)
      .split('\n')
      .filter((l) => Number(/^\[tick (\d+)\]/.exec(l)?.[1] ?? 0) > from);
    for (const line of later) expect(line).not.toMatch(ORDINARY);

    ws.close();
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 90_000);
});

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
