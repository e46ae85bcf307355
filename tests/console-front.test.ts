import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliAsync } from './helpers/console-cli.js';
import { type Served, startServe, until } from './helpers/served.js';
import { tempDir } from './helpers/temp-files.js';

// The front-desk thread (docs/CONSOLE.md, "Acceptance"): queued mutations answered 202 off the tick thread, the
// tick thread recording and applying them; every other request forwarded to it.

const dir = tempDir('townlet-console-front-');
const tokens = join(dir, 'tokens.jsonl');
const running: Served[] = [];
afterAll(() => {
  for (const s of running) s.child.kill('SIGKILL');
});

async function serve(name: string, args: string[]): Promise<Served> {
  await adminToken();
  const s = await startServe(['--token-file', tokens, '--audit-dir', join(dir, `audit-${name}`), '--snapshot-dir', join(dir, `snaps-${name}`), ...args]);
  running.push(s);
  await until(async () => (await fetch(`${s.url}/readyz`)).status === 200, 20_000, 'ready');
  return s;
}

let admin = '';
async function adminToken(): Promise<string> {
  if (admin !== '') return admin;
  const r = await runCliAsync(['token', 'create', '--role', 'admin', '--label', 'front', '--token-file', tokens]);
  expect(r.code).toBe(0);
  admin = r.stdout.trim();
  return admin;
}

interface Answer {
  status: number;
  body: { ok: boolean; code: string; result: Record<string, unknown>; tick: number; state_version: number };
  /** Answered by the front-desk thread (its Server-Timing says so). */
  front: boolean;
}

async function post(url: string, command: string, body: unknown = {}): Promise<Answer> {
  const r = await fetch(`${url}/console/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'authorization': `Bearer ${await adminToken()}` },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Answer['body'], front: (r.headers.get('server-timing') ?? '').includes('desc="front"') };
}

const price = (id: string, value: number, wait = false) => ({ args: { key: 'meal_cost', value }, cmd_id: id, ...(wait ? { wait } : {}) });

/** Repeats an accepted request until its cmd_id has a result (200); returns it. */
async function settled(url: string, id: string, value: number): Promise<Answer> {
  let last: Answer | undefined;
  await until(async () => {
    last = await post(url, 'set_price', price(id, value));
    return last.status !== 409;
  }, 10_000, `the result of ${id}`);
  return last!;
}

function auditLines(auditDir: string): { files: string[]; lines: Record<string, unknown>[] } {
  const files = readdirSync(auditDir).sort().map((f) => join(auditDir, f));
  const lines = files.flatMap((f) => readFileSync(f, 'utf8').trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>));
  return { files, lines };
}

describe('the front-desk thread of a served shard', () => {
  it('answers a queued mutation 202 itself; it applies at exactly its apply_tick; refusals and reads come from the tick thread', async () => {
    const s = await serve('exact', ['--config', 'configs/town.yaml', '--agents', '150', '--tick-rate', '20']);
    for (let i = 0; i < 6; i++) {
      const value = 2 + i;
      const a = await post(s.url, 'set_price', price(`exact-${i}`, value));
      expect(a.status).toBe(202);
      expect(a.front).toBe(true);
      expect(a.body).toMatchObject({ ok: true, code: 'ok', result: { accepted: true } });
      const applyTick = a.body.result['apply_tick'] as number;
      // The next tick's drain point; tick + 2 when the tick in flight had passed its drain point (its clock then
      // reads tick + 1 while the last whole tick is still `tick`).
      expect([a.body.tick + 1, a.body.tick + 2]).toContain(applyTick);
      const done = await settled(s.url, `exact-${i}`, value);
      expect(done.status).toBe(200);
      expect(done.body.result).toMatchObject({ key: 'meal_cost', value, applied_tick: applyTick });
      const state = (await (await fetch(`${s.url}/state`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { prices: Record<string, number> };
      expect(state.prices['meal_cost']).toBe(value);
    }
    // What the front cannot answer for certain goes to the tick thread, which answers as before.
    const unknownKey = await post(s.url, 'set_price', { args: { key: 'caviar', value: 1 }, cmd_id: 'x-1' });
    expect([unknownKey.status, unknownKey.body.code, unknownKey.front]).toEqual([404, 'not_found', false]);
    const noId = await post(s.url, 'set_price', { args: { key: 'meal_cost', value: 1 } });
    expect([noId.status, noId.body.code, noId.front]).toEqual([400, 'usage', false]);
    const dry = await post(s.url, 'set_price', { ...price('dry-1', 1), dry_run: true });
    expect([dry.status, dry.body.result['valid'], dry.front]).toEqual([200, true, false]);
    const waited = await post(s.url, 'set_price', price('wait-1', 9, true));
    expect([waited.status, waited.body.result['price'], waited.front]).toEqual([200, 9, false]);
    // The same cmd_id with another payload: a conflict, from the tick thread.
    const conflict = await post(s.url, 'set_price', price('exact-0', 99));
    expect([conflict.status, conflict.body.code, conflict.front]).toEqual([422, 'conflict', false]);
    // A paused shard applies at once (tick thread); resumed, the front accepts again.
    expect((await post(s.url, 'pause')).status).toBe(200);
    const paused = await post(s.url, 'set_price', price('paused-1', 4));
    expect([paused.status, paused.front]).toEqual([200, false]);
    expect(paused.body.result['applied_tick']).toBe(paused.body.tick);
    expect((await post(s.url, 'resume')).status).toBe(200);
    expect((await post(s.url, 'set_price', price('resumed-1', 5))).front).toBe(true);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    const { files } = auditLines(join(dir, 'audit-exact'));
    expect((await runCliAsync(['audit', 'verify', ...files])).code).toBe(0);
  });

  it('concurrent requests reusing cmd_ids (generated, with pauses and resumes): each cmd_id acts once, conflicts are refused, one audit line per answer', async () => {
    const s = await serve('dupes', ['--config', 'configs/town.yaml', '--agents', '150', '--tick-rate', '50']);
    let sent = 0;
    let fromFront = 0;
    const call = async (command: string, body: unknown = {}) => {
      sent++;
      const a = await post(s.url, command, body);
      if (a.front) fromFront++;
      return a;
    };
    const op = fc.oneof(
      { weight: 8, arbitrary: fc.record({ kind: fc.constant('post' as const), id: fc.integer({ min: 0, max: 3 }), value: fc.integer({ min: 1, max: 2 }), wait: fc.integer({ min: 0, max: 4 }).map((n) => n === 0), delay: fc.integer({ min: 0, max: 4 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('pause' as const, 'resume' as const), delay: fc.integer({ min: 0, max: 4 }) }) },
    );
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        round++;
        const before = (await call('whoami')).body.state_version;
        const answers = await Promise.all(ops.map(async (o) => {
          await new Promise((r) => setTimeout(r, o.delay));
          if (o.kind !== 'post') return { o, a: await call(o.kind) };
          return { o, a: await call('set_price', price(`r${round}-${o.id}`, o.value, o.wait)) };
        }));
        // Settle: running again, then every cmd_id that won has its result.
        if ((await call('resume')).status !== 200) throw new Error('resume refused');
        let controls = 1;
        const winners = new Map<number, number>();
        for (const { o, a } of answers) {
          if (o.kind !== 'post') {
            expect(a.status).toBe(200);
            controls++;
            continue;
          }
          expect([200, 202, 409, 422]).toContain(a.status);
          if (a.status === 200 || a.status === 202) {
            const won = winners.get(o.id);
            // Every success of one cmd_id carries the same payload.
            if (won !== undefined) expect(o.value).toBe(won);
            winners.set(o.id, o.value);
          }
        }
        for (const { o, a } of answers) {
          if (o.kind !== 'post') continue;
          const won = winners.get(o.id);
          // Someone always wins a cmd_id; a conflict has the other payload, anything else the winner's.
          expect(won).toBeDefined();
          if (a.status === 422) expect(o.value).not.toBe(won);
          else expect(o.value).toBe(won);
        }
        for (const [id, value] of winners) {
          sent++;
          const done = await settled(s.url, `r${round}-${id}`, value);
          expect(done.status).toBe(200);
        }
        const after = (await call('whoami')).body.state_version;
        // Each cmd_id acted exactly once (a set_price always applies), each pause or resume bumped once.
        expect(after - before).toBe(winners.size + controls);
      }),
      { numRuns: 12 },
    );
    expect(fromFront).toBeGreaterThan(0);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    const { files, lines } = auditLines(join(dir, 'audit-dupes'));
    expect((await runCliAsync(['audit', 'verify', ...files])).code).toBe(0);
    // `settled` may repeat a request more than once: count what the server answered, by the lines' own sequence.
    expect(lines.length).toBeGreaterThanOrEqual(sent);
    expect(lines.map((l) => l['seq'])).toEqual(lines.map((_l, i) => i + 1));
  });

  it('a drain while acceptances stream in keeps every one answered 202: after a resume each applies at its apply_tick', async () => {
    const s = await serve('drain', ['--config', 'configs/town.yaml', '--agents', '150', '--tick-rate', '50']);
    const accepted = new Map<string, { value: number; applyTick: number }>();
    let stop = false;
    const stream = async (lane: number) => {
      for (let i = 0; !stop; i++) {
        const id = `d${lane}-${i}`;
        const value = 1 + ((lane + i) % 7);
        const a = await post(s.url, 'set_price', price(id, value)).catch(() => undefined);
        if (!a) return;
        if (a.status === 202) accepted.set(id, { value, applyTick: a.body.result['apply_tick'] as number });
      }
    };
    const lanes = [0, 1, 2, 3].map(stream);
    await until(async () => accepted.size >= 40, 20_000, '40 acceptances');
    s.child.kill('SIGTERM');
    const code = await s.exited;
    stop = true;
    await Promise.all(lanes);
    expect(code).toBe(0);
    const snapshot = /"snapshot":"([^"]+)"/.exec(s.stderr())?.[1];
    expect(snapshot).toBeDefined();

    const r = await serve('drain', ['--resume', snapshot!, '--tick-rate', '50']);
    for (const [id, { value, applyTick }] of accepted) {
      const done = await settled(r.url, id, value);
      expect([id, done.status]).toEqual([id, 200]);
      expect([id, done.body.result['applied_tick']]).toEqual([id, applyTick]);
    }
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
    const { files, lines } = auditLines(join(dir, 'audit-drain'));
    const verified = await runCliAsync(['audit', 'verify', ...files]);
    expect([verified.code, verified.stderr]).toEqual([0, '']);
    const lined = new Set(lines.filter((l) => l['status'] === 202).map((l) => l['cmd_id']));
    for (const id of accepted.keys()) expect(lined.has(id)).toBe(true);
  });

  it('--no-front-thread serves on the ticking thread alone, as before', async () => {
    const s = await serve('single', ['--config', 'configs/town.yaml', '--agents', '150', '--tick-rate', '20', '--no-front-thread']);
    const a = await post(s.url, 'set_price', price('single-1', 3));
    expect([a.status, a.front]).toEqual([202, false]);
    expect((await settled(s.url, 'single-1', 3)).body.result['applied_tick']).toBe(a.body.result['apply_tick']);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });
});
