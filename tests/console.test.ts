import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpStatus } from '../src/console/codes.js';
import { ExitReasonCode } from '../src/core/event-kinds.js';
import type { EventRecord } from '../src/core/shard.js';
import { CONSOLE_COMMANDS } from '../src/console/registry.js';
import { createToken } from '../src/console/tokens.js';
import { verifyAudit } from '../src/console/audit-verify.js';
import { isWalkable } from '../src/world/grid.js';
import { consoleScene, type ConsoleScene } from './helpers/console-host.js';
import { tempDir } from './helpers/temp-files.js';

const dir = tempDir('townlet-console-');

/** Args each command accepts on the scene's town (employment_exit: no agent is pending there, so not_found). */
const VALID_ARGS: Record<string, unknown> = {
  set_price: { key: 'meal_cost', value: 4 },
  set_wage: { job: 'grocer', value: 2 },
  perturbation_trigger: { spec: 'spike', starts_in: 3, duration: 5 },
  employment_exit: { action: 'approve', agent: 'agent-0001' },
  debug_queues: { limit: 5 },
  kill: { agent: 'agent-3' },
  force_chat: { speaker: 'agent-4', listener: 'agent-5' },
  arrange_meet: { spec: 'meet', starts_in: 2 },
  spawn: { id: 'newcomer', needs: { hunger: 0.5 } },
  setneed: { agent: 'agent-2', needs: { hunger: 0.25, energy: 1 } },
  privacy: { mode: 'on' },
  narration_limits: { window_ticks: 30 },
};
/** The admin's expected code per command where it is not plain ok. */
const ADMIN_CODE: Record<string, string> = { employment_exit: 'not_found' };
/** Run-state commands go last, so the mutations before them apply at once on the paused shard. */
const ORDER = [...CONSOLE_COMMANDS.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
function rank(name: string): number {
  return name === 'perturbation_cancel' ? 1 : name === 'snapshot_save' ? 2 : name === 'pause' ? 3 : name === 'resume' ? 4 : 0;
}

let scene: ConsoleScene;
let revoked: string;
beforeAll(async () => {
  scene = await consoleScene(dir);
  revoked = createToken(scene.tokenFile, 'admin', 'old-admin');
  const lines = readFileSync(scene.tokenFile, 'utf8').split('\n').filter((l) => l !== '' && !l.includes('old-admin'));
  writeFileSync(scene.tokenFile, `${lines.join('\n')}\n`);
  // The ring re-reads a changed file at most every 250 ms.
  await new Promise((r) => setTimeout(r, 300));
});
afterAll(async () => {
  await scene.close();
});

const send = (command: string, token: string | undefined, body: unknown = {}) =>
  scene.console.handle({ command, token, body });
const hash = () => scene.served.shard()!.hash();

describe('console authorization matrix', () => {
  it('every command × {no token, revoked token, viewer, admin} answers the expected code', async () => {
    let n = 0;
    let triggered = -1;
    const results = new Map<string, unknown>();
    const teleport = teleportArgs();
    for (const name of ORDER) {
      const command = CONSOLE_COMMANDS.get(name)!;
      const args = name === 'perturbation_cancel' ? { id: triggered } : name === 'teleport' ? teleport : VALID_ARGS[name] ?? {};
      const body = { args, cmd_id: `matrix-${++n}` };
      for (const token of [undefined, revoked]) {
        const before = hash();
        const r = await send(name, token, body);
        expect([name, r.code, httpStatus(r)]).toEqual([name, 'unauthorized', 401]);
        expect(hash()).toBe(before);
      }
      const v = await send(name, scene.viewer, { ...body, cmd_id: `viewer-${n}` });
      if (command.role === 'admin') expect([name, v.code, httpStatus(v)]).toEqual([name, 'forbidden', 403]);
      else expect([name, v.code]).toEqual([name, 'ok']);
      const a = await send(name, scene.admin, body);
      expect([name, a.code]).toEqual([name, ADMIN_CODE[name] ?? 'ok']);
      results.set(name, a.result);
      if (name === 'perturbation_trigger') triggered = (a.result as { id: number }).id;
    }
    // perturbation_cancel found the event perturbation_trigger made; the price and wage were applied.
    const state = await scene.served.state();
    expect(state!.prices['meal_cost']).toBeCloseTo(4);
    expect(state!.wages['grocer']).toBe(2);
    expect(state!.perturbations.map((p) => p['spec'])).not.toContain('spike');
    expect((state!.counters['exits'] as Record<string, number>)['operator']).toBe(1);
    expect(results.get('setneed')).toMatchObject({ agent: 'agent-2', needs: { hunger: 0.25, energy: 1 } });
    const chat = results.get('force_chat') as { speaker_tie: { familiarity: number }; listener_tie: { familiarity: number } };
    expect(chat.speaker_tie.familiarity).toBeGreaterThan(0);
    expect(chat.listener_tie.familiarity).toBe(chat.speaker_tie.familiarity);
    expect(results.get('arrange_meet')).toMatchObject({ perturbation: { spec: 'meet', kind: 'arranged_meet', state: 'pending' } });
    expect(results.get('teleport')).toMatchObject({ agent: teleport.agent, position: [teleport.x, teleport.y] });
    expect(results.get('spawn')).toMatchObject({ agent: 'newcomer', needs: { hunger: 0.5 } });
    expect(results.get('kill')).toEqual({ applied_tick: expect.any(Number), killed: 'agent-3', reason: 'operator' });
    scene.served.runner()!.pause();
  });

  it('whoami names the token; unknown commands are unsupported (404) for a valid token', async () => {
    expect((await send('whoami', scene.viewer)).result).toEqual({ role: 'viewer', label: 'vic' });
    const r = await send('teleport_everyone', scene.admin);
    expect([r.code, httpStatus(r)]).toEqual(['unsupported', 404]);
  });
});

describe('console idempotency and queueing', () => {
  it('same cmd_id and payload: the stored result, no second effect; another payload: conflict', async () => {
    const runner = scene.served.runner()!;
    runner.pause();
    await runner.atBoundary(() => undefined);
    const body = { args: { key: 'shower_cost', value: 7 }, cmd_id: 'idem-1' };
    const first = await send('set_price', scene.admin, body);
    expect(first.code).toBe('ok');
    const version = first.state_version;
    const h = hash();
    const again = await send('set_price', scene.admin, body);
    expect(again).toEqual(first);
    expect(hash()).toBe(h);
    expect(scene.console.stateVersion).toBe(version);
    const other = await send('set_price', scene.admin, { ...body, args: { key: 'shower_cost', value: 8 } });
    expect([other.code, httpStatus(other)]).toEqual(['conflict', 422]);
    expect(hash()).toBe(h);
  });

  it('a running shard queues a mutation (202 with its tick); a repeat while queued is in_progress; it applies at that tick', async () => {
    const runner = scene.served.runner()!;
    const body = { args: { job: 'barista', value: 3 }, cmd_id: 'queued-1' };
    // The scene ticks 10 times a second: once a tick is done, a repeat sent at once finds the command still queued.
    const from = scene.served.tick();
    runner.start();
    while (scene.served.tick() === from || runner.inTick) await new Promise((r) => setTimeout(r, 1));
    const accepted = await send('set_wage', scene.admin, body);
    expect(httpStatus(accepted)).toBe(202);
    const applyTick = (accepted.result as { apply_tick: number }).apply_tick;
    expect(applyTick).toBe(accepted.tick + 1);
    const repeat = await send('set_wage', scene.admin, body);
    expect([repeat.code, httpStatus(repeat)]).toEqual(['in_progress', 409]);
    const end = Date.now() + 5000;
    while (scene.served.tick() < applyTick && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    runner.pause();
    await runner.atBoundary(() => undefined);
    const done = await send('set_wage', scene.admin, body);
    expect(done.code).toBe('ok');
    expect(done.result).toMatchObject({ applied_tick: applyTick, job: 'barista', wage: 3 });
    expect((await scene.served.state())!.wages['barista']).toBe(3);
  });

  it('a kill applied inside a tick (its drain point) writes its agent_exit event into that tick\'s events', async () => {
    const runner = scene.served.runner()!;
    const exits = new Map<number, EventRecord[]>();
    runner.onTick((tick) => {
      exits.set(tick, runner.shard.eventRecords().filter((e) => e.kind === 'agent_exit' && e.other === ExitReasonCode.operator));
    });
    const s = runner.shard.state;
    let eid = 1;
    while (s.life.alive[eid] !== 1) eid++;
    const victim = s.agentIds.get(eid);
    runner.start();
    // wait: true answers once the command applied (or was refused where it applies).
    const r = await send('kill', scene.admin, { args: { agent: victim }, cmd_id: 'kill-event', wait: true });
    expect([r.code, httpStatus(r)]).toEqual(['ok', 200]);
    const applied = (r.result as { applied_tick: number }).applied_tick;
    const end = Date.now() + 5000;
    while (!exits.has(applied) && Date.now() < end) await new Promise((res) => setTimeout(res, 5));
    runner.pause();
    await runner.atBoundary(() => undefined);
    expect(exits.get(applied)).toEqual([expect.objectContaining({ kind: 'agent_exit', tick: applied, other: ExitReasonCode.operator })]);
    for (const [tick, list] of exits) if (tick !== applied) expect(list, `tick ${tick}`).toEqual([]);
    // The repeat returns the stored result: the agent is gone once, not twice.
    expect(await send('kill', scene.admin, { args: { agent: victim }, cmd_id: 'kill-event' })).toEqual(r);
  });

  it('destructive commands need a cmd_id (usage); dry_run checks without an effect', async () => {
    const h = hash();
    const r = await send('set_price', scene.admin, { args: { key: 'meal_cost', value: 1 } });
    expect([r.code, httpStatus(r)]).toEqual(['usage', 400]);
    const dry = await send('set_price', scene.admin, { args: { key: 'meal_cost', value: 1 }, dry_run: true });
    expect(dry.code).toBe('ok');
    expect(dry.result).toMatchObject({ dry_run: true, valid: true });
    const dryBad = await send('set_price', scene.admin, { args: { key: 'gold', value: 1 }, dry_run: true });
    expect(dryBad.code).toBe('not_found');
    expect(hash()).toBe(h);
  });
});

describe('console audit log', () => {
  it('writes one chained line per command; its head is in audit_head and /health', async () => {
    const head = (await send('audit_head', scene.viewer)).result as { audit_head: string };
    const files = auditFiles();
    const verified = verifyAudit(files);
    // audit_head answers the head before its own line: that line's prev.
    expect(verified).toEqual({ ok: true, lines: expect.any(Number), head: scene.console.auditHead });
    const health = (await scene.served.health()) as { audit_head: string };
    expect(health.audit_head).toBe(scene.console.auditHead);
    const last = JSON.parse(readFileSync(files.at(-1)!, 'utf8').trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(last).toMatchObject({ command: 'audit_head', label: 'vic', role: 'viewer', code: 'ok', status: 200, prev: head.audit_head });
    expect(Object.keys(last).sort()).toEqual(
      ['args_digest', 'cmd_id', 'code', 'command', 'hash', 'label', 'prev', 'role', 'seq', 'status', 'tick', 'time'],
    );
  });
});

/** An idle live agent and a walkable tile of the scene's map, for teleport. */
function teleportArgs(): { agent: string; x: number; y: number } {
  const s = scene.served.shard()!.state;
  let eid = 1;
  const busy = (e: number) => s.activity.affordance[e]! >= 0 || s.queues.holds[e]! >= 0 || s.queues.waitingFor[e]! >= 0;
  // agent-3 is killed before the teleport runs.
  while (s.life.alive[eid] !== 1 || busy(eid) || s.agentIds.get(eid) === 'agent-3') eid++;
  for (let y = 0; y < s.grid.height; y++) {
    for (let x = 0; x < s.grid.width; x++) {
      const elsewhere = x !== s.positions.x[eid] || y !== s.positions.y[eid];
      if (isWalkable(s.grid, x, y) && elsewhere) return { agent: s.agentIds.get(eid), x, y };
    }
  }
  throw new Error('no walkable tile');
}

function auditFiles(): string[] {
  return readdirSync(scene.auditDir).sort().map((f) => join(scene.auditDir, f));
}

describe('docs/CONSOLE.md', () => {
  it('lists every command of the registry with its role and destructive flag', () => {
    const doc = readFileSync('docs/CONSOLE.md', 'utf8');
    for (const c of CONSOLE_COMMANDS.values()) {
      expect(doc, c.name).toContain(`| \`${c.name}\` | ${c.role} | ${c.destructive ? 'yes' : 'no'} |`);
    }
  });
});
