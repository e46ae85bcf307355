import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { telemetryPayload } from '../src/telemetry/payload-schemas.js';
import { runCliAsync } from './helpers/console-cli.js';
import { type Served, startServe } from './helpers/served.js';
import { tempDir } from './helpers/temp-files.js';

const dir = tempDir('townlet-telemetry-tail-');
const running: Served[] = [];

afterAll(() => {
  for (const s of running) s.child.kill('SIGKILL');
});

/** A loopback port free a moment ago (tail listens on it). */
function freePort(): Promise<number> {
  const server = createServer();
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    }),
  );
}

describe('townlet telemetry tail', () => {
  it('tcp:HOST:PORT listens for a running shard and prints its payloads, a snapshot first', async () => {
    const port = await freePort();
    const tail = runCliAsync(['telemetry', 'tail', `tcp:127.0.0.1:${port}`, '--json', '--count', '12']);
    // The shard reconnects with backoff until tail listens.
    const run = await runCliAsync(['run', '--config', 'configs/town.yaml', '--agents', '20', '--ticks', '200', '--quiet',
      '--telemetry', `tcp:127.0.0.1:${port}`]);
    expect(run.code).toBe(0);
    const r = await tail;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`listening on tcp:127.0.0.1:${port}`);
    const payloads = r.stdout.trim().split('\n').map((l) => telemetryPayload.parse(JSON.parse(l)));
    expect(payloads).toHaveLength(12);
    expect(payloads[0]).toMatchObject({ payload_type: 'snapshot' });
    expect(Object.keys((payloads[0] as { agents: object }).agents)).toHaveLength(20);
    const states = payloads.filter((p) => p.payload_type !== 'events');
    for (let i = 1; i < states.length; i++) expect(states[i]!.tick).toBe(states[i - 1]!.tick + 1);
  }, 60_000);

  it('ws://…/telemetry follows a served shard (with its token) and prints one line per payload and event', async () => {
    const tokens = join(dir, 'tokens.jsonl');
    const created = await runCliAsync(['token', 'create', '--role', 'viewer', '--label', 'tail', '--token-file', tokens]);
    const token = created.stdout.trim();
    const s = await startServe(['--config', 'configs/town.yaml', '--agents', '25', '--tick-rate', '30', '--token-file', tokens,
      '--snapshot-dir', join(dir, 'snaps')]);
    running.push(s);
    const url = `${s.url.replace('http', 'ws')}/telemetry`;
    const refused = await runCliAsync(['telemetry', 'tail', url, '--count', '1']);
    expect(refused.stdout).toBe('');
    const r = await runCliAsync(['telemetry', 'tail', url, '--count', '6'], { TOWNLET_TOKEN: token });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^tick \d+ snapshot: 25 agents/);
    expect(lines.slice(1).some((l) => /^tick \d+ diff: /.test(l))).toBe(true);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 60_000);
});
