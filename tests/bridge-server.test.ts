import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { tempDir, writeTemp } from './helpers/temp-files.js';

const dir = tempDir('townlet-bridge-');
const config = writeTemp(dir, 'small.yaml', 'config_id: bridge\nseed: 3\npopulation: { count: 6 }\n');

/** Starts `townlet env-server`, waits for its `listening` line and connects; returns a line-based client. */
async function startServer(socket: string) {
  const child = spawn(process.execPath, ['bin/townlet.js', 'env-server', '--config', config, '--socket', socket], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  expect(first).toBe(`listening ${socket}`);
  const conn = createConnection(socket);
  const replies = createInterface({ input: conn })[Symbol.asyncIterator]();
  const ask = async (line: string) => {
    conn.write(`${line}\n`);
    return JSON.parse((await replies.next()).value as string) as Record<string, unknown>;
  };
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, conn, ask, exited };
}

describe('townlet env-server', () => {
  it('answers bad control messages with errors and keeps serving, then stops on close', async () => {
    const socket = join(dir, 'a.sock');
    const s = await startServer(socket);
    expect(await s.ask('{"op":')).toMatchObject({ ok: false, error: { kind: 'protocol' } });
    expect(existsSync(socket)).toBe(false); // the name goes once the one client is in
    expect(await s.ask('{"op":"reset","seed":"x","id":4}')).toMatchObject({
      id: 4,
      ok: false,
      error: { kind: 'protocol', message: expect.stringContaining('control message.seed') },
    });
    expect(await s.ask('{"op":"step"}')).toMatchObject({ ok: false, error: { kind: 'state' } });
    const spec = await s.ask('{"op":"spec","id":1}');
    expect(spec).toMatchObject({ id: 1, ok: true, protocol: 1, capacity: 6 });
    expect(await s.ask('{"op":"close"}')).toEqual({ ok: true });
    expect(await s.exited).toBe(0);
    s.conn.destroy();
  });

  it('stops when its standard input closes (its parent died)', async () => {
    const s = await startServer(join(dir, 'b.sock'));
    s.child.stdin!.end();
    expect(await s.exited).toBe(0);
    s.conn.destroy();
  });

  it('refuses an existing socket path and a bad config with exit 2', () => {
    const taken = writeTemp(dir, 'taken', '');
    const r = runCli(['env-server', '--config', config, '--socket', taken]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--socket: expected a path that does not exist yet');
    const bad = writeTemp(dir, 'bad.yaml', 'config_id: x\npopulation: { count: -1 }\n');
    const r2 = runCli(['env-server', '--config', bad, '--socket', join(dir, 'c.sock')]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('population.count');
  });
});
